/** Renders recorded requests as curl commands and strips secrets from recorded exchanges. */
import type { RecordedExchange, RecordedRequest } from '../reporters/report.js';

export const FILTERED = '[Filtered]';

const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'x-session-token', 'authorization', 'x-csrf-token']);
const SECRET_FIELD = /password|token|secret|totp_code|lookup_secret_codes/i;

/** The text as one POSIX shell word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function filterValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(filterValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        SECRET_FIELD.test(key) && typeof inner !== 'object' ? FILTERED : filterValue(inner),
      ]),
    );
  }
  return value;
}

/** Replaces secret fields of a JSON or form body with [Filtered]; other bodies are kept. */
export function filterBody(body: string, contentType: string | undefined): string {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) if (SECRET_FIELD.test(key)) params.set(key, FILTERED);
    return params.toString().replaceAll(encodeURIComponent(FILTERED), FILTERED);
  }
  try {
    return JSON.stringify(filterValue(JSON.parse(body)));
  } catch {
    return body;
  }
}

function filterHeaders<T extends string | string[]>(headers: Record<string, T>): Record<string, T | string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? FILTERED : value]),
  );
}

export function filterRequest(request: RecordedRequest): RecordedRequest {
  const body = request.body === undefined ? undefined : filterBody(request.body, request.headers['content-type']);
  return { ...request, headers: filterHeaders(request.headers), ...(body !== undefined ? { body } : {}) };
}

/** The exchange as it may appear in a report: secrets filtered unless showSecrets. */
export function presentableExchange(exchange: RecordedExchange, showSecrets: boolean): RecordedExchange {
  if (showSecrets) return exchange;
  const responseBody = exchange.response.body;
  const contentType = exchange.response.headers['content-type'];
  return {
    request: filterRequest(exchange.request),
    response: {
      ...exchange.response,
      headers: filterHeaders(exchange.response.headers),
      ...(responseBody !== undefined ? { body: filterBody(responseBody, Array.isArray(contentType) ? contentType[0] : contentType) } : {}),
    },
    durationMs: exchange.durationMs,
  };
}

/** A curl command repeating the request; cookies, tokens and passwords are [Filtered] unless showSecrets. */
export function renderCurl(request: RecordedRequest, showSecrets: boolean): string {
  const shown = showSecrets ? request : filterRequest(request);
  const parts = ['curl', '-i', '-X', shown.method, shellQuote(shown.url)];
  for (const [name, value] of Object.entries(shown.headers)) {
    if (name === 'content-length') continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (shown.body !== undefined) parts.push('--data-raw', shellQuote(shown.body));
  return parts.join(' ');
}
