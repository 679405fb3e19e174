/** URL helpers with Go's encoding rules, and the return_to allow-list (catalogue §1.5, §1.7). */
import { errors, KratosError } from '../errors.js';

/** Go's url.QueryEscape. */
export function queryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode: keys sorted, values QueryEscaped. */
export function encodeQuery(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${queryEscape(key)}=${queryEscape(values[key] ?? '')}`)
    .join('&');
}

/** Appends query values to a URL, keeping the query it already has (ui_url?flow=…). */
export function withQuery(base: string, values: Record<string, string>): string {
  const encoded = encodeQuery(values);
  if (!encoded) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${encoded}`;
}

function hostMatches(allowedHost: string, host: string): boolean {
  if (allowedHost.startsWith('*.')) return host.endsWith(allowedHost.slice(1));
  return allowedHost === host;
}

/**
 * The return_to URL if the allow-list (plus `<public>/self-service`) permits it; a relative one takes its scheme and
 * host from the default return URL.
 */
export function checkReturnTo(raw: string, input: { publicBaseUrl: string; allowed: string[]; defaultReturnUrl: string }): string {
  let target: URL;
  try {
    target = new URL(raw, input.defaultReturnUrl);
  } catch (error) {
    throw errors.badRequest(`Unable to parse the return_to query parameter as an URL: ${(error as Error).message}`);
  }
  const allowList = [...input.allowed, `${input.publicBaseUrl}/self-service`];
  const allowed = allowList.some((entry) => {
    const allowedUrl = parseAllowed(entry);
    return allowedUrl !== undefined
      && allowedUrl.protocol.toLowerCase() === target.protocol.toLowerCase()
      && hostMatches(allowedHostOf(entry, allowedUrl), target.host)
      && target.pathname.startsWith(allowedUrl.pathname === '/' && !entry.endsWith('/') ? '' : allowedUrl.pathname);
  });
  if (!allowed) {
    throw new KratosError({
      code: 400, id: 'self_service_flow_return_to_forbidden', message: 'The request was malformed or contained invalid parameters',
      reason: `Requested return_to URL "${raw}" is not allowed.`,
    });
  }
  return target.toString();
}

const WILDCARD_PLACEHOLDER = 'wildcard-placeholder.';

function allowedHostOf(entry: string, parsed: URL): string {
  return entry.includes('://*.') ? `*.${parsed.host.slice(WILDCARD_PLACEHOLDER.length)}` : parsed.host;
}

function parseAllowed(entry: string): URL | undefined {
  try {
    return new URL(entry.replace('://*.', `://${WILDCARD_PLACEHOLDER}`));
  } catch {
    return undefined;
  }
}
