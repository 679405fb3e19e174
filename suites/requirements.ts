/**
 * What a settings-flow server must (or should) do, each with where it comes from. Where the documentation and Kratos
 * disagree (catalogue §9) the requirement's statement names both behaviours and the checks accept either.
 */
import type { Severity } from '../reporters/report.js';

export interface Requirement {
  id: string;
  statement: string;
  source: string;
  severity: Severity;
}

const GUIDE = 'seeds/settings-flow-guide.txt';
const BROWSER_REFERENCE = 'seeds/ory-api-reference-createBrowserSettingsFlow.txt';
const GET_REFERENCE = 'seeds/ory-api-reference-getSettingsFlow.txt';

export const REQUIREMENTS = [
  {
    id: 'SF-STATUS-DOCUMENTED',
    statement: 'Every response uses a status the operation documents (an error status outside the list is covered by the documented `default` error response).',
    source: 'kratos-api.json responses of the four operations; DESIGN.md "The API under test"',
    severity: 'must',
  },
  {
    id: 'SF-JSON-CONTENT-TYPE',
    statement: 'A JSON body (flow or error) is served with Content-Type application/json.',
    source: `${GET_REFERENCE}: "200 settingsFlow application/json, object"; catalogue §0 ERRJSON/FLOWJSON`,
    severity: 'must',
  },
  {
    id: 'SF-SCHEMA',
    statement: 'A JSON body matches the documented schema for its operation and status (settingsFlow or errorGeneric).',
    source: `${GET_REFERENCE}: responses table; kratos-api.json`,
    severity: 'must',
  },
  {
    id: 'SF-ERROR-ENVELOPE',
    statement: 'An error answer is the Ory envelope {"error":{"code","status","message",...}} whose code equals the HTTP status.',
    source: 'catalogue §0 ERRJSON and §6; kratos-api.json errorGeneric',
    severity: 'must',
  },
  {
    id: 'SF-REDIRECT-LOCATION',
    statement: 'A redirect carries a Location header with a URL the browser can follow.',
    source: `${GUIDE}: "303 Redirect to settings UI or login"`,
    severity: 'must',
  },
  {
    id: 'SF-CSRF-COOKIE',
    statement: 'Initialising a browser flow without an anti-CSRF cookie sets one that is HttpOnly and SameSite=Lax.',
    source: 'catalogue §1.4 (cookie attributes) and §3.1 row 0',
    severity: 'should',
  },
  {
    id: 'SF-API-NO-COOKIE',
    statement: 'The native (API) init endpoint sets no cookie.',
    source: 'catalogue §3.2 "CSRF middleware is bypassed: no Set-Cookie"',
    severity: 'must',
  },
  {
    id: 'SF-FLOW-SHAPE',
    statement: 'A created flow has the type of its endpoint (browser or api), state show_form, and a UI that POSTs to /self-service/settings?flow=<its id>.',
    source: `${GUIDE}: "type: The flow type: browser or api", "state: Current state of the flow (e.g., show_form, success)"; catalogue §2`,
    severity: 'must',
  },
  {
    id: 'SF-INIT-SUCCESS',
    statement: 'With a valid session a browser init answers 200 with the flow to AJAX clients and 303 to the settings UI otherwise; the native init answers 200.',
    source: `${GUIDE}: "200 Settings flow created (AJAX requests)", "303 Redirect to settings UI or login", "200 Settings flow created successfully"`,
    severity: 'must',
  },
  {
    id: 'SF-UNAUTHENTICATED',
    statement: 'Without a valid session every settings endpoint answers 401 to JSON and API clients and redirects browser navigation to login (Kratos: 302 on /flows and submit; 401 without error.id there).',
    source: `${GUIDE}: "The settings flow requires an active session. Unauthenticated users will be redirected to login.", "401 No active session"; catalogue §3.1-§3.4 row 1, §9.5`,
    severity: 'must',
  },
  {
    id: 'SF-AAL2-REQUIRED',
    statement: 'An AAL1 session of an identity with a second factor gets 403 session_aal2_required (with redirect_browser_to) or, for browser navigation, a redirect to login with aal=aal2.',
    source: `${GUIDE}: "403 Session AAL too low", "session_aal2_required - Multi-factor authentication required"; catalogue §1.5`,
    severity: 'must',
  },
  {
    id: 'SF-RETURN-TO',
    statement: 'A return_to that is not allowed (or cannot be parsed) is rejected with 400 (self_service_flow_return_to_forbidden; the docs name security_identity_mismatch) or, for browser navigation, a redirect to the error UI.',
    source: `${BROWSER_REFERENCE}: "security_identity_mismatch: The requested ?return_to address is not allowed"; catalogue §3.1 row 3, §9.6`,
    severity: 'must',
  },
  {
    id: 'SF-GET-FLOW',
    statement: 'The owner of a flow fetches it with 200.',
    source: `${GUIDE}: "200 Settings flow found"`,
    severity: 'must',
  },
  {
    id: 'SF-GET-404-UNKNOWN',
    statement: 'Fetching a flow id that is unknown, malformed or missing answers 404.',
    source: `${GUIDE}: "404 Flow not found"; catalogue §3.3 row 2`,
    severity: 'must',
  },
  {
    id: 'SF-FOREIGN-FLOW',
    statement: 'Another identity\'s flow is refused with 403 security_identity_mismatch (browser navigation on submit: a redirect to the error UI).',
    source: `${GUIDE}: "security_identity_mismatch - Identity changed during flow"; catalogue §3.3 row 3, §3.4 row 6`,
    severity: 'must',
  },
  {
    id: 'SF-GET-410-EXPIRED',
    statement: 'Fetching an expired flow answers 410 (Kratos: without error.id, with details to start a new flow).',
    source: `${GUIDE}: "410 Flow expired"; catalogue §3.3 row 5, §9.1`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-410-EXPIRED',
    statement: 'Submitting an expired flow answers 410 self_service_flow_expired with use_flow_id (API flows and JSON clients) or redirects the browser to a new flow.',
    source: `${GUIDE}: "410 Flow expired"; catalogue §3.4 row 5, §1.8 row a4, §9.7`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-FLOW-ID',
    statement: 'Submitting with a missing or malformed ?flow= answers 400, an unknown flow 404 (browser navigation: a redirect to the error UI).',
    source: 'catalogue §3.4 rows 2-3, §6 "Unknown flow (POST, J1)"',
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-SUCCESS',
    statement: 'A valid submit succeeds: 200 with state success for API flows and JSON clients, 303 for browser navigation (to the flow\'s return_to when it has one).',
    source: `${GUIDE}: "200 Settings updated successfully", "303 redirect to the return_to URL or settings UI on success", "200 with JSON if Accept: application/json header is set"; catalogue §3.4 row 10`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-400-VALIDATION',
    statement: 'Invalid input (identity schema, password policy, wrong code, unknown method) answers 400 with the flow carrying error messages (browser navigation: 303 back to the settings UI).',
    source: `${GUIDE}: "400 Form validation errors", "New password. Must meet configured password policy."; catalogue §1.8 row c, §3.4 row 7`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-CSRF',
    statement: 'A browser flow submitted with a missing or wrong csrf_token is refused with 403 security_csrf_violation (browser navigation: a redirect to the error UI).',
    source: `${GUIDE}: "csrf_token: CSRF token from the flow (required for browser flows)", "security_csrf_violation - CSRF token validation failed"; catalogue §1.4`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-API-BROWSER',
    statement: 'An API flow submitted with a browser cookie or an Origin header is refused with 400 (Kratos: a flow with message 4000001).',
    source: 'catalogue §1.4 "API flow … An Origin header gives 400 … Any cookie … gives 400", §9.2',
    severity: 'should',
  },
  {
    id: 'SF-PRIVILEGED',
    statement: 'A sensitive change with a session older than privileged_session_max_age answers 403 session_refresh_required with redirect_browser_to (login with refresh=true), or redirects browser navigation there.',
    source: `${GUIDE}: "Browser flows redirect to login with ?refresh=true", "API flows return HTTP 403 with error details", "session_refresh_required - Session too old"`,
    severity: 'must',
  },
  {
    id: 'SF-UPDATE-422-OIDC',
    statement: 'Linking an OIDC provider from a JSON client answers 422 browser_location_change_required with redirect_browser_to; browser navigation is redirected.',
    source: `${GUIDE}: "422 Browser location change required (OIDC linking)"; catalogue §4.3, §6`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-TRAITS',
    statement: 'A successful profile change shows in the session\'s identity (/sessions/whoami).',
    source: `${GUIDE}: "identity: Updated identity object with new traits/credentials."`,
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-PASSWORD',
    statement: 'After a successful password change the new password logs in and the old one does not.',
    source: 'catalogue §8 "email/settings/success: the old password no longer logs in after the change", "mobile/settings"',
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-TOTP',
    statement: 'After TOTP is set up the flow offers to unlink it instead of setting it up again.',
    source: 'catalogue §2 nodes table (totp has TOTP: totp_unlink), §8 "mfa/totp: full lifecycle"',
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-SECURITY-KEY',
    statement: 'After a security key or passkey is registered the flow offers to remove it.',
    source: 'catalogue §2 nodes table (webauthn: per credential webauthn_remove; passkey: per credential passkey_remove), §4.6, §4.7',
    severity: 'must',
  },
  {
    id: 'SF-EFFECT-LINK',
    statement: 'After an OIDC provider is linked the settings flow offers to unlink it (and no longer to link it).',
    source: 'catalogue §2 nodes table (oidc link/unlink), §7 "should_link_a_connection-flow=fetch: google flips link→unlink"',
    severity: 'must',
  },
] as const satisfies readonly Requirement[];

export type RequirementId = (typeof REQUIREMENTS)[number]['id'];

export const REQUIREMENTS_BY_ID: ReadonlyMap<string, Requirement> = new Map(REQUIREMENTS.map((requirement) => [requirement.id, requirement]));
