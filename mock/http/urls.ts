/**
 * URL helpers with Go's encoding rules, and the return_to allow-list (docs/kratos-behavior.md#aal-redirect,
 * docs/kratos-behavior.md#return-to).
 */
import type { MockConfig } from '../config.js';
import { errors } from '../errors.js';

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
 * A return_to as Go's url.Parse reads it, with the scheme and host taken from the default return URL when it has none;
 * the path stays as sent (a relative `welcome` becomes `/welcome`), as Kratos's SecureRedirectTo does:
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/x/redir/secure_redirect.go#L140-L141
 */
function absoluteReturnTo(raw: string, defaultReturnUrl: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return new URL(raw);
  const base = new URL(defaultReturnUrl);
  if (raw.startsWith('//')) return new URL(`${base.protocol}${raw}`);
  return new URL(`${base.origin}${raw.startsWith('/') || raw.startsWith('?') || raw.startsWith('#') || raw === '' ? '' : '/'}${raw}`);
}

/**
 * The return_to URL, made absolute, if the allow-list (plus `<public>/self-service`) permits it; a relative one takes
 * its scheme and host from the default return URL.
 */
export function checkReturnTo(raw: string, input: { publicBaseUrl: string; allowed: string[]; defaultReturnUrl: string }): string {
  let target: URL;
  try {
    target = absoluteReturnTo(raw, input.defaultReturnUrl);
  } catch (error) {
    throw errors.badRequest(`Unable to parse the return_to query parameter as an URL: ${(error as Error).message}`);
  }
  const allowList = [...input.allowed, `${input.publicBaseUrl}/self-service`];
  const allowed = allowList.some((entry) => {
    const allowedUrl = parseAllowed(entry);
    return (
      allowedUrl !== undefined &&
      allowedUrl.protocol.toLowerCase() === target.protocol.toLowerCase() &&
      hostMatches(allowedHostOf(entry, allowedUrl), target.host) &&
      target.pathname.startsWith(allowedUrl.pathname === '/' && !entry.endsWith('/') ? '' : allowedUrl.pathname)
    );
  });
  if (!allowed) {
    throw errors.returnToForbidden(raw);
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

/**
 * Kratos's default browser return URL: `default_browser_return_url`, else the settings UI (where the mock sends a
 * browser that has nowhere else to go), made absolute against the public URL when the UI URL is a path.
 */
export function defaultBrowserReturnUrl(config: MockConfig): string {
  return config.defaultBrowserReturnUrl ?? new URL(config.ui.settings, config.publicBaseUrl).href;
}

/** SecureRedirectTo for a requested return_to: the absolute, allow-listed URL, or the 400 that forbids it. */
export function secureReturnTo(config: MockConfig, raw: string): string {
  return checkReturnTo(raw, {
    publicBaseUrl: config.publicBaseUrl,
    allowed: config.allowedReturnUrls,
    defaultReturnUrl: defaultBrowserReturnUrl(config),
  });
}
