/**
 * Secrets a run is given (API headers' values, userinfo in URLs, handed-over passwords) or obtains (session tokens,
 * passwords it sets): every text the run shows — console, reports, curl lines, errors — passes through `redact`, so
 * none of them appears there unless --show-secrets.
 */
import type { RecordedExchange } from '../reporters/report.js';
import { FILTERED } from './curl.js';
import { parseSetCookie } from './cookies.js';

/** Shorter values are not treated as secrets: replacing them everywhere would garble ordinary text. */
const MIN_SECRET_LENGTH = 4;
const SECRET_HEADERS = ['x-session-token', 'authorization'];
/** Fields whose values are secrets; codes (totp_code, 6 digits) are filtered by name only, as a number they would match too much. */
const SECRET_FIELD = /password|token|secret/i;
/** What a run learns from exchanges is long and random (tokens, cookies, passwords); shorter values ("true") are words. */
const MIN_LEARNED_LENGTH = 8;

export class Secrets {
  private readonly values = new Set<string>();
  private sorted: string[] | undefined;

  add(...values: ReadonlyArray<string | undefined>): void {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) this.values.add(form);
      this.sorted = undefined;
    }
  }

  private learn(value: string | undefined): void {
    if (value !== undefined && value.length >= MIN_LEARNED_LENGTH) this.add(value);
  }

  /** A header's value; for `Bearer KEY` and `Basic KEY` the key alone as well. */
  addHeaderValue(value: string): void {
    this.add(value, /^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value)?.[1]);
  }

  /** The `user:password` of a URL, both parts, raw and decoded. */
  addUserinfo(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    if (parsed.username === '' && parsed.password === '') return;
    const userinfo = parsed.password === '' ? parsed.username : `${parsed.username}:${parsed.password}`;
    this.add(userinfo, parsed.password, decodeURIComponent(parsed.password), decodeURIComponent(userinfo));
    if (parsed.password === '') this.add(parsed.username, decodeURIComponent(parsed.username));
  }

  /** Learns the secrets an exchange carries: cookies, session tokens, passwords and codes in its bodies. */
  collectFrom(exchange: RecordedExchange): void {
    const { request, response } = exchange;
    for (const name of SECRET_HEADERS) this.learn(request.headers[name]?.replace(/^\s*bearer\s+/i, ''));
    for (const pair of (request.headers['cookie'] ?? '').split(';')) this.learn(pair.slice(pair.indexOf('=') + 1).trim());
    const setCookie = response.headers['set-cookie'];
    for (const header of Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie])
      this.learn(parseSetCookie(header)?.value);
    this.collectFields(request.body, request.headers['content-type']);
    this.collectFields(response.body, 'application/json');
  }

  private collectFields(body: string | undefined, contentType: string | undefined): void {
    if (body === undefined || body === '') return;
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(body)) if (SECRET_FIELD.test(key)) this.learn(value);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (SECRET_FIELD.test(key) && typeof inner === 'string') this.learn(inner);
          else walk(inner);
        }
      }
    };
    walk(parsed);
  }

  redact(text: string): string {
    this.sorted ??= [...this.values].sort((a, b) => b.length - a.length);
    let result = text;
    for (const value of this.sorted) if (result.includes(value)) result = result.replaceAll(value, FILTERED);
    return result;
  }

  /** A copy of a JSON-like value with every string redacted. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [this.redact(key), this.redactDeep(inner)])) as T;
    }
    return value;
  }
}

/** `Name: value` as given to --header and --admin-header. */
export function parseHeaderLine(line: string): { name: string; value: string } | undefined {
  const separator = line.indexOf(':');
  if (separator <= 0) return undefined;
  const name = line.slice(0, separator).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return undefined;
  return { name, value: line.slice(separator + 1).trim() };
}
