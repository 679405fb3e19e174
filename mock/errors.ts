/**
 * Kratos's herodot error envelope (docs/kratos-behavior.md#error-envelope) and every error the mock
 * answers with, one named constructor each, with the texts of docs/kratos-behavior.md#error-shapes-table. This is the
 * only module that constructs a KratosError (test/architecture/error-constructors.test.ts).
 */
import { STATUS_CODES } from 'node:http';

export interface HerodotError {
  id?: string;
  code: number;
  status: string;
  request?: string;
  reason?: string;
  details?: Record<string, unknown>;
  message: string;
}

/** An error answered with the herodot envelope; `extra` adds top-level fields (redirect_browser_to, use_flow_id, …). */
export class KratosError extends Error {
  override name = 'KratosError';
  readonly code: number;
  readonly id: string | undefined;
  readonly reason: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string | string[]>;

  constructor(input: {
    code: number;
    message: string;
    id?: string;
    reason?: string;
    details?: Record<string, unknown>;
    extra?: Record<string, unknown>;
    headers?: Record<string, string | string[]>;
  }) {
    super(input.message);
    this.code = input.code;
    this.id = input.id;
    this.reason = input.reason;
    this.details = input.details;
    this.extra = input.extra ?? {};
    this.headers = input.headers ?? {};
  }

  body(requestId?: string): Record<string, unknown> {
    const error: HerodotError = { code: this.code, status: reasonPhrase(this.code), message: this.message };
    if (this.id) error.id = this.id;
    if (requestId) error.request = requestId;
    if (this.reason) error.reason = this.reason;
    if (this.details && Object.keys(this.details).length > 0) error.details = this.details;
    return { error: orderError(error), ...this.extra };
  }
}

/** herodot's field order, without the fields left undefined. */
function orderError(error: HerodotError): HerodotError {
  const { id, code, status, request, reason, details, message } = error;
  return JSON.parse(JSON.stringify({ id, code, status, request, reason, details, message })) as HerodotError;
}

export function isKratosError(value: unknown): value is KratosError {
  return value instanceof KratosError;
}

export function reasonPhrase(code: number): string {
  return STATUS_CODES[code] ?? 'Unknown';
}

const MALFORMED = 'The request was malformed or contained invalid parameters';
const FORBIDDEN = 'The requested action was forbidden';
const NOT_FOUND = 'The requested resource could not be found';
const UNAUTHORIZED = 'The request could not be authorized';
const NO_ACTIVE_SESSION = 'request does not have a valid authentication session';
const GONE = 'The requested resource is no longer available because it has expired or is otherwise invalid.';
const API_FLOW_BLOCKED =
  'The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.';

/** `{ [name]: value }`, or nothing for an absent value (an empty reason counts as absent, as herodot omits it). */
function optional<T>(name: string, value: T | undefined): Record<string, T> {
  return value === undefined || value === '' ? {} : { [name]: value };
}

function sessionInactive(reason: string, extra?: Record<string, unknown>): KratosError {
  return new KratosError({ code: 401, id: 'session_inactive', message: NO_ACTIVE_SESSION, reason, ...optional('extra', extra) });
}

