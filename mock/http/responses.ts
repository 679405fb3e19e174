/** The JSON answer every flow endpoint gives, and the flow-id check every flow endpoint makes. */
import type { ResponseObject, ResponseToolkit } from '@hapi/hapi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function flowResponse(h: ResponseToolkit, body: unknown, code = 200): ResponseObject {
  return h
    .response(body as object)
    .code(code)
    .type('application/json; charset=utf-8');
}
