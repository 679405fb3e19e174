/**
 * CORS for the public endpoints with Kratos's `serve.public.cors` keys and defaults
 * (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/embedx/config.schema.json#L2532-L2630),
 * answered as the rs/cors middleware Kratos puts in front of them
 * (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/cmd/daemon/serve.go#L87-L95):
 * a preflight is answered 204 by the middleware itself; headers are only added for an allowed origin and method.
 */
import type { Request, ResponseObject, Server } from '@hapi/hapi';
import type { CorsConfig } from './cors-config.js';

function originAllowed(cors: CorsConfig, requestOrigin: string): boolean {
  const candidate = requestOrigin.toLowerCase();
  return cors.allowedOrigins.some((allowed) => {
    if (allowed === '*' || allowed === candidate) return true;
    const star = allowed.indexOf('*');
    if (star === -1) return false;
    const prefix = allowed.slice(0, star);
    const suffix = allowed.slice(star + 1);
    return candidate.length >= prefix.length + suffix.length && candidate.startsWith(prefix) && candidate.endsWith(suffix);
  });
}

function headerOf(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The Access-Control-Allow-Origin value: "*" when every origin is allowed, as rs/cors does, else the origin itself. */
function allowOrigin(cors: CorsConfig, requestOrigin: string): string {
  return cors.allowedOrigins.includes('*') ? '*' : requestOrigin;
}

function preflightHeaders(cors: CorsConfig, request: Request): Record<string, string> | undefined {
  const requestOrigin = headerOf(request, 'origin');
  const requestedMethod = headerOf(request, 'access-control-request-method')?.toUpperCase() ?? '';
  if (requestOrigin === undefined || !originAllowed(cors, requestOrigin)) return undefined;
  if (requestedMethod !== 'OPTIONS' && !cors.allowedMethods.includes(requestedMethod)) return undefined;
  const requestedHeaders = (headerOf(request, 'access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const allowedHeaders = new Set(['origin', ...cors.allowedHeaders.map((name) => name.toLowerCase())]);
  if (!allowedHeaders.has('*') && requestedHeaders.some((name) => !allowedHeaders.has(name.toLowerCase()))) return undefined;
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': allowOrigin(cors, requestOrigin),
    'Access-Control-Allow-Methods': requestedMethod,
  };
  if (requestedHeaders.length > 0) headers['Access-Control-Allow-Headers'] = requestedHeaders.join(', ');
  if (cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = 'true';
  if (cors.maxAgeSeconds > 0) headers['Access-Control-Max-Age'] = String(cors.maxAgeSeconds);
  return headers;
}

/** Public endpoints only: the admin API is not Kratos's public server. */
function isPublic(request: Request): boolean {
  return !request.path.startsWith('/admin/');
}

/** Answers preflights before routing and adds the CORS headers to every other public response. */
export function registerCors(server: Server, cors: () => CorsConfig): void {
  server.ext('onRequest', (request, h) => {
    const config = cors();
    if (
      !config.enabled ||
      !isPublic(request) ||
      request.method !== 'options' ||
      headerOf(request, 'access-control-request-method') === undefined
    ) {
      return h.continue;
    }
    const response = h.response().code(204);
    for (const [name, value] of Object.entries(preflightHeaders(config, request) ?? {})) response.header(name, value);
    return response.takeover();
  });
  server.ext('onPreResponse', (request, h) => {
    const config = cors();
    const response = request.response as ResponseObject | null;
    if (!config.enabled || !isPublic(request) || !response || typeof response.header !== 'function') return h.continue;
    if (request.method === 'options' && headerOf(request, 'access-control-request-method') !== undefined) {
      response.header('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
      return h.continue;
    }
    response.header('Vary', 'Origin', { append: true });
    const requestOrigin = headerOf(request, 'origin');
    if (
      requestOrigin === undefined ||
      !originAllowed(config, requestOrigin) ||
      !config.allowedMethods.includes(request.method.toUpperCase())
    )
      return h.continue;
    response.header('Access-Control-Allow-Origin', allowOrigin(config, requestOrigin));
    if (config.exposedHeaders.length > 0) response.header('Access-Control-Expose-Headers', config.exposedHeaders.join(', '));
    if (config.allowCredentials) response.header('Access-Control-Allow-Credentials', 'true');
    return h.continue;
  });
}
