/**
 * The expected outcome of a request, from the requirements and the endpoint tables of
 * docs/kratos-behavior.md (#browser-init, #api-init, #get-flow, #submit, #flow-error-dispatch).
 * Where docs and Kratos disagree, both outcomes are listed (the suite must never fail real Kratos).
 */
import type { SettingsOperationId } from '../spec/operations.js';
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

/** Ordered media ranges of an Accept header with their q values. */
function parseAccept(accept: string | undefined): Array<{ value: string; q: number }> {
  if (accept === undefined) return [];
  return accept
    .split(',')
    .map((part) => {
      const [value = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const qParameter = parameters.find((parameter) => parameter.toLowerCase().startsWith('q='));
      const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
      return { value: value.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((spec) => spec.value !== '');
}

/**
 * Content negotiation as Kratos does it (docs/kratos-behavior.md#negotiation): the best offer by q, exact beats `type/*`
 * beats `*∕*`, the first offer wins ties; no Accept header gives the default.
 */
export function negotiate(accept: string | undefined, offers: readonly string[], defaultOffer: string): string {
  let bestOffer = defaultOffer;
  let bestQ = -1;
  let bestWildness = 3;
  for (const offer of offers) {
    for (const spec of parseAccept(accept)) {
      if (spec.q === 0 || spec.q < bestQ) continue;
      if (spec.value === '*/*') {
        if (spec.q > bestQ || bestWildness > 2) [bestQ, bestWildness, bestOffer] = [spec.q, 2, offer];
      } else if (spec.value.endsWith('/*')) {
        if (offer.startsWith(spec.value.slice(0, -1)) && (spec.q > bestQ || bestWildness > 1))
          [bestQ, bestWildness, bestOffer] = [spec.q, 1, offer];
      } else if (spec.value === offer && (spec.q > bestQ || bestWildness > 0)) {
        [bestQ, bestWildness, bestOffer] = [spec.q, 0, offer];
      }
    }
  }
  return bestOffer;
}

/** docs/kratos-behavior.md#json-client: the client is treated as a JSON client for errors. */
export function isJsonClient(accept: string | undefined, contentType: string | undefined): boolean {
  return (
    negotiate(accept, ['text/html', 'text/*', '*/*', 'application/json'], 'text/html') === 'application/json' ||
    contentType === 'application/json'
  );
}

/** docs/kratos-behavior.md#json-accept: the client gets the flow as JSON on browser init success. */
export function prefersJsonFlow(accept: string | undefined): boolean {
  return negotiate(accept, ['text/html', 'application/json'], 'text/html') === 'application/json';
}

const SESSION_INACTIVE = 'session_inactive';
const AAL2 = 'session_aal2_required';
const RETURN_TO_IDS = ['self_service_flow_return_to_forbidden', 'security_identity_mismatch'] as const;

function expectation(operationId: SettingsOperationId, rule: Rule, requirement: RequirementId, outcomes: Outcome[]): Expectation {
  return { operationId, rule, requirement, outcomes };
}

function isInvalidSession(session: SessionSituation): boolean {
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
function unauthenticatedFlowAccess(json: boolean): Outcome[] {
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

export interface SubmitSituation {
  session: SessionSituation;
  client: ClientProfile;
  flow: FlowIdSituation;
  flowType: FlowType;
  /** How the session travels: the browser's cookie jar or the X-Session-Token header. */
  transport: 'cookie' | 'token';
  /** The request carries an Origin header, as browsers' requests do. */
  origin?: boolean;
  method: SubmitMethod;
  input: 'valid' | 'invalid';
  csrf: CsrfSituation;
  encoding: Encoding;
  /**
   * The submit changes the trait the suite logs in with: a credential identifier by construction (the login found the
   * identity by it), so changing it is a protected change (Kratos identity/manager.go, protected fields).
   */
  touchesIdentifier: boolean;
  /** The allowed return_to the flow was created with, if any. */
  returnTo?: string;
  /** What a lookup_secret submit asks for (default regenerate): confirm saves, regenerate and reveal only show codes. */
  lookupSecretAction?: 'regenerate' | 'reveal' | 'confirm';
}

/**
 * Methods that always need a privileged session (docs/kratos-behavior.md#privileged-session); profile only for
 * protected changes.
 */
function needsPrivilege(situation: SubmitSituation): boolean {
  if (situation.method === 'profile') return situation.touchesIdentifier;
  return situation.method !== 'unknown';
}

export function expectSubmit(situation: SubmitSituation): Expectation {
  const operationId = 'updateSettingsFlow';
  const contentType =
    situation.encoding === 'json'
      ? 'application/json'
      : situation.encoding === 'json-charset'
        ? 'application/json; charset=utf-8'
        : 'application/x-www-form-urlencoded';
  const json = isJsonClient(situation.client.accept, contentType);
  // docs/kratos-behavior.md#jsonish: a JSON client or an API flow, once the flow is loaded.
  const jsonish = json || situation.flowType === 'api';
  const browserNavigation = !jsonish;
  if (isInvalidSession(situation.session))
    return expectation(operationId, 'noSession', 'SF-UNAUTHENTICATED', unauthenticatedFlowAccess(json));
  if (situation.flow === 'missing' || situation.flow === 'malformed') {
    return expectation(
      operationId,
      'malformedFlowId',
      'SF-UPDATE-FLOW-ID',
      json
        ? [
            { status: 400, body: 'error' },
            { status: 404, body: 'error' },
          ]
        : [{ status: 303, location: 'error-ui' }],
    );
  }
  if (situation.flow === 'unknown') {
    return expectation(
      operationId,
      'unknownFlow',
      'SF-UPDATE-FLOW-ID',
      json
        ? [
            { status: 404, body: 'error' },
            { status: 400, body: 'error' },
          ]
        : [{ status: 303, location: 'error-ui' }],
    );
  }
  if (situation.session === 'aal1-needs-aal2') {
    return expectation(
      operationId,
      'aal2Required',
      'SF-AAL2-REQUIRED',
      browserNavigation ? [{ status: 303, location: 'login-aal2' }] : [{ status: 403, errorIds: [AAL2], body: 'error' }],
    );
  }
  if (situation.flow === 'expired') {
    return expectation(
      operationId,
      'expiredFlow',
      'SF-UPDATE-410-EXPIRED',
      browserNavigation
        ? [{ status: 303, location: 'settings-ui' }]
        : [{ status: 410, errorIds: ['self_service_flow_expired'], body: 'error' }],
    );
  }
  if (situation.flow === 'other-identity') {
    return expectation(
      operationId,
      'foreignFlow',
      'SF-FOREIGN-FLOW',
      browserNavigation
        ? [{ status: 303, location: 'error-ui' }]
        : [{ status: 403, errorIds: ['security_identity_mismatch'], body: 'error' }],
    );
  }
  // WebAuthn is never responsible on API flows, so no strategy runs: 4010004
  // (docs/kratos-behavior.md#webauthn-api-flows).
  const noStrategy = situation.method === 'unknown' || (situation.method === 'webauthn' && situation.flowType === 'api');
  // The API-flow cookie and Origin checks live in the strategies' CSRF step, which OIDC skips
  // (docs/kratos-behavior.md#csrf-oidc).
  const looksLikeBrowser = situation.transport === 'cookie' || situation.origin === true;
  if (situation.flowType === 'api' && looksLikeBrowser && situation.method !== 'oidc' && !noStrategy) {
    return expectation(operationId, 'apiFlowFromBrowser', 'SF-UPDATE-API-BROWSER', [{ status: 400, body: 'flow' }]);
  }
  const validationFailure: Outcome = browserNavigation ? { status: 303, location: 'settings-ui' } : { status: 400, body: 'flow' };
  if (noStrategy) return expectation(operationId, 'unknownMethod', 'SF-UPDATE-400-VALIDATION', [validationFailure]);
  const csrfChecked = situation.flowType === 'browser' && situation.method !== 'oidc' && situation.csrf !== 'valid';
  const csrfFailure: Outcome = browserNavigation
    ? { status: 303, location: 'error-ui' }
    : { status: 403, errorIds: ['security_csrf_violation'], body: 'error' };
  // The guide requires csrf_token on every browser-flow submit; Kratos's OIDC strategy skips the check
  // (docs/kratos-behavior.md#csrf-oidc, #doc-oidc-csrf).
  const oidcCsrfRefusal =
    situation.flowType === 'browser' && situation.method === 'oidc' && situation.csrf !== 'valid' ? [csrfFailure] : [];
  if (csrfChecked) {
    // Kratos validates profile input before the CSRF token (docs/kratos-behavior.md#profile-order); the docs do not
    // order the two.
    const outcomes = situation.method === 'profile' && situation.input === 'invalid' ? [csrfFailure, validationFailure] : [csrfFailure];
    return expectation(operationId, 'csrfViolation', 'SF-UPDATE-CSRF', outcomes);
  }
  if (
    situation.session === 'unprivileged' &&
    needsPrivilege(situation) &&
    !(situation.method === 'profile' && situation.input === 'invalid')
  ) {
    const refresh: Outcome = browserNavigation
      ? { status: 303, location: 'login-refresh' }
      : { status: 403, errorIds: ['session_refresh_required'], body: 'error' };
    return expectation(operationId, 'unprivileged', 'SF-PRIVILEGED', [refresh, ...oidcCsrfRefusal]);
  }
  if (situation.input === 'invalid')
    return expectation(operationId, 'invalidInput', 'SF-UPDATE-400-VALIDATION', [validationFailure, ...oidcCsrfRefusal]);
  if (situation.method === 'oidc') {
    return expectation(operationId, 'oidcLink', 'SF-UPDATE-422-OIDC', [
      ...(json
        ? [{ status: 422, errorIds: ['browser_location_change_required'], body: 'error' as const }]
        : [{ status: 303, location: 'anywhere' as const }]),
      ...oidcCsrfRefusal,
    ]);
  }
  if (situation.method === 'lookup_secret' && situation.lookupSecretAction !== 'confirm') {
    return expectation(operationId, 'uiOnlyUpdate', 'SF-UPDATE-SUCCESS', [
      browserNavigation ? { status: 303, location: 'settings-ui' } : { status: 200, body: 'flow' },
    ]);
  }
  const success = successOutcome(browserNavigation, situation.returnTo);
  if (situation.method === 'webauthn' || situation.method === 'passkey') {
    // A key is only registered when the target's identity schema names a key identifier; otherwise Kratos answers with
    // message 4000009 on a 400 flow (docs/kratos-behavior.md#nodes-passkey-no-name). The schema is not visible to the
    // suite.
    return expectation(operationId, 'validUpdate', 'SF-UPDATE-SUCCESS', [success, validationFailure]);
  }
  return expectation(operationId, 'validUpdate', 'SF-UPDATE-SUCCESS', [success]);
}

/** Success: the flow (JSON), or a redirect to the flow's return_to, or without one wherever the target is configured to send it. */
function successOutcome(browserNavigation: boolean, returnTo: string | undefined): Outcome {
  if (!browserNavigation) return { status: 200, body: 'flow', ...(returnTo !== undefined ? { returnTo } : {}) };
  return returnTo === undefined ? { status: 303, location: 'anywhere' } : { status: 303, location: 'return-to', returnTo };
}
