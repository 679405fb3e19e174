/**
 * Checks shared by the settings endpoints: AAL, privilege, CSRF, and the redirects and errors they produce
 * (docs/kratos-behavior.md#mechanics).
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { cookiesOf, csrfRealToken, headerOf, performs, type MockContext } from '../context.js';
import { errors, type KratosError } from '../errors.js';
import { csrfCookieName, verifyMaskedToken } from '../http/csrf.js';
import { withQuery } from '../http/urls.js';
import type { FlowType, Identity, Session } from '../store.js';

export function isPrivileged(ctx: MockContext, session: Session): boolean {
  const maxAge = ctx.config.privilegedMaxAgeMs;
  return maxAge <= 0 || !performs(ctx, 'privileged-session') || session.authenticatedAt + maxAge > ctx.now();
}

export function firstFactorCount(ctx: MockContext, identity: Identity): number {
  return ctx.strategies.reduce(
    (count, strategy) => count + (strategy.firstFactorCredentials?.(identity) ?? (strategy.isFirstFactor?.(identity) ? 1 : 0)),
    0,
  );
}

/**
 * docs/kratos-behavior.md#aal: aal1 is enough unless required_aal is highest_available and the identity has a second
 * factor.
 */
export function aalSatisfied(ctx: MockContext, session: Session, identity: Identity): boolean {
  if (session.aal === 'aal2' || ctx.config.requiredAal === 'aal1') return true;
  return !ctx.strategies.some((strategy) => strategy.isSecondFactor?.(identity));
}

export function aalRedirectUrl(ctx: MockContext, returnTo?: string): string {
  return withQuery(
    `${ctx.config.publicBaseUrl}/self-service/login/browser`,
    returnTo ? { aal: 'aal2', return_to: returnTo } : { aal: 'aal2' },
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/**
 * Go's http.Redirect: GET and HEAD get a tiny HTML body with the link, other methods none
 * (docs/kratos-behavior.md#redirect).
 */
export function redirect(h: ResponseToolkit, location: string, code: 302 | 303 = 303): ResponseObject {
  const method = h.request.method;
  if (method !== 'get' && method !== 'head') return h.response().code(code).header('Location', location);
  const text = code === 302 ? 'Found' : 'See Other';
  return h
    .response(`<a href="${escapeHtml(location)}">${text}</a>.\n\n`)
    .code(code)
    .header('Location', location)
    .type('text/html');
}

/**
 * docs/kratos-behavior.md#error-ui: a JSON client gets the error as JSON; everyone else is sent to the error UI with a
 * stored error id.
 */
export function forwardError(ctx: MockContext, h: ResponseToolkit, error: KratosError, json: boolean): ResponseObject {
  if (json) throw error;
  const container = ctx.store.saveError(error.body()['error']);
  return redirect(h, withQuery(ctx.config.ui.error, { id: container.id }));
}

// Kratos's hint and reason texts, chosen as CSRFErrorReason chooses them:
// https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/nosurfx/nosurf.go#L48-L95
// https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/nosurfx/nosurf.go#L226-L261
const HINT_AJAX =
  "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded.";
const HINT_SERVER =
  "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";
const TOKEN_NOT_SENT =
  'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).';

function csrfError(ctx: MockContext, request: Request, body: Record<string, unknown>): KratosError {
  const mode = request.headers['sec-fetch-mode'];
  const hint = mode === 'cors' || mode === 'same-origin' ? HINT_AJAX : HINT_SERVER;
  const details: Record<string, unknown> = { docs: 'https://www.ory.com/docs/troubleshooting/csrf' };
  const sentToken = `${typeof body['csrf_token'] === 'string' ? body['csrf_token'] : ''}${headerOf(request, 'x-csrf-token') ?? ''}`;
  if (!headerOf(request, 'cookie')) Object.assign(details, { hint, reject_reason: 'The HTTP Cookie Header is empty or not set.' });
  else if (!cookiesOf(request).has(csrfCookieName(ctx.config.publicBaseUrl))) {
    Object.assign(details, { hint, reject_reason: 'The HTTP Cookie Header was set but did not include the anti-CSRF cookie.' });
  } else if (!(headerOf(request, 'content-type') ?? '').startsWith('application/json') && sentToken === '') {
    details['hint'] = TOKEN_NOT_SENT;
  } else {
    Object.assign(details, {
      hint,
      reject_reason:
        'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.',
    });
  }
  return errors.securityCsrfViolation(details);
}

const CLOUDFLARE_PREFIXES = ['__cf', '_cf', 'cf_'];

/**
 * Kratos's flow.EnsureCSRF (docs/kratos-behavior.md#csrf-submit): browser flows compare the body token; API flows
 * refuse Origin and cookies.
 */
export function ensureCsrf(ctx: MockContext, request: Request, flowType: FlowType, body: Record<string, unknown>): void {
  if (flowType === 'api') {
    if (request.headers['origin'] !== undefined) throw errors.apiFlowWithOrigin();
    const found = [...cookiesOf(request).keys()].filter((name) => !CLOUDFLARE_PREFIXES.some((prefix) => name.startsWith(prefix)));
    if (found.length > 0) throw errors.apiFlowWithCookies(found);
    return;
  }
  if (!performs(ctx, 'csrf-token')) return;
  const real = csrfRealToken(ctx, request, false);
  if (!real || !verifyMaskedToken(real, body['csrf_token'])) throw csrfError(ctx, request, body);
}
