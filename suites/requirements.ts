/**
 * What a settings-flow server must (or should) do, each with where it comes from. Where the documentation and Kratos
 * disagree (docs/kratos-behavior.md#doc-errors) the requirement's statement names both behaviours and the checks accept either.
 */
import type { Severity } from '../reporters/report.js';

export interface Requirement {
  id: string;
  statement: string;
  source: string;
  severity: Severity;
}

/** Sources are links a reader of a report can open: the public documentation, Kratos's source, the project's docs. */
const GUIDE = 'https://www.ory.sh/docs/kratos/self-service/flows/user-settings';
const API_REFERENCE = 'https://www.ory.sh/docs/kratos/reference/api#tag/frontend/operation';
const BROWSER_REFERENCE = `${API_REFERENCE}/createBrowserSettingsFlow`;
const GET_REFERENCE = `${API_REFERENCE}/getSettingsFlow`;
const KRATOS = 'https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909';
const OFFICIAL_OPENAPI = `${KRATOS}/spec/api.json`;
const BEHAVIOUR = 'docs/kratos-behavior.md';

export const REQUIREMENTS = [
  {
    id: 'SF-STATUS-DOCUMENTED',
    statement:
      'Every response uses a status the operation documents (an error status outside the list is covered by the documented `default` error response).',
    source: `${OFFICIAL_OPENAPI} (responses of the four settings operations); ${GUIDE} status tables; ${BEHAVIOUR}#doc-openapi-gaps`,
    severity: 'must',
  },
  {
    id: 'SF-JSON-CONTENT-TYPE',
    statement: 'A JSON body (flow or error) is served with Content-Type application/json.',
    source: `${GET_REFERENCE}: "200 settingsFlow application/json, object"; ${BEHAVIOUR}#error-envelope, ${BEHAVIOUR}#flow-body`,
    severity: 'must',
  },
  {
    id: 'SF-SCHEMA',
    statement: 'A JSON body matches the documented schema for its operation and status (settingsFlow or errorGeneric).',
    source: `${GET_REFERENCE}: responses table; ${OFFICIAL_OPENAPI}`,
    severity: 'must',
  },
  {
    id: 'SF-ERROR-ENVELOPE',
    statement: 'An error answer is the Ory envelope {"error":{"code","status","message",...}} whose code equals the HTTP status.',
    source: `${OFFICIAL_OPENAPI} errorGeneric; ${BEHAVIOUR}#error-envelope, ${BEHAVIOUR}#error-body-examples`,
    severity: 'must',
  },
  {
    id: 'SF-REDIRECT-LOCATION',
    statement: 'A redirect carries a Location header with a URL the browser can follow.',
    source: `${GUIDE}: "303 Redirect to settings UI or login"; ${BEHAVIOUR}#redirect`,
    severity: 'must',
  },
  {
    id: 'SF-UI-URL',
    statement:
      'A redirect to the login UI has "login" in its URL, and one to the error UI names the error (?id=<error id>). The UI URLs are the target\'s configuration, so another shape is reported, not failed.',
    source: `${KRATOS}/embedx/config.schema.json#L1394 (the login ui_url), ${KRATOS}/embedx/config.schema.json#L1523 (the error ui_url); ${BEHAVIOUR}#error-ui`,
    severity: 'should',
  },
  {
    id: 'SF-CSRF-COOKIE',
    statement: 'Initialising a browser flow without an anti-CSRF cookie sets one that is HttpOnly and SameSite=Lax.',
    source: `${KRATOS}/x/nosurfx/nosurf.go#L188-L224; ${BEHAVIOUR}#csrf-cookie, ${BEHAVIOUR}#browser-init-csrf-cookie`,
    severity: 'should',
  },
  {
    id: 'SF-API-NO-COOKIE',
    statement: 'The native (API) init endpoint sets no cookie.',
    source: `${KRATOS}/selfservice/flow/settings/handler.go#L103-L104 (the path is exempt from the CSRF middleware); ${BEHAVIOUR}#api-init`,
    severity: 'must',
  },
  {
    id: 'SF-FLOW-SHAPE',
    statement:
      'A created flow has the type of its endpoint (browser or api), state show_form, and a UI that POSTs to /self-service/settings?flow=<its id>.',
    source: `${GUIDE}: "type: The flow type: browser or api", "state: Current state of the flow (e.g., show_form, success)"; ${BEHAVIOUR}#flow-shape, ${BEHAVIOUR}#ui-container`,
    severity: 'must',
  },
  {
    id: 'SF-INIT-SUCCESS',
    statement:
      'With a valid session a browser init answers 200 with the flow to AJAX clients and 303 to the settings UI otherwise; the native init answers 200.',
    source: `${GUIDE}: "200 Settings flow created (AJAX requests)", "303 Redirect to settings UI or login", "200 Settings flow created successfully"; ${BEHAVIOUR}#browser-init-success, ${BEHAVIOUR}#api-init-success`,
    severity: 'must',
  },
  {
    id: 'SF-UNAUTHENTICATED',
    statement:
      'Without a valid session every settings endpoint answers 401 to JSON and API clients and redirects browser navigation to login (Kratos: 302 on /flows and submit; 401 without error.id there).',
    source: `${GUIDE}: "The settings flow requires an active session. Unauthenticated users will be redirected to login.", "401 No active session"; ${BEHAVIOUR}#browser-init-no-session, ${BEHAVIOUR}#api-init-no-session, ${BEHAVIOUR}#get-flow-no-session, ${BEHAVIOUR}#submit-no-session, ${BEHAVIOUR}#doc-no-session-id`,
    severity: 'must',
  },
  {
    id: 'SF-AAL2-REQUIRED',
    statement:
      'An AAL1 session of an identity with a second factor gets 403 session_aal2_required (with redirect_browser_to) or, for browser navigation, a redirect to login with aal=aal2.',
    source: `${GUIDE}: "403 Session AAL too low", "session_aal2_required - Multi-factor authentication required"; ${BEHAVIOUR}#aal`,
    severity: 'must',
  },
  {
    id: 'SF-RETURN-TO',
    statement:
      'A return_to that is not allowed (or cannot be parsed) is rejected with 400 (self_service_flow_return_to_forbidden; the docs name security_identity_mismatch) or, for browser navigation, a redirect to the error UI.',
    source: `${BROWSER_REFERENCE}: "security_identity_mismatch: The requested ?return_to address is not allowed"; ${BEHAVIOUR}#browser-init-return-to, ${BEHAVIOUR}#doc-return-to-id`,
    severity: 'must',
  },
  {
    id: 'SF-GET-FLOW',
    statement: 'The owner of a flow fetches it with 200.',
    source: `${GUIDE}: "200 Settings flow found"; ${BEHAVIOUR}#get-flow-ok`,
    severity: 'must',
  },
  {
    id: 'SF-GET-404-UNKNOWN',
    statement: 'Fetching a flow id that is unknown, malformed or missing answers 404.',
    source: `${GUIDE}: "404 Flow not found"; ${BEHAVIOUR}#get-flow-unknown`,
    severity: 'must',
  },
  {
    id: 'SF-FOREIGN-FLOW',
    statement:
      "Another identity's flow is refused with 403 security_identity_mismatch (browser navigation on submit: a redirect to the error UI).",
    source: `${GUIDE}: "security_identity_mismatch - Identity changed during flow"; ${BEHAVIOUR}#get-flow-identity-mismatch, ${BEHAVIOUR}#submit-identity-mismatch`,
    severity: 'must',
  },
  {
    id: 'SF-GET-410-EXPIRED',
    statement: 'Fetching an expired flow answers 410 (Kratos: without error.id, with details to start a new flow).',
    source: `${GUIDE}: "410 Flow expired"; ${BEHAVIOUR}#get-flow-expired, ${BEHAVIOUR}#doc-expired-get-flow`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-410-EXPIRED',
    statement:
      'Submitting an expired flow answers 410 self_service_flow_expired with use_flow_id (API flows and JSON clients) or redirects the browser to a new flow.',
    source: `${GUIDE}: "410 Flow expired"; ${BEHAVIOUR}#submit-expired, ${BEHAVIOUR}#dispatch-expired, ${BEHAVIOUR}#doc-expired-submit`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-FLOW-ID',
    statement:
      'Submitting with a missing or malformed ?flow= answers 400, an unknown flow 404 (browser navigation: a redirect to the error UI).',
    source: `${KRATOS}/selfservice/flow/settings/handler.go#L642-L651; ${BEHAVIOUR}#submit-bad-flow-id, ${BEHAVIOUR}#submit-unknown-flow`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-SUCCESS',
    statement:
      "A valid submit succeeds: 200 with state success for API flows and JSON clients, 303 for browser navigation (to the flow's return_to when it has one).",
    source: `${GUIDE}: "200 Settings updated successfully", "303 redirect to the return_to URL or settings UI on success", "200 with JSON if Accept: application/json header is set"; ${BEHAVIOUR}#submit-success-api, ${BEHAVIOUR}#success-redirect`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-400-VALIDATION',
    statement:
      'Invalid input (identity schema, password policy, wrong code, unknown method) answers 400 with the flow carrying error messages (browser navigation: 303 back to the settings UI).',
    source: `${GUIDE}: "400 Form validation errors", "New password. Must meet configured password policy."; ${BEHAVIOUR}#dispatch-validation, ${BEHAVIOUR}#submit-no-strategy`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-CSRF',
    statement:
      'A browser flow submitted with a missing or wrong csrf_token is refused with 403 security_csrf_violation (browser navigation: a redirect to the error UI).',
    source: `${GUIDE}: "csrf_token: CSRF token from the flow (required for browser flows)", "security_csrf_violation - CSRF token validation failed"; ${BEHAVIOUR}#csrf-submit`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-API-BROWSER',
    statement: 'An API flow submitted with a browser cookie or an Origin header is refused with 400 (Kratos: a flow with message 4000001).',
    source: `${KRATOS}/selfservice/flow/request.go#L49-L75; ${BEHAVIOUR}#csrf-api-flows, ${BEHAVIOUR}#doc-api-flow-csrf`,
    severity: 'should',
  },
  {
    id: 'SF-PRIVILEGED',
    statement:
      'A sensitive change with a session older than privileged_session_max_age answers 403 session_refresh_required with redirect_browser_to (login with refresh=true), or redirects browser navigation there.',
    source: `${GUIDE}: "Browser flows redirect to login with ?refresh=true", "API flows return HTTP 403 with error details", "session_refresh_required - Session too old"; ${BEHAVIOUR}#privileged-session`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-422-OIDC',
    statement:
      'Linking an OIDC provider from a JSON client answers 422 browser_location_change_required with redirect_browser_to; browser navigation is redirected.',
    source: `${GUIDE}: "422 Browser location change required (OIDC linking)"; ${BEHAVIOUR}#oidc-link, ${BEHAVIOUR}#location-change-body`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-TRAITS',
    statement:
      "A successful profile change shows in the session's identity (/sessions/whoami): its traits are exactly the submitted ones (traits are replaced, not merged).",
    source: `${GUIDE}: "identity: Updated identity object with new traits/credentials."; ${BEHAVIOUR}#profile-success`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-PASSWORD',
    statement: 'After a successful password change the new password logs in and the old one does not.',
    source: `${KRATOS}/test/e2e/cypress/integration/profiles/email/settings/success.spec.ts (the old password no longer logs in); ${BEHAVIOUR}#e2e-password-change`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-TOTP',
    statement: 'After TOTP is set up the flow offers to unlink it instead of setting it up again.',
    source: `${KRATOS}/selfservice/strategy/totp/settings.go#L259-L300; ${BEHAVIOUR}#nodes-totp-linked, ${BEHAVIOUR}#e2e-totp-lifecycle`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-SECURITY-KEY',
    statement: 'After a security key or passkey is registered the flow offers to remove it.',
    source: `${KRATOS}/selfservice/strategy/webauthn/settings.go#L348-L408, ${KRATOS}/selfservice/strategy/passkey/passkey_settings.go#L51-L157; ${BEHAVIOUR}#nodes-webauthn, ${BEHAVIOUR}#nodes-passkey`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-LINK',
    statement: 'After an OIDC provider is linked the settings flow offers to unlink it (and no longer to link it).',
    source: `${KRATOS}/selfservice/strategy/oidc/strategy_settings.go#L225-L245; ${BEHAVIOUR}#nodes-oidc, ${BEHAVIOUR}#snapshots`,
    severity: 'must',
  },
  {
    id: 'SF-FLOW-TIMES',
    statement:
      "A flow's issued_at is not after its expires_at, expires_at − issued_at is the flow lifespan the target is configured with, issued_at agrees with the response's Date header, and fetching a flow does not move its expiry.",
    source: `${GUIDE}: "expires_at: When the flow expires", "issued_at: When the flow was created"; https://www.ory.sh/docs/kratos/self-service/flows/user-settings ("selfservice.flows.settings.lifespan")`,
    severity: 'must',
  },
  {
    id: 'SF-FLOW-ACTION',
    statement:
      'Every flow a response carries, errors included, has a ui.action that submits to /self-service/settings?flow=<a flow id> (its own id until it succeeds); a new init gives a new flow id.',
    source: `${KRATOS}/selfservice/flow/settings/flow.go#L175 (ui.action is the submit URL with ?flow=<id>; after success the UI comes from a fresh flow, hook.go#L276-L300)`,
    severity: 'must',
  },
  {
    id: 'SF-NO-SECRET-ECHO',
    statement: "No returned flow carries a password input's value: a submitted password is never echoed back.",
    source: `${KRATOS}/selfservice/strategy/password/settings.go#L222 (the password node is rebuilt without a value)`,
    severity: 'must',
  },
  {
    id: 'SF-API-NO-SESSION-COOKIE',
    statement: 'No response about an API flow (init, fetch or submit) sets a session cookie.',
    source: `${KRATOS}/selfservice/flow/settings/hook.go#L340-L350 (API flow success: the flow as JSON, no cookie)`,
    severity: 'must',
  },
  {
    id: 'SF-CONTINUATION',
    statement:
      "A continuation leads somewhere usable: use_flow_id and the 303 after expiry name a new, fetchable flow of the same type and identity; redirect_browser_to for re-authentication and for AAL2 on a flow carries return_to back to that flow; a continue_with redirect_browser_to item points at the flow's return_to.",
    source: `${GUIDE}: "410 Flow expired"; ${KRATOS}/selfservice/flow/settings/error.go#L98-L139; ${KRATOS}/selfservice/flow/settings/hook.go#L353-L369`,
    severity: 'must',
  },
  {
    id: 'SF-STORED-STATE',
    statement:
      "A submit's outcome is stored in the flow: after a success the flow fetched again has state success and shows the change; after a rejected browser submit the flow the browser is sent back to explains the error; the success response's identity is the submitted one.",
    source: `${GUIDE}: "state: Current state of the flow (e.g., show_form, success)", "identity: Updated identity object with new traits/credentials."; ${KRATOS}/selfservice/flow/settings/hook.go#L276`,
    severity: 'must',
  },
  {
    id: 'SF-REAUTH-RESUME',
    statement:
      'After re-authenticating as a refused change asks (login with refresh=true, or aal=aal2), the login leads back to the interrupted flow, and the change then goes through and is applied: submitted again, or, for browser navigation, resumed from the paused submit when the browser returns to the flow.',
    source: `${KRATOS}/selfservice/flow/settings/error.go#L98-L119 (return_to is the refused submit's URL); ${KRATOS}/selfservice/flow/settings/strategy_helper.go#L73-L101 (the paused submit is continued); ${KRATOS}/selfservice/flow/login/hook.go#L156-L175 (the login returns to return_to); ${BEHAVIOUR}#continuity`,
    severity: 'must',
  },
  {
    id: 'SF-ONE-TIME-CODE',
    statement:
      'A backup (lookup) code from the settings flow reaches AAL2 once: used again it is refused, and once new codes are confirmed the old ones are refused too.',
    source: `${KRATOS}/selfservice/strategy/lookup/login.go#L128-L141 (a used code is refused); ${KRATOS}/selfservice/strategy/lookup/settings.go#L282-L306 (confirming replaces the set); ${BEHAVIOUR}#lookup-secret`,
    severity: 'must',
  },
] as const satisfies readonly Requirement[];

export type RequirementId = (typeof REQUIREMENTS)[number]['id'];

export const REQUIREMENTS_BY_ID: ReadonlyMap<string, Requirement> = new Map(
  REQUIREMENTS.map((requirement) => [requirement.id, requirement]),
);
