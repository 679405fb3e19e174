/** Every registered check's canned exchanges: one its check passes, one it fails. */
import type { CheckContext } from '../../suites/checks/types.js';
import type { Outcome, Rule } from '../../suites/oracle.js';
import type { RequirementId } from '../../suites/requirements.js';
import type { SettingsOperationId } from '../../spec/operations.js';
import {
  AAL2_403,
  EXPIRED_410,
  FLOW_ID,
  LOCATION_CHANGE_422,
  OTHER_FLOW_ID,
  REFRESH_403,
  SESSION_INACTIVE_401,
  TARGET,
  errorBody,
  exchange,
  flowBody,
} from './fixtures.js';
import {
  HOUR_MS,
  context,
  expecting,
  keyNode,
  lookupCodesNode,
  oidcNode,
  passwordNode,
  redirect,
  settingsUi,
  traitNode,
} from './check-support.js';

interface Fixture {
  pass: CheckContext;
  fail: CheckContext;
  /** The failure counts against a `should` requirement, so the report shows it as a warning. */
  warns?: boolean;
}

/** One rule check's fixture: the accepted answer passes, the given other answer fails. */
function ruleFixture(
  operationId: SettingsOperationId,
  rule: Rule,
  requirement: RequirementId,
  outcomes: Outcome[],
  passing: ReturnType<typeof exchange>,
  failing: ReturnType<typeof exchange>,
): Fixture {
  const expectation = expecting(operationId, rule, requirement, outcomes);
  return { pass: context(operationId, { exchange: passing, expectation }), fail: context(operationId, { exchange: failing, expectation }) };
}

