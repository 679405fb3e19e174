/**
 * Request body decoding as Kratos's decoderx does it for self-service submits
 * (docs/kratos-behavior.md#submit-body-decoding).
 */
import { errors } from '../errors.js';
import { isPlainObject } from '../../spec/json.js';

const SUPPORTED = '[multipart/form-data application/x-www-form-urlencoded application/json]';

/** `{"traits.email": x}` → `{traits: {email: x}}`; later keys win. */
export function expandDottedKeys(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let current = out;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(current[part])) current[part] = {};
      current = current[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1] ?? '';
    current[last] = isPlainObject(value) && isPlainObject(current[last]) ? { ...(current[last] as object), ...value } : value;
  }
  return out;
}

/**
 * Form fields as Kratos's form decoder keeps them: an empty value is left out, as if the field was not sent, so an
 * optional trait left blank in an HTML form is not validated as "".
 */
function nonEmptyFormFields(entries: Iterable<[string, string]>): Record<string, unknown> {
  return Object.fromEntries([...entries].filter(([, value]) => value !== ''));
}

function parseMultipart(raw: Buffer, contentType: string): Array<[string, string]> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw errors.badRequest('Unable to decode multipart/form-data body: the boundary is missing.');
  const fields: Array<[string, string]> = [];
  for (const part of raw.toString('utf8').split(`--${boundary}`)) {
    const separator = part.indexOf('\r\n\r\n');
    if (separator === -1) continue;
    const head = part.slice(0, separator);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename=/i.test(head)) continue;
    fields.push([name, part.slice(separator + 4).replace(/\r\n$/, '')]);
  }
  return fields;
}

/** The decoded body, or a 400 KratosError with Kratos's reason (it becomes message 4000001 on the flow). */
export function decodeBody(raw: Buffer | undefined, contentTypeHeader: string | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) {
    throw errors.badRequest('Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.');
  }
  const contentType = (contentTypeHeader ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw errors.badRequest(`Unable to decode JSON payload: ${(error as Error).message}`);
    }
    if (!isPlainObject(parsed)) throw errors.badRequest('Unable to decode JSON payload: the body must be a JSON object.');
    return expandDottedKeys(parsed);
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    return expandDottedKeys(nonEmptyFormFields(new URLSearchParams(raw.toString('utf8'))));
  }
  if (contentType === 'multipart/form-data') {
    return expandDottedKeys(nonEmptyFormFields(parseMultipart(raw, contentTypeHeader ?? '')));
  }
  throw errors.badRequest(
    `HTTP POST Request used unknown HTTP Header "Content-Type: ${contentTypeHeader ?? ''}", only ${SUPPORTED} are supported.`,
  );
}

/** A body value as Kratos's form decoder reads booleans: true, "true", "on", "1". */
export function isTruthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === '1' || value === 1;
}
