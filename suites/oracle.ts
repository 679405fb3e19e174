/**
 * The expected outcome of a request, from the requirements and the endpoint tables of
 * docs/kratos-behavior.md (#browser-init, #api-init, #get-flow, #submit, #flow-error-dispatch).
 * Where docs and Kratos disagree, both outcomes are listed (the suite must never fail real Kratos).
 */
import type { SettingsOperationId } from '../spec/operations.js';
import { isJsonClient, prefersJsonFlow } from './negotiation.js';
import type { RequirementId } from './requirements.js';

/** Where a redirect should point. Targets configure their UI URLs, so these are recognised by shape. */
export type LocationKind = 'login' | 'login-aal2' | 'login-refresh' | 'settings-ui' | 'error-ui' | 'return-to' | 'anywhere';

export interface Outcome {
  status: number;
  /** Accepted `error.id` values; null accepts an error without id. Absent: not checked. */
  errorIds?: ReadonlyArray<string | null>;
  location?: LocationKind;
  /** The URL a `return-to` redirect goes to. */
  returnTo?: string;
  body?: 'flow' | 'error';
}

export type Rule =
  | 'noSession'
  | 'aal2Required'
  | 'returnToForbidden'
  | 'returnToUnparsable'
  | 'flowCreated'
  | 'ownFlowFetched'
  | 'unknownFlow'
  | 'malformedFlowId'
  | 'foreignFlow'
  | 'expiredFlow'
  | 'apiFlowFromBrowser'
  | 'csrfViolation'
  | 'unprivileged'
  | 'invalidInput'
  | 'unknownMethod'
  | 'validUpdate'
  | 'uiOnlyUpdate'
  | 'oidcLink';

export interface Expectation {
  operationId: SettingsOperationId;
  rule: Rule;
  requirement: RequirementId;
  outcomes: Outcome[];
}

export interface ClientProfile {
  label: string;
  /** The Accept header, absent when none is sent. */
  accept?: string;
  /** The Accept-Encoding header browsers and HTTP libraries send, absent when none is sent. */
  acceptEncoding?: string;
}

/** `revoked`: the session of an identity that was deleted since (its token and cookie were valid once). */
export type SessionSituation = 'none' | 'garbage-token' | 'garbage-cookie' | 'revoked' | 'valid' | 'aal1-needs-aal2' | 'unprivileged';
export type FlowIdSituation = 'own' | 'other-identity' | 'unknown' | 'malformed' | 'missing' | 'expired';
export type ReturnToSituation = 'none' | 'allowed' | 'forbidden' | 'unparsable';
export type FlowType = 'browser' | 'api';
export type SubmitMethod = 'profile' | 'password' | 'totp' | 'lookup_secret' | 'webauthn' | 'passkey' | 'oidc' | 'unknown';
export type CsrfSituation = 'valid' | 'wrong' | 'missing';
/**
 * `json-charset`: JSON sent as `application/json; charset=utf-8`, which is not a JSON client by Content-Type
 * (docs/kratos-behavior.md#json-client).
 */
export type Encoding = 'json' | 'json-charset' | 'form';

const SESSION_INACTIVE = 'session_inactive';
export const AAL2 = 'session_aal2_required';
const RETURN_TO_IDS = ['self_service_flow_return_to_forbidden', 'security_identity_mismatch'] as const;

export function expectation(operationId: SettingsOperationId, rule: Rule, requirement: RequirementId, outcomes: Outcome[]): Expectation {
  return { operationId, rule, requirement, outcomes };
}

export function isInvalidSession(session: SessionSituation): boolean {
  return session === 'none' || session === 'garbage-token' || session === 'garbage-cookie' || session === 'revoked';
}

export interface InitSituation {
  session: SessionSituation;
  client: ClientProfile;
  returnTo: ReturnToSituation;
}

