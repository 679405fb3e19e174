/**
 * A fault: one realistic way a server gets the settings flow wrong, switched on by name (`mock --fault NAME`,
 * `init({ faults })`). It changes behaviour the way a buggy server would; it never tells the client it is on.
 */
import type { Request, ResponseObject, Server } from '@hapi/hapi';
import { STATUS_CODES } from 'node:http';
import type { MockContext } from '../context.js';
import { SETTINGS_OPERATION_IDS, settingsOperationOf } from '../routes/operations.js';
import type { SettingsOperationId } from '../../spec/index.js';
import { asPlainObject as asObject, type JsonObject } from '../../spec/json.js';

export interface FaultTarget {
  server: Server;
  mock: MockContext;
}

export interface Fault {
  name: string;
  description: string;
  /** The requirement ids (suites/requirements.ts) this bug violates, by the requirement's meaning. */
  breaks: readonly string[];
  apply(target: FaultTarget): void;
}

/** The four settings operations, by which a fault picks the responses it changes (mock/routes/operations.ts). */
export type SettingsRoute = SettingsOperationId;

export const ALL_SETTINGS_ROUTES: readonly SettingsRoute[] = SETTINGS_OPERATION_IDS;

export function settingsRouteOf(request: Request): SettingsRoute | undefined {
  return settingsOperationOf(request);
}

// The faults' JSON helpers are the spec's, under the names the faults use.
export { asObject, type JsonObject };

/** The JSON body a response will send, or undefined for redirects, HTML and streams. */
export function jsonBody(response: ResponseObject): JsonObject | undefined {
  return response.variety === 'plain' ? asObject(response.source) : undefined;
}

/** Replaces the body with a rewritten deep copy: the source may share objects with the store. */
export function rewriteBody(response: ResponseObject, rewrite: (body: JsonObject) => JsonObject | undefined): void {
  const body = jsonBody(response);
  if (!body) return;
  const copy = structuredClone(body);
  (response as { source: unknown }).source = rewrite(copy) ?? copy;
}

export type ResponseHook = (response: ResponseObject, request: Request, route: SettingsRoute) => void;

/**
 * Runs `hook` on every response of the given settings routes, after the mock's own error path has shaped it
 * (extensions run in registration order, and the error hook is registered first).
 */
export function onSettingsResponse(server: Server, routes: readonly SettingsRoute[], hook: ResponseHook): void {
  server.ext('onPreResponse', (request, h) => {
    const route = settingsRouteOf(request);
    const response = request.response;
    if (route === undefined || !routes.includes(route) || (response as { isBoom?: boolean }).isBoom) return h.continue;
    hook(response as ResponseObject, request, route);
    return h.continue;
  });
}

/** `error.id` of an error envelope body. */
export function errorIdOf(body: JsonObject | undefined): unknown {
  return asObject(body?.['error'])?.['id'];
}

export function headerValue(response: ResponseObject, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

export function isRedirect(response: ResponseObject): boolean {
  return [301, 302, 303, 307, 308].includes(response.statusCode);
}

/** Changes a redirect's Location by a URL rewrite. */
export function rewriteLocation(response: ResponseObject, rewrite: (url: URL) => void): void {
  const location = headerValue(response, 'location');
  if (!isRedirect(response) || location === undefined) return;
  const url = new URL(location);
  rewrite(url);
  response.header('Location', url.href);
}

/** The ui.nodes list of a flow body, if it is one. */
export function nodesOf(body: JsonObject | undefined): JsonObject[] | undefined {
  const nodes = asObject(body?.['ui'])?.['nodes'];
  return Array.isArray(nodes) ? nodes.map(asObject).filter((node): node is JsonObject => node !== undefined) : undefined;
}

/** Changes the status, keeping an error envelope consistent with it (the bug is the status, not the envelope). */
export function answerWith(response: ResponseObject, code: number): void {
  response.code(code);
  rewriteBody(response, (body) => {
    const error = asObject(body['error']);
    if (error) Object.assign(error, { code, status: STATUS_CODES[code] ?? 'Unknown' });
  });
}
