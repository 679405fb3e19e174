/** Helpers for faults that act on the decoded submit: read it, and hand the handler a changed one. */
import type { Request } from '@hapi/hapi';
import { headerOf } from '../context.js';
import { decodeBody } from '../http/body.js';
import type { SettingsFlow } from '../store.js';
import type { MockContext } from '../context.js';
import { isPlainObject } from '../../spec/json.js';

export function submittedBody(request: Request): Record<string, unknown> {
  return decodeBody(request.payload as Buffer | undefined, headerOf(request, 'content-type'));
}

function flatten(prefix: string, value: unknown, into: URLSearchParams): void {
  if (isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(prefix === '' ? key : `${prefix}.${key}`, inner, into);
  } else if (value !== undefined) {
    into.append(prefix, String(value));
  }
}

/** Replaces the raw payload with `body`, encoded the way the client encoded it. */
export function replaceBody(request: Request, body: Record<string, unknown>): void {
  const json = (headerOf(request, 'content-type') ?? '').toLowerCase().includes('json');
  const params = new URLSearchParams();
  if (!json) flatten('', body, params);
  (request as { payload: unknown }).payload = Buffer.from(json ? JSON.stringify(body) : params.toString());
}

/** The settings flow a submit or fetch addresses. */
export function addressedFlow(mock: MockContext, request: Request): SettingsFlow | undefined {
  const id = request.query['flow'] ?? request.query['id'];
  return typeof id === 'string' ? mock.store.getSettingsFlow(id) : undefined;
}