export const FIXTURES: Record<string, Fixture> = {
  targetAnswered: {
    pass: context('getSettingsFlow', { exchange: exchange(200, { body: flowBody() }) }),
    fail: context('getSettingsFlow', { exchange: exchange(0, { error: 'ECONNRESET: socket hang up' }) }),
  },
  statusIsDocumentedForOperation: {
    pass: context('createNativeSettingsFlow', { exchange: exchange(401, { body: SESSION_INACTIVE_401 }) }),
    fail: context('createNativeSettingsFlow', { exchange: exchange(302, { headers: { location: '/login' } }) }),
  },
  jsonBodyIsServedAsJson: {
    pass: context('getSettingsFlow', {
      exchange: exchange(200, { body: flowBody(), headers: { 'content-type': 'application/json; charset=utf-8' } }),
    }),
    fail: context('getSettingsFlow', { exchange: exchange(200, { body: flowBody(), headers: { 'content-type': 'text/plain' } }) }),
  },
  bodyMatchesDocumentedSchema: {
    pass: context('getSettingsFlow', { exchange: exchange(404, { body: errorBody(404, 'Not Found', 'Unable to locate the resource') }) }),
    fail: context('getSettingsFlow', { exchange: exchange(404, { body: { message: 'not found' } }) }),
  },
  errorEnvelopeIsOryShaped: {
    pass: context('getSettingsFlow', {
      exchange: exchange(410, {
        body: errorBody(410, 'Gone', 'The requested resource is no longer available because it has expired or is otherwise invalid.'),
      }),
    }),
    fail: context('getSettingsFlow', { exchange: exchange(410, { body: { error: 'flow expired' } }) }),
  },
  redirectCarriesLocation: {
    pass: context('createBrowserSettingsFlow', { exchange: redirect(settingsUi) }),
    fail: context('createBrowserSettingsFlow', { exchange: exchange(303) }),
  },

  missingSessionIsRejectedWith401OrLoginRedirect: ruleFixture(
    'createNativeSettingsFlow',
    'noSession',
    'SF-UNAUTHENTICATED',
    [{ status: 401, errorIds: ['session_inactive'], body: 'error' }],
    exchange(401, { body: SESSION_INACTIVE_401 }),
    exchange(200, { body: flowBody() }),
  ),
  aal1SessionIsAskedForSecondFactor: ruleFixture(
    'createNativeSettingsFlow',
    'aal2Required',
    'SF-AAL2-REQUIRED',
    [{ status: 403, errorIds: ['session_aal2_required'], body: 'error' }],
    exchange(403, { body: AAL2_403 }),
    exchange(403, { body: errorBody(403, 'Forbidden', 'The requested action was forbidden', {}, { id: 'security_csrf_violation' }) }),
  ),
  forbiddenReturnToIsRejectedWith400: ruleFixture(
    'createNativeSettingsFlow',
    'returnToForbidden',
    'SF-RETURN-TO',
    [{ status: 400, errorIds: ['self_service_flow_return_to_forbidden', 'security_identity_mismatch'], body: 'error' }],
    exchange(400, {
      body: errorBody(
        400,
        'Bad Request',
        'The request was malformed or contained invalid parameters',
        {},
        { id: 'self_service_flow_return_to_forbidden' },
      ),
    }),
    exchange(200, { body: flowBody() }),
  ),
  unparsableReturnToIsRejectedWith400: ruleFixture(
    'createNativeSettingsFlow',
    'returnToUnparsable',
    'SF-RETURN-TO',
    [{ status: 400, errorIds: [null, 'self_service_flow_return_to_forbidden'], body: 'error' }],
    exchange(400, { body: errorBody(400, 'Bad Request', 'The request was malformed or contained invalid parameters') }),
    exchange(500, { body: errorBody(500, 'Internal Server Error', 'parse error') }),
  ),
  validSessionCreatesFlow: ruleFixture(
    'createBrowserSettingsFlow',
    'flowCreated',
    'SF-INIT-SUCCESS',
    [{ status: 303, location: 'settings-ui' }],
    redirect(settingsUi),
    exchange(200, { body: flowBody({ type: 'browser' }) }),
  ),
  ownFlowIsReturnedWith200: ruleFixture(
    'getSettingsFlow',
    'ownFlowFetched',
    'SF-GET-FLOW',
    [{ status: 200, body: 'flow' }],
    exchange(200, { body: flowBody() }),
    exchange(403, { body: errorBody(403, 'Forbidden', 'The requested action was forbidden', {}, { id: 'security_identity_mismatch' }) }),
  ),
  unknownFlowIdIsRejected: ruleFixture(
    'getSettingsFlow',
    'unknownFlow',
    'SF-GET-404-UNKNOWN',
    [{ status: 404, body: 'error' }],
    exchange(404, { body: errorBody(404, 'Not Found', 'Unable to locate the resource') }),
    exchange(500, { body: errorBody(500, 'Internal Server Error', 'sql: no rows') }),
  ),
  malformedFlowIdIsRejectedWith400: ruleFixture(
    'updateSettingsFlow',
    'malformedFlowId',
    'SF-UPDATE-FLOW-ID',
    [{ status: 400, body: 'error' }],
    exchange(400, { body: errorBody(400, 'Bad Request', 'The request was malformed or contained invalid parameters') }),
    exchange(200, { body: flowBody() }),
  ),
  foreignFlowIsRejectedWith403: ruleFixture(
    'getSettingsFlow',
    'foreignFlow',
    'SF-FOREIGN-FLOW',
    [{ status: 403, errorIds: ['security_identity_mismatch'], body: 'error' }],
    exchange(403, { body: errorBody(403, 'Forbidden', 'The requested action was forbidden', {}, { id: 'security_identity_mismatch' }) }),
    exchange(200, { body: flowBody() }),
  ),
  expiredFlowIsRejectedWith410: ruleFixture(
    'updateSettingsFlow',
    'expiredFlow',
    'SF-UPDATE-410-EXPIRED',
    [{ status: 410, errorIds: ['self_service_flow_expired'], body: 'error' }],
    exchange(410, { body: EXPIRED_410 }),
    exchange(410, { body: errorBody(410, 'Gone', 'gone') }),
  ),
  apiFlowSubmittedByBrowserIsRejectedWith400: {
    ...ruleFixture(
      'updateSettingsFlow',
      'apiFlowFromBrowser',
      'SF-UPDATE-API-BROWSER',
      [{ status: 400, body: 'flow' }],
      exchange(400, {
        body: flowBody({ messages: [{ id: 4000001, text: 'The HTTP Request Header included the "Cookie" key', type: 'error' }] }),
      }),
      exchange(200, { body: flowBody({ state: 'success' }) }),
    ),
    warns: true,
  },
  missingOrWrongCsrfTokenIsRejectedWith403: ruleFixture(
    'updateSettingsFlow',
    'csrfViolation',
    'SF-UPDATE-CSRF',
    [{ status: 403, errorIds: ['security_csrf_violation'], body: 'error' }],
    exchange(403, {
      body: errorBody(
        403,
        'Forbidden',
        'the request was rejected to protect you from Cross-Site-Request-Forgery',
        {},
        { id: 'security_csrf_violation' },
      ),
    }),
    exchange(200, { body: flowBody({ state: 'success' }) }),
  ),
  staleSessionIsAskedToReauthenticate: ruleFixture(
    'updateSettingsFlow',
    'unprivileged',
    'SF-PRIVILEGED',
    [{ status: 403, errorIds: ['session_refresh_required'], body: 'error' }],
    exchange(403, { body: REFRESH_403 }),
    exchange(200, { body: flowBody({ state: 'success' }) }),
  ),
  invalidInputReturnsFlowWith400: ruleFixture(
    'updateSettingsFlow',
    'invalidInput',
    'SF-UPDATE-400-VALIDATION',
    [{ status: 400, body: 'flow' }],
    exchange(400, { body: flowBody() }),
    exchange(200, { body: flowBody({ state: 'success' }) }),
  ),
  unknownMethodReturnsFlowWith400: ruleFixture(
    'updateSettingsFlow',
    'unknownMethod',
    'SF-UPDATE-400-VALIDATION',
    [{ status: 400, body: 'flow' }],
    exchange(400, { body: flowBody() }),
    exchange(500, { body: errorBody(500, 'Internal Server Error', 'no strategy') }),
  ),
  validUpdateSucceeds: ruleFixture(
    'updateSettingsFlow',
    'validUpdate',
    'SF-UPDATE-SUCCESS',
    [{ status: 200, body: 'flow' }],
    exchange(200, { body: flowBody({ state: 'success' }) }),
    exchange(400, { body: flowBody() }),
  ),
  lookupSecretRegenerationReturnsFlow: ruleFixture(
    'updateSettingsFlow',
    'uiOnlyUpdate',
    'SF-UPDATE-SUCCESS',
    [{ status: 200, body: 'flow' }],
    exchange(200, { body: flowBody() }),
    exchange(404, { body: errorBody(404, 'Not Found', 'This endpoint was disabled by system administrator.') }),
  ),
  oidcLinkAsksForBrowserLocationChange: ruleFixture(
    'updateSettingsFlow',
    'oidcLink',
    'SF-UPDATE-422-OIDC',
    [{ status: 422, errorIds: ['browser_location_change_required'], body: 'error' }],
    exchange(422, { body: LOCATION_CHANGE_422 }),
    exchange(200, { body: flowBody({ state: 'success' }) }),
  ),

  redirectLocationPointsAtLoginUi: {
    ...ruleFixture(
      'getSettingsFlow',
      'noSession',
      'SF-UNAUTHENTICATED',
      [{ status: 302, location: 'login' }],
      redirect('https://www.ory.com/kratos/docs/fallback/login', 302),
      redirect('https://ui.example/dashboard', 302),
    ),
    warns: true,
  },
  redirectLocationAsksForSecondFactor: ruleFixture(
    'createBrowserSettingsFlow',
    'aal2Required',
    'SF-AAL2-REQUIRED',
    [{ status: 303, location: 'login-aal2' }],
    redirect(`${TARGET}/self-service/login/browser?aal=aal2`),
    redirect(`${TARGET}/self-service/login/browser`),
  ),
  redirectLocationAsksForReauthentication: ruleFixture(
    'updateSettingsFlow',
    'unprivileged',
    'SF-PRIVILEGED',
    [{ status: 303, location: 'login-refresh' }],
    redirect(`${TARGET}/self-service/login/browser?refresh=true`),
    redirect(`${TARGET}/self-service/login/browser`),
  ),
  redirectLocationPointsAtSettingsUi: ruleFixture(
    'updateSettingsFlow',
    'expiredFlow',
    'SF-UPDATE-410-EXPIRED',
    [{ status: 303, location: 'settings-ui' }],
    redirect(`https://ui.example/settings?flow=${OTHER_FLOW_ID}`),
    redirect('https://ui.example/settings'),
  ),
  redirectLocationPointsAtErrorUi: ruleFixture(
    'updateSettingsFlow',
    'csrfViolation',
    'SF-UPDATE-CSRF',
    [{ status: 303, location: 'error-ui' }],
    redirect('https://ui.example/error?id=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
    redirect(settingsUi),
  ),
  successRedirectPointsAtReturnTo: ruleFixture(
    'updateSettingsFlow',
    'validUpdate',
    'SF-UPDATE-SUCCESS',
    [{ status: 303, location: 'return-to', returnTo: 'https://app.example/after' }],
    redirect('https://app.example/after'),
    redirect(settingsUi),
  ),
  aalErrorCarriesRedirectBrowserTo: {
    pass: context('createNativeSettingsFlow', { exchange: exchange(403, { body: AAL2_403 }) }),
    fail: context('createNativeSettingsFlow', {
      exchange: exchange(403, { body: { ...AAL2_403, redirect_browser_to: `${TARGET}/self-service/login/browser` } }),
    }),
  },
  refreshErrorCarriesRedirectBrowserTo: {
    pass: context('updateSettingsFlow', { exchange: exchange(403, { body: REFRESH_403 }) }),
    fail: context('updateSettingsFlow', { exchange: exchange(403, { body: { error: (REFRESH_403 as { error: unknown }).error } }) }),
  },
  locationChangeCarriesRedirectBrowserTo: {
    pass: context('updateSettingsFlow', { exchange: exchange(422, { body: LOCATION_CHANGE_422 }) }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(422, { body: { ...LOCATION_CHANGE_422, redirect_browser_to: 'not a url' } }),
    }),
  },

  createdFlowMatchesEndpoint: {
    pass: context('createBrowserSettingsFlow', { exchange: exchange(200, { body: flowBody({ type: 'browser' }) }) }),
    fail: context('createBrowserSettingsFlow', { exchange: exchange(200, { body: flowBody({ type: 'api' }) }) }),
  },
  browserFlowCarriesCsrfToken: {
    pass: context('createBrowserSettingsFlow', { exchange: exchange(200, { body: flowBody({ type: 'browser' }) }) }),
    fail: context('createBrowserSettingsFlow', { exchange: exchange(200, { body: flowBody({ type: 'browser', nodes: [] }) }) }),
  },
  fetchedFlowIsTheRequestedOne: {
    pass: context('getSettingsFlow', { exchange: exchange(200, { body: flowBody() }), flowId: FLOW_ID }),
    fail: context('getSettingsFlow', { exchange: exchange(200, { body: flowBody({ id: OTHER_FLOW_ID }) }), flowId: FLOW_ID }),
  },
  successfulUpdateReportsSuccess: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      expectation: expecting('updateSettingsFlow', 'validUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'show_form' }) }),
      expectation: expecting('updateSettingsFlow', 'validUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
    }),
  },
  successfulUpdateSaysSaved: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, {
        body: flowBody({ state: 'success', messages: [{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }] }),
      }),
      expectation: expecting('updateSettingsFlow', 'validUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      expectation: expecting('updateSettingsFlow', 'validUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
    }),
  },
  rejectedInputIsExplainedInFlow: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(400, {
        body: flowBody({
          nodes: [
            {
              type: 'input',
              group: 'password',
              attributes: { name: 'password', type: 'password', node_type: 'input' },
              messages: [{ id: 4000032, text: 'The password must be at least 8 characters long, but got 3.', type: 'error' }],
              meta: {},
            },
          ],
        }),
      }),
      expectation: expecting('updateSettingsFlow', 'invalidInput', 'SF-UPDATE-400-VALIDATION', [{ status: 400, body: 'flow' }]),
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(400, { body: flowBody() }),
      expectation: expecting('updateSettingsFlow', 'invalidInput', 'SF-UPDATE-400-VALIDATION', [{ status: 400, body: 'flow' }]),
    }),
  },
  strategylessSubmitSaysNoStrategy: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(400, {
        body: flowBody({
          messages: [
            { id: 4010004, text: 'Could not find a strategy to update your settings. Did you fill out the form correctly?', type: 'error' },
          ],
        }),
      }),
      expectation: expecting('updateSettingsFlow', 'unknownMethod', 'SF-UPDATE-400-VALIDATION', [{ status: 400, body: 'flow' }]),
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(400, {
        body: flowBody({
          messages: [{ id: 4000001, text: 'Unable to parse WebAuthn response: unexpected end of JSON input', type: 'error' }],
        }),
      }),
      expectation: expecting('updateSettingsFlow', 'unknownMethod', 'SF-UPDATE-400-VALIDATION', [{ status: 400, body: 'flow' }]),
    }),
  },
  lookupSecretCodesAreShown: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, {
        body: flowBody({
          nodes: [
            lookupCodesNode(),
            {
              type: 'input',
              group: 'lookup_secret',
              attributes: { name: 'lookup_secret_confirm', type: 'submit', value: 'true', node_type: 'input' },
              messages: [],
              meta: {},
            },
          ],
        }),
      }),
      expectation: expecting('updateSettingsFlow', 'uiOnlyUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, {
        body: flowBody({
          nodes: [
            {
              type: 'input',
              group: 'lookup_secret',
              attributes: { name: 'lookup_secret_regenerate', type: 'submit', value: 'true', node_type: 'input' },
              messages: [],
              meta: {},
            },
          ],
        }),
      }),
      expectation: expecting('updateSettingsFlow', 'uiOnlyUpdate', 'SF-UPDATE-SUCCESS', [{ status: 200, body: 'flow' }]),
    }),
  },
  expiredErrorOffersReplacementFlow: {
    pass: context('updateSettingsFlow', { exchange: exchange(410, { body: EXPIRED_410 }) }),
    fail: context('updateSettingsFlow', { exchange: exchange(410, { body: { ...EXPIRED_410, use_flow_id: undefined } }) }),
  },
  browserInitSetsHttpOnlyLaxCsrfCookie: {
    pass: context('createBrowserSettingsFlow', {
      exchange: exchange(200, {
        body: flowBody({ type: 'browser' }),
        headers: { 'set-cookie': ['csrf_token_abc=dG9rZW4=; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax'] },
      }),
      requestHadCsrfCookie: false,
    }),
    fail: context('createBrowserSettingsFlow', {
      exchange: exchange(200, {
        body: flowBody({ type: 'browser' }),
        headers: { 'set-cookie': ['csrf_token_abc=dG9rZW4=; Path=/; SameSite=None'] },
      }),
      requestHadCsrfCookie: false,
    }),
    warns: true,
  },
  nativeInitSetsNoCookie: {
    pass: context('createNativeSettingsFlow', { exchange: exchange(200, { body: flowBody() }) }),
    fail: context('createNativeSettingsFlow', {
      exchange: exchange(200, { body: flowBody(), headers: { 'set-cookie': ['csrf_token_abc=dG9rZW4=; Path=/; HttpOnly'] } }),
    }),
  },

  changedTraitShowsInWhoami: {
    // Nested objects compare whatever their key order: a database may reorder them.
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'traits',
        expectedTraits: { email: 'new@example.org', name: { first: 'A', last: 'B' } },
        whoami: exchange(200, { body: { identity: { traits: { name: { last: 'B', first: 'A' }, email: 'new@example.org' } } } }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'traits',
        expectedTraits: { email: 'new@example.org' },
        whoami: exchange(200, { body: { identity: { traits: { email: 'old@example.org' } } } }),
      },
    }),
  },
  invalidTraitIsNamedOnItsNode: (() => {
    const traitNode = (messages: unknown[]) => ({
      type: 'input',
      group: 'profile',
      attributes: { name: 'traits.name.first', type: 'text', node_type: 'input' },
      messages,
      meta: {},
    });
    const tooLong = { id: 4000001, text: 'length must be <= 40, but got 41', type: 'error' };
    const rejected = (messages: unknown[]) => exchange(400, { body: flowBody({ nodes: [traitNode(messages)] }) });
    return {
      pass: context('updateSettingsFlow', { exchange: rejected([tooLong]), effect: { kind: 'invalid-traits', node: 'traits.name.first' } }),
      fail: context('updateSettingsFlow', { exchange: rejected([]), effect: { kind: 'invalid-traits', node: 'traits.name.first' } }),
    };
  })(),
  newPasswordLogsInAndOldDoesNot: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'password',
        newPasswordLogin: exchange(200, { body: { session_token: 't' } }),
        oldPasswordLogin: exchange(400, { body: flowBody() }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'password',
        newPasswordLogin: exchange(200, { body: { session_token: 't' } }),
        oldPasswordLogin: exchange(200, { body: { session_token: 'u' } }),
      },
    }),
  },
  totpSetupOffersUnlink: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'totp',
        refetchedFlow: exchange(200, {
          body: flowBody({
            nodes: [
              {
                type: 'input',
                group: 'totp',
                attributes: { name: 'totp_unlink', type: 'submit', value: 'true', node_type: 'input' },
                messages: [],
                meta: {},
              },
            ],
          }),
        }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'totp',
        refetchedFlow: exchange(200, {
          body: flowBody({
            nodes: [
              { type: 'input', group: 'totp', attributes: { name: 'totp_code', type: 'text', node_type: 'input' }, messages: [], meta: {} },
            ],
          }),
        }),
      },
    }),
  },
  registeredKeyOffersRemoval: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'security-key',
        group: 'passkey',
        refetchedFlow: exchange(200, {
          body: flowBody({ nodes: [keyNode('passkey', 'passkey_remove'), keyNode('passkey', 'passkey_register_trigger')] }),
        }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'security-key',
        group: 'webauthn',
        refetchedFlow: exchange(200, { body: flowBody({ nodes: [keyNode('webauthn', 'webauthn_register_trigger')] }) }),
      },
    }),
  },
  linkedProviderShowsAsUnlink: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(422, { body: LOCATION_CHANGE_422 }),
      effect: {
        kind: 'oidc-link',
        provider: 'google',
        completed: true,
        refetchedFlow: exchange(200, { body: flowBody({ nodes: [oidcNode('unlink', 'google'), oidcNode('link', 'github')] }) }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(422, { body: LOCATION_CHANGE_422 }),
      effect: {
        kind: 'oidc-link',
        provider: 'google',
        completed: true,
        refetchedFlow: exchange(200, { body: flowBody({ nodes: [oidcNode('link', 'google')] }) }),
      },
    }),
  },

  flowTimesAreConsistent: {
    pass: context('createNativeSettingsFlow', {
      exchange: exchange(200, { body: flowBody(), headers: { date: 'Thu, 01 Jan 2026 10:00:01 GMT' } }),
      declared: { flowLifespanMs: HOUR_MS },
    }),
    fail: context('createNativeSettingsFlow', {
      exchange: exchange(200, { body: flowBody(), headers: { date: 'Thu, 01 Jan 2026 08:00:00 GMT' } }),
      declared: { flowLifespanMs: HOUR_MS },
    }),
  },
  fetchingDoesNotMoveExpiry: {
    pass: context('getSettingsFlow', { exchange: exchange(200, { body: flowBody() }), earlierFlow: flowBody() }),
    fail: context('getSettingsFlow', {
      exchange: exchange(200, { body: { ...flowBody(), expires_at: '2026-01-01T12:00:00Z' } }),
      earlierFlow: flowBody(),
    }),
  },
  uiActionNamesTheFlow: {
    pass: context('updateSettingsFlow', { exchange: exchange(400, { body: flowBody() }) }),
    fail: context('updateSettingsFlow', { exchange: exchange(400, { body: flowBody({ action: `${TARGET}/self-service/settings` }) }) }),
  },
  newInitGivesNewFlow: {
    pass: context('createNativeSettingsFlow', { exchange: exchange(200, { body: flowBody() }), earlierFlowIds: [OTHER_FLOW_ID] }),
    fail: context('createNativeSettingsFlow', { exchange: exchange(200, { body: flowBody() }), earlierFlowIds: [FLOW_ID] }),
  },
  passwordValueIsNeverEchoed: {
    pass: context('updateSettingsFlow', { exchange: exchange(400, { body: flowBody({ nodes: [passwordNode('')] }) }) }),
    fail: context('updateSettingsFlow', { exchange: exchange(400, { body: flowBody({ nodes: [passwordNode('ab1')] }) }) }),
  },
  apiFlowSetsNoSessionCookie: {
    pass: context('updateSettingsFlow', { exchange: exchange(200, { body: flowBody({ state: 'success' }) }) }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, {
        body: flowBody({ state: 'success' }),
        headers: { 'set-cookie': ['ory_kratos_session=MTY5; Path=/; HttpOnly'] },
      }),
    }),
  },
  reauthenticationLeadsBackToFlow: {
    pass: context('updateSettingsFlow', { exchange: exchange(403, { body: REFRESH_403 }), flowId: FLOW_ID }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(403, { body: { ...REFRESH_403, redirect_browser_to: `${TARGET}/self-service/login/browser?refresh=true` } }),
      flowId: FLOW_ID,
    }),
  },
  secondFactorLeadsBackToFlow: {
    pass: context('getSettingsFlow', {
      exchange: redirect(`${TARGET}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(settingsUi)}`),
      flowId: FLOW_ID,
    }),
    fail: context('getSettingsFlow', { exchange: exchange(403, { body: AAL2_403 }), flowId: FLOW_ID }),
  },
  continueWithPointsAtReturnTo: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, {
        body: {
          ...flowBody({ state: 'success' }),
          continue_with: [{ action: 'redirect_browser_to', redirect_browser_to: 'https://app.example/after' }],
        },
      }),
      expectation: expecting('updateSettingsFlow', 'validUpdate', 'SF-UPDATE-SUCCESS', [
        { status: 200, body: 'flow', returnTo: 'https://app.example/after' },
      ]),
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, {
        body: { ...flowBody({ state: 'success' }), continue_with: [{ action: 'redirect_browser_to', redirect_browser_to: settingsUi }] },
      }),
      expectation: expecting('updateSettingsFlow', 'validUpdate', 'SF-UPDATE-SUCCESS', [
        { status: 200, body: 'flow', returnTo: 'https://app.example/after' },
      ]),
    }),
  },
  successResponseShowsSubmittedTraits: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: { kind: 'traits', expectedTraits: { email: 'a@b.c' }, whoami: exchange(200, { body: {} }) },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: { kind: 'traits', expectedTraits: { email: 'new@example.org' }, whoami: exchange(200, { body: {} }) },
    }),
  },
  storedFlowShowsSuccess: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'stored-success',
        flowId: FLOW_ID,
        refetchedFlow: exchange(200, { body: flowBody({ state: 'success', nodes: [traitNode('a@b.c')] }) }),
        traits: { email: 'a@b.c' },
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'stored-success',
        flowId: FLOW_ID,
        refetchedFlow: exchange(200, { body: flowBody({ state: 'show_form', nodes: [traitNode('a@b.c')] }) }),
        traits: { email: 'a@b.c' },
      },
    }),
  },
  browserIsSentBackToTheOutcome: {
    pass: context('updateSettingsFlow', {
      exchange: redirect(settingsUi),
      effect: {
        kind: 'followed-back',
        outcome: 'rejected',
        flowId: FLOW_ID,
        fetched: exchange(200, { body: flowBody({ messages: [{ id: 4000001, text: 'bad', type: 'error' }] }) }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: redirect(settingsUi),
      effect: { kind: 'followed-back', outcome: 'rejected', flowId: FLOW_ID, fetched: exchange(200, { body: flowBody() }) },
    }),
  },
  replacementFlowIsUsable: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(410, { body: EXPIRED_410 }),
      effect: {
        kind: 'replacement-flow',
        expiredId: FLOW_ID,
        flowType: 'api',
        replacementId: OTHER_FLOW_ID,
        fetched: exchange(200, { body: flowBody({ id: OTHER_FLOW_ID }) }),
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(410, { body: EXPIRED_410 }),
      effect: {
        kind: 'replacement-flow',
        expiredId: FLOW_ID,
        flowType: 'api',
        replacementId: OTHER_FLOW_ID,
        fetched: exchange(404, { body: errorBody(404, 'Not Found', 'The requested resource could not be found') }),
      },
    }),
  },
  resumedChangeIsApplied: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: flowBody({ state: 'success' }) }),
      effect: {
        kind: 'resumed',
        via: 'refresh',
        flowId: FLOW_ID,
        login: exchange(200, { body: {} }),
        resumed: exchange(200, { body: flowBody({ state: 'success' }) }),
        continued: false,
        applied: { newPasswordLogin: exchange(200, { body: {} }) },
      },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(403, { body: REFRESH_403 }),
      effect: {
        kind: 'resumed',
        via: 'refresh',
        flowId: FLOW_ID,
        login: exchange(200, { body: {} }),
        resumed: exchange(403, { body: REFRESH_403 }),
        continued: false,
        applied: { newPasswordLogin: exchange(400, { body: {} }) },
      },
    }),
  },
  backupCodeWorksOnce: {
    pass: context('updateSettingsFlow', {
      exchange: exchange(200, { body: {} }),
      effect: { kind: 'one-time-code', firstUse: exchange(200, { body: {} }), secondUse: exchange(400, { body: {} }) },
    }),
    fail: context('updateSettingsFlow', {
      exchange: exchange(200, { body: {} }),
      effect: { kind: 'one-time-code', firstUse: exchange(200, { body: {} }), secondUse: exchange(200, { body: {} }) },
    }),
  },
};
