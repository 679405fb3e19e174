/** The situations that decide a settings endpoint's outcome, as fast-check arbitraries. */
import fc from 'fast-check';
import type { ClientProfile, CsrfSituation, Encoding, FlowType, ReturnToSituation, SessionSituation, SubmitMethod } from './oracle.js';

export const BROWSER_NAVIGATION: ClientProfile = {
  label: 'browser navigation',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  acceptEncoding: 'gzip, deflate, br',
};
export const JSON_CLIENT: ClientProfile = { label: 'JSON client', accept: 'application/json' };
export const NO_ACCEPT: ClientProfile = { label: 'no Accept header' };
export const ANY_ACCEPT: ClientProfile = { label: 'Accept */*', accept: '*/*' };
export const AXIOS: ClientProfile = {
  label: 'axios',
  accept: 'application/json, text/plain, */*',
  acceptEncoding: 'gzip, compress, deflate, br',
};

export const CLIENTS: readonly ClientProfile[] = [BROWSER_NAVIGATION, JSON_CLIENT, NO_ACCEPT, ANY_ACCEPT, AXIOS];

export const clientArbitrary = fc.constantFrom(...CLIENTS);

export type InvalidSession = Extract<SessionSituation, 'none' | 'garbage-token' | 'garbage-cookie' | 'revoked'>;

/** Sessions that are not valid; `revoked` only where the target let the suite delete an identity. */
export function invalidSessionArbitrary(revokedAvailable: boolean): fc.Arbitrary<InvalidSession> {
  return fc.constantFrom<InvalidSession>('none', 'garbage-token', 'garbage-cookie', ...(revokedAvailable ? ['revoked' as const] : []));
}

/** A token or cookie value no target issued. */
export const garbageCredentialArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{16,48}$/);

export const returnToArbitrary = fc.constantFrom<ReturnToSituation>('none', 'allowed', 'forbidden', 'unparsable');

export const MALFORMED_FLOW_IDS = ['not-a-uuid', '12345', 'ffffffff-ffff-ffff-ffff', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'] as const;
export const malformedFlowIdArbitrary = fc.constantFrom(...MALFORMED_FLOW_IDS);
export const unknownFlowIdArbitrary = fc.uuid({ version: 4 });

export const flowTypeArbitrary = fc.constantFrom<FlowType>('api', 'browser');
export const transportArbitrary = fc.constantFrom<'cookie' | 'token'>('cookie', 'token');
export const encodingArbitrary = fc.constantFrom<Encoding>('json', 'json-charset', 'form');
export const csrfArbitrary = fc.constantFrom<CsrfSituation>('valid', 'wrong', 'missing');
export const inputArbitrary = fc.constantFrom<'valid' | 'invalid'>('valid', 'invalid');

export function methodArbitrary(available: readonly SubmitMethod[]): fc.Arbitrary<SubmitMethod> {
  return fc.constantFrom(...available);
}

/** The forbidden and unparsable return_to values; `allowed` is built from the target's public URL (always allow-listed). */
export const FORBIDDEN_RETURN_TO = 'https://forbidden.conformance.invalid/after-settings';
export const UNPARSABLE_RETURN_TO = 'http://[::1';

/**
 * A return_to on the submit URL: allowed (under the target's /self-service, always allow-listed) but not the flow's,
 * so a success that goes there read it from the wrong request. Kratos takes it from the flow's request_url; a
 * forbidden one could fail the submit when a verification flow is started from it.
 */
export function submitUrlReturnTo(publicBaseUrl: string): string {
  return `${publicBaseUrl}/self-service/conformance-submit-url`;
}

export function returnToValue(situation: ReturnToSituation, publicBaseUrl: string): string | undefined {
  switch (situation) {
    case 'none':
      return undefined;
    case 'allowed':
      return `${publicBaseUrl}/self-service/settings/browser`;
    case 'forbidden':
      return FORBIDDEN_RETURN_TO;
    case 'unparsable':
      return UNPARSABLE_RETURN_TO;
  }
}