export const errors = {
  /** herodot's generic 400; a few Kratos errors give it an id. */
  badRequest: (reason?: string, id?: string) =>
    new KratosError({ code: 400, message: MALFORMED, ...optional('reason', reason), ...optional('id', id) }),
  notFound: (reason?: string) => new KratosError({ code: 404, message: NOT_FOUND, ...optional('reason', reason) }),
  forbidden: (reason: string) => new KratosError({ code: 403, message: FORBIDDEN, reason }),
  unauthorized: (reason: string) => new KratosError({ code: 401, message: UNAUTHORIZED, reason }),
  conflict: (reason: string) => new KratosError({ code: 409, message: 'The resource could not be created due to a conflict', reason }),
  internal: (reason: string) =>
    new KratosError({ code: 500, message: 'An internal server error occurred, please contact the system administrator', reason }),
  methodNotAllowed: (reason: string) => new KratosError({ code: 405, message: 'Method Not Allowed', reason }),
  payloadTooLarge: () =>
    new KratosError({
      code: 413,
      message: 'The request body is too large',
      reason: 'The HTTP request body exceeds the configured size limit.',
    }),
  /** Any other client error the HTTP layer reports, with the status's reason phrase as message. */
  clientError: (code: number, reason: string) => new KratosError({ code, message: reasonPhrase(code), reason }),
  /** A store lookup that found nothing (docs/kratos-behavior.md#err-unknown-flow-get). */
  resourceNotLocated: () => new KratosError({ code: 404, message: 'Unable to locate the resource' }),
  /** docs/kratos-behavior.md#err-disabled */
  strategyDisabled: () =>
    errors.notFound(
      'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
    ),

  /** docs/kratos-behavior.md#err-no-session-browser (with `extra`) and the routes answering the same. */
  sessionInactive: (extra?: Record<string, unknown>) => sessionInactive('No active session was found in this request.', extra),
  /** docs/kratos-behavior.md#err-no-session-api: a route without an unauthenticated handler of its own. */
  sessionInactiveOnEndpoint: () => sessionInactive('This endpoint can only be accessed with a valid session. Please log in and try again.'),
  /** 401 without an id: `/flows` and submit (docs/kratos-behavior.md#err-no-session-flows). */
  sessionMissing: () => errors.unauthorized('A valid Ory Session Cookie or Ory Session Token is missing.'),
  /** docs/kratos-behavior.md#err-aal */
  sessionAal2Required: (redirectBrowserTo: string) =>
    new KratosError({
      code: 403,
      id: 'session_aal2_required',
      message: 'Session does not fulfill the requested Authenticator Assurance Level',
      reason:
        'An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.',
      details: { redirect_browser_to: redirectBrowserTo },
      extra: { redirect_browser_to: redirectBrowserTo },
    }),
  /** A login flow asking for AAL2 without a session (docs/kratos-behavior.md#aal-redirect). */
  sessionAal1Required: () =>
    new KratosError({
      code: 401,
      id: 'session_aal1_required',
      message: UNAUTHORIZED,
      reason: 'You can not requested a higher AAL (AAL2/AAL3) without an active session.',
    }),
  /** docs/kratos-behavior.md#err-refresh */
  sessionRefreshRequired: (redirectBrowserTo: string) =>
    new KratosError({
      code: 403,
      id: 'session_refresh_required',
      message: FORBIDDEN,
      reason: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
      extra: { redirect_browser_to: redirectBrowserTo },
    }),
  /** Login, registration or recovery started with a session (docs/kratos-behavior.md#reauth-response: refresh=true). */
  sessionAlreadyAvailable: (kind: 'login' | 'registration' | 'recovery') =>
    errors.badRequest(
      `A valid session was detected and thus ${kind} is not possible.${kind === 'login' ? ' Did you forget to set `?refresh=true`?' : ''}`,
      'session_already_available',
    ),

  /** docs/kratos-behavior.md#err-expired-submit; `extra` carries expired_at, since and use_flow_id where Kratos sends them. */
  selfServiceFlowExpired: (reason: string, extra?: Record<string, unknown>) =>
    new KratosError({
      code: 410,
      id: 'self_service_flow_expired',
      message: 'self-service flow expired',
      reason,
      ...optional('extra', extra),
    }),
  /** An expired flow fetched: 410 without an id (docs/kratos-behavior.md#err-expired-get). */
  flowGone: (reason: string, details?: Record<string, unknown>) =>
    new KratosError({ code: 410, message: GONE, reason, ...optional('details', details) }),
  /** docs/kratos-behavior.md#err-mismatch-submit and docs/kratos-behavior.md#err-mismatch-get */
  securityIdentityMismatch: (on: 'submit' | 'fetch') =>
    new KratosError({
      code: 403,
      id: 'security_identity_mismatch',
      message: FORBIDDEN,
      reason:
        on === 'submit'
          ? 'The request was initiated by someone else and has been blocked for security reasons. Please go back and try again.'
          : 'The request was made for another identity and has been blocked for security reasons.',
    }),
  /** docs/kratos-behavior.md#err-return-to */
  returnToForbidden: (requested: string) =>
    errors.badRequest(`Requested return_to URL "${requested}" is not allowed.`, 'self_service_flow_return_to_forbidden'),
  /** docs/kratos-behavior.md#err-csrf, with the details of docs/kratos-behavior.md#csrf-details. */
  securityCsrfViolation: (details: Record<string, unknown>) =>
    new KratosError({
      code: 403,
      id: 'security_csrf_violation',
      message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
      reason:
        'Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
      details,
    }),
  /** An API flow submitted with an Origin header (docs/kratos-behavior.md#csrf-api-flows). */
  apiFlowWithOrigin: () =>
    errors.badRequest(
      `The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. ${API_FLOW_BLOCKED}`,
    ),
  /** An API flow submitted with cookies (docs/kratos-behavior.md#csrf-api-flows). */
  apiFlowWithCookies: (found: string[]) =>
    new KratosError({
      code: 400,
      message: MALFORMED,
      details: { 'found cookies': found },
      reason: `The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. ${API_FLOW_BLOCKED}`,
    }),
  /** docs/kratos-behavior.md#err-location-change */
  browserLocationChangeRequired: (url: string) =>
    new KratosError({
      code: 422,
      id: 'browser_location_change_required',
      message: 'browser location change required',
      reason: `In order to complete this flow please redirect the browser to: ${url}`,
      extra: { redirect_browser_to: url },
    }),
};
