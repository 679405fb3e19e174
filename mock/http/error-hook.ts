/**
 * The one error path (docs/kratos-behavior.md#error-shapes): every Boom or KratosError becomes the herodot envelope,
 * and every response gets the cookies queued during the request and Kratos's cache policy.
 */
import type { Request, ResponseObject, ResponseToolkit, Server } from '@hapi/hapi';
import { errors, isKratosError, type KratosError } from '../errors.js';

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
  if (code === 404) return errors.notFound('No route matches this path.');
  if (code === 405) return errors.methodNotAllowed('This method is not allowed on this route.');
  if (code === 413) return errors.payloadTooLarge();
  if (code === 415) return errors.badRequest(`Unsupported HTTP Header "Content-Type": ${boom.message}`);
  if (code === 400) {
    const invalidJson = boom.message === 'Invalid request payload JSON format';
    return errors.badRequest(invalidJson ? 'Unable to decode JSON payload: the request body is not valid JSON.' : boom.message);
  }
  if (code < 500) return errors.clientError(code, boom.message);
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
    const out = h
      .response(body)
      .code(kratosError.code)
      .type('application/json')
      .header('Ory-Error-Id', kratosError.id ?? '');
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