export function expectBrowserInit(situation: InitSituation): Expectation {
  const operationId = 'createBrowserSettingsFlow';
  const json = isJsonClient(situation.client.accept, undefined);
  if (isInvalidSession(situation.session)) {
    return expectation(operationId, 'noSession', 'SF-UNAUTHENTICATED', [
      json ? { status: 401, errorIds: [SESSION_INACTIVE], body: 'error' } : { status: 303, location: 'login' },
    ]);
  }
  if (situation.session === 'aal1-needs-aal2') {
    return expectation(operationId, 'aal2Required', 'SF-AAL2-REQUIRED', [
      json ? { status: 403, errorIds: [AAL2], body: 'error' } : { status: 303, location: 'login-aal2' },
    ]);
  }
  if (situation.returnTo === 'forbidden' || situation.returnTo === 'unparsable') {
    const rule = situation.returnTo === 'forbidden' ? 'returnToForbidden' : 'returnToUnparsable';
    const ids = situation.returnTo === 'forbidden' ? RETURN_TO_IDS : [...RETURN_TO_IDS, null];
    return expectation(
      operationId,
      rule,
      'SF-RETURN-TO',
      json
        ? [
            { status: 400, errorIds: ids, body: 'error' },
            { status: 403, errorIds: ['security_identity_mismatch'], body: 'error' },
          ]
        : [{ status: 303, location: 'error-ui' }],
    );
  }
  return expectation(operationId, 'flowCreated', 'SF-INIT-SUCCESS', [
    prefersJsonFlow(situation.client.accept) ? { status: 200, body: 'flow' } : { status: 303, location: 'settings-ui' },
  ]);
}

export function expectNativeInit(situation: InitSituation): Expectation {
  const operationId = 'createNativeSettingsFlow';
  if (isInvalidSession(situation.session)) {
    return expectation(operationId, 'noSession', 'SF-UNAUTHENTICATED', [{ status: 401, errorIds: [SESSION_INACTIVE], body: 'error' }]);
  }
  if (situation.session === 'aal1-needs-aal2') {
    return expectation(operationId, 'aal2Required', 'SF-AAL2-REQUIRED', [{ status: 403, errorIds: [AAL2], body: 'error' }]);
  }
  if (situation.returnTo === 'forbidden') {
    return expectation(operationId, 'returnToForbidden', 'SF-RETURN-TO', [
      { status: 400, errorIds: RETURN_TO_IDS, body: 'error' },
      { status: 403, errorIds: ['security_identity_mismatch'], body: 'error' },
    ]);
  }
  if (situation.returnTo === 'unparsable') {
    return expectation(operationId, 'returnToUnparsable', 'SF-RETURN-TO', [
      { status: 400, errorIds: [...RETURN_TO_IDS, null], body: 'error' },
    ]);
  }
  return expectation(operationId, 'flowCreated', 'SF-INIT-SUCCESS', [{ status: 200, body: 'flow' }]);
}

export interface FetchSituation {
  session: SessionSituation;
  client: ClientProfile;
  flow: FlowIdSituation;
}

/** Unauthenticated /flows and submit: docs say 401 (session_inactive); Kratos sends 401 without id or 302 to login. */
export function unauthenticatedFlowAccess(json: boolean): Outcome[] {
  const unauthorized: Outcome = { status: 401, errorIds: [null, SESSION_INACTIVE], body: 'error' };
  return json ? [unauthorized] : [{ status: 302, location: 'login' }, { status: 303, location: 'login' }, unauthorized];
}

export function expectFetch(situation: FetchSituation): Expectation {
  const operationId = 'getSettingsFlow';
  const json = isJsonClient(situation.client.accept, undefined);
  if (isInvalidSession(situation.session))
    return expectation(operationId, 'noSession', 'SF-UNAUTHENTICATED', unauthenticatedFlowAccess(json));
  if (situation.flow === 'unknown' || situation.flow === 'malformed' || situation.flow === 'missing') {
    return expectation(operationId, 'unknownFlow', 'SF-GET-404-UNKNOWN', [{ status: 404, body: 'error' }]);
  }
  if (situation.flow === 'other-identity') {
    return expectation(operationId, 'foreignFlow', 'SF-FOREIGN-FLOW', [
      { status: 403, errorIds: ['security_identity_mismatch'], body: 'error' },
    ]);
  }
  if (situation.session === 'aal1-needs-aal2') {
    return expectation(operationId, 'aal2Required', 'SF-AAL2-REQUIRED', [{ status: 403, errorIds: [AAL2], body: 'error' }]);
  }
  if (situation.flow === 'expired') {
    return expectation(operationId, 'expiredFlow', 'SF-GET-410-EXPIRED', [
      { status: 410, errorIds: [null, 'self_service_flow_expired'], body: 'error' },
    ]);
  }
  return expectation(operationId, 'ownFlowFetched', 'SF-GET-FLOW', [{ status: 200, body: 'flow' }]);
}
