/** A minimal cookie jar: one per case, so no cookie leaks from one case into another. */
export interface StoredCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** Parses one Set-Cookie header value into name, value and lower-cased attributes. */
export function parseSetCookie(header: string): StoredCookie | undefined {
  const [pair, ...rest] = header.split(';');
  if (pair === undefined) return undefined;
  const separator = pair.indexOf('=');
  if (separator <= 0) return undefined;
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals === -1) attributes[trimmed.toLowerCase()] = true;
    else attributes[trimmed.slice(0, equals).trim().toLowerCase()] = trimmed.slice(equals + 1).trim();
  }
  return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), attributes };
}

function isRemoval(cookie: StoredCookie): boolean {
  const maxAge = cookie.attributes['max-age'];
  if (typeof maxAge === 'string' && Number(maxAge) <= 0) return true;
  const expires = cookie.attributes['expires'];
  // Only an expiry date in the past removes a cookie; the target's clock is not compared otherwise.
  return typeof expires === 'string' && Date.parse(expires) < Date.UTC(2000, 0, 1);
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header);
      if (!cookie) continue;
      if (isRemoval(cookie)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie);
    }
  }

  set(name: string, value: string): void {
    this.cookies.set(name, { name, value, attributes: {} });
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }

  /** The Cookie request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies.values()].map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const cookie of this.cookies.values()) copy.cookies.set(cookie.name, { ...cookie, attributes: { ...cookie.attributes } });
    return copy;
  }
}
