/**
 * The expected outcome of a submit (updateSettingsFlow), from the requirements and docs/kratos-behavior.md#submit and
 * #flow-error-dispatch. Where docs and Kratos disagree, both outcomes are listed.
 */
import { isJsonClient } from './negotiation.js';
import {
  AAL2,
  expectation,
  isInvalidSession,
  unauthenticatedFlowAccess,
  type Expectation,
  type Outcome,
  type SessionSituation,
  type ClientProfile,
  type FlowIdSituation,
  type FlowType,
  type SubmitMethod,
  type CsrfSituation,
  type Encoding,
} from './oracle.js';

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
