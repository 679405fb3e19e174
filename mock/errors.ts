/**
 * Kratos's herodot error envelope and the single error path (docs/kratos-behavior.md#error-envelope,
 * docs/kratos-behavior.md#error-shapes).
 */
import type { Request, ResponseObject, ResponseToolkit, Server } from '@hapi/hapi';
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
    code: number; message: string; id?: string; reason?: string; details?: Record<string, unknown>;
    extra?: Record<string, unknown>; headers?: Record<string, string | string[]>;
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

export const errors = {
  badRequest: (reason?: string, id?: string) =>
    new KratosError({ code: 400, message: 'The request was malformed or contained invalid parameters', ...(reason ? { reason } : {}), ...(id ? { id } : {}) }),
  notFound: (reason?: string) =>
    new KratosError({ code: 404, message: 'The requested resource could not be found', ...(reason ? { reason } : {}) }),
  forbidden: (reason: string, id?: string) =>
    new KratosError({ code: 403, message: 'The requested action was forbidden', reason, ...(id ? { id } : {}) }),
  unauthorized: (reason: string) =>
    new KratosError({ code: 401, message: 'The request could not be authorized', reason }),
  conflict: (reason: string) =>
    new KratosError({ code: 409, message: 'The resource could not be created due to a conflict', reason }),
  internal: (reason: string) =>
    new KratosError({ code: 500, message: 'An internal server error occurred, please contact the system administrator', reason }),
  strategyDisabled: () =>
    new KratosError({
      code: 404, message: 'The requested resource could not be found',
      reason: 'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
    }),
};

interface BoomLike {
  isBoom: true;
  output: { statusCode: number; headers: Record<string, string | string[] | number | undefined> };
  message: string;
  data?: unknown;
}

function isBoom(value: unknown): value is BoomLike {
  return typeof value === 'object' && value !== null && (value as { isBoom?: unknown }).isBoom === true;
}

/** Maps hapi's own errors (404 route, 405, 413, 415, bad JSON) to Kratos-shaped errors with clear reasons. */
function fromBoom(boom: BoomLike): KratosError {
  const code = boom.output.statusCode;
  if (code === 404) return new KratosError({ code, message: 'The requested resource could not be found', reason: 'No route matches this path.' });
  if (code === 405) return new KratosError({ code, message: 'Method Not Allowed', reason: 'This method is not allowed on this route.' });
  if (code === 413) {
    return new KratosError({ code, message: 'The request body is too large', reason: 'The HTTP request body exceeds the configured size limit.' });
  }
  if (code === 415) return errors.badRequest(`Unsupported HTTP Header "Content-Type": ${boom.message}`);
  if (code === 400) {
    const invalidJson = boom.message === 'Invalid request payload JSON format';
    return errors.badRequest(invalidJson ? 'Unable to decode JSON payload: the request body is not valid JSON.' : boom.message);
  }
  if (code < 500) return new KratosError({ code, message: reasonPhrase(code), reason: boom.message });
  return errors.internal(boom.message);
}

export interface ErrorHookOptions {
  /** Called with every JSON body the mock sends, for response self-validation in tests. */
  onResponse?: (request: Request, status: number, body: unknown, headers: Record<string, unknown>) => void;
  log?: (message: string) => void;
}

/** The one error path: every Boom or KratosError becomes the herodot envelope with `Ory-Error-Id`. */
export function registerErrorHook(server: Server, options: ErrorHookOptions = {}): void {
  server.ext('onPreResponse', (request: Request, h: ResponseToolkit) => {
    const response = request.response;
    let kratosError: KratosError | undefined;
    if (isKratosError(response)) kratosError = response;
    else if (isBoom(response)) {
      const original = (response as unknown as { data?: unknown }).data;
      if (isKratosError(original)) kratosError = original;
      else {
        if (response.output.statusCode >= 500) {
          const detail = (response as unknown as Error).stack ?? response.message;
          options.log?.(`internal error on ${request.method.toUpperCase()} ${request.path}: ${detail}`);
        }
        kratosError = fromBoom(response);
      }
    }
    if (!kratosError) {
      const plain = response as ResponseObject;
      if (options.onResponse && plain.variety === 'plain') options.onResponse(request, plain.statusCode, plain.source, plain.headers);
      finish(request, plain);
      return h.continue;
    }
    const requestId = request.headers['x-request-id'];
    const body = kratosError.body(typeof requestId === 'string' ? requestId : undefined);
    options.onResponse?.(request, kratosError.code, body, {});
    // herodot writes `application/json` without a charset.
    const out = h.response(body).code(kratosError.code).type('application/json').header('Ory-Error-Id', kratosError.id ?? '');
    out.charset();
    for (const [name, value] of Object.entries(kratosError.headers)) {
      for (const single of Array.isArray(value) ? value : [value]) out.header(name, single, { append: true });
    }
    finish(request, out);
    return out;
  });
}

/** Headers every response gets: the cookies queued during the request, Kratos's cache policy on public GETs. */
function finish(request: Request, response: ResponseObject): void {
  for (const cookie of pendingCookies(request)) response.header('Set-Cookie', cookie, { append: true });
  if (request.method === 'get' && !request.path.startsWith('/admin/')) {
    response.header('Cache-Control', 'private, no-cache, no-store, must-revalidate');
  }
  response.header('Vary', 'Cookie');
}

/** Queues a `Set-Cookie` header for whatever response the request ends with, error or not. */
export function setCookieLater(request: Request, cookie: string): void {
  pendingCookies(request).push(cookie);
}

function pendingCookies(request: Request): string[] {
  const app = request.app as { setCookies?: string[] };
  app.setCookies ??= [];
  return app.setCookies;
}
