/** What every route handler needs: config, store, strategies, and the request-level helpers built on them. */
import type { Request, Server } from '@hapi/hapi';
import type { MockConfig } from './config.js';
import { setCookieLater } from './http/error-hook.js';
import { parseCookies, serializeCookie } from './http/cookies.js';
import { csrfCookieName, CSRF_MAX_AGE_SECONDS, decodeRealToken, encodeRealToken, newRealToken } from './http/csrf.js';
import type { SelfServiceStore } from './flows/store.js';
import type { Identity, MemoryStore, Session } from './store.js';
import type { SettingsStrategy } from './strategies/strategy.js';

/** Checks a named fault (mock/faults/) may switch off, each consulted at its one decision point. */
export type SkippableCheck =
  | 'csrf-token'
  | 'privileged-session'
  | 'return-to'
  | 'flow-expiry-on-fetch'
  | 'flow-expiry-on-submit'
  | 'flow-owner-on-fetch'
  | 'flow-owner-on-submit';

export interface MockContext {
  config: MockConfig;
  store: MemoryStore;
  /** Registration, verification and recovery flows, and the courier's outbox. */
  flows: SelfServiceStore;
  strategies: SettingsStrategy[];
  now(): number;
  newId(): string;
  /** Empty unless faults are on. */
  skippedChecks: Set<SkippableCheck>;
  /** The fake OIDC provider's own server (listening once the mock is started with the oidc method enabled). */
  oidcProviderServer?: Server;
}

/** Whether the mock performs this check (a fault may have switched it off). */
export function performs(ctx: MockContext, check: SkippableCheck): boolean {
  return !ctx.skippedChecks.has(check);
}

/** A request header as one string (repeated headers joined), or undefined. */
export function headerOf(request: Request, name: string): string | undefined {
  const value: unknown = request.headers[name];
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : undefined;
}

export function cookiesOf(request: Request): Map<string, string> {
  const app = request.app as { cookies?: Map<string, string> };
  app.cookies ??= parseCookies(headerOf(request, 'cookie'));
  return app.cookies;
}

/**
 * The session token from X-Session-Token, the session cookie, then Authorization: Bearer
 * (docs/kratos-behavior.md#session-lookup).
 */
export function sessionToken(request: Request): string | undefined {
  const header = request.headers['x-session-token'];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = cookiesOf(request).get(contextOf(request).config.deployment.sessionCookie);
  if (cookie) return cookie;
  const authorization = request.headers['authorization'];
  const match = typeof authorization === 'string' ? /^bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim() || undefined;
}

export interface Authenticated {
  session: Session;
  identity: Identity;
}

export function authenticate(ctx: MockContext, request: Request): Authenticated | undefined {
  const token = sessionToken(request);
  const session = token === undefined ? undefined : ctx.store.activeSessionByToken(token);
  const identity = session ? ctx.store.getIdentity(session.identityId) : undefined;
  return session && identity ? { session, identity } : undefined;
}

/** `<public>` + path. */
export function publicUrl(ctx: MockContext, path: string): string {
  return `${ctx.config.publicBaseUrl}${path}`;
}

/** The full request URL as Kratos's x.RequestURL builds it (X-Forwarded-Proto/Host, then Host). */
export function requestUrl(ctx: MockContext, request: Request): string {
  const forwardedProto = request.headers['x-forwarded-proto'];
  const forwardedHost = request.headers['x-forwarded-host'];
  const base = new URL(ctx.config.publicBaseUrl);
  const proto = typeof forwardedProto === 'string' && forwardedProto ? forwardedProto : base.protocol.replace(':', '');
  const host = (typeof forwardedHost === 'string' && forwardedHost) || request.headers['host'] || base.host;
  return `${proto}://${host}${request.url.pathname}${request.url.search}`;
}

/** The real CSRF token from the cookie; a missing or malformed cookie is replaced (and Set-Cookie queued) when `mint`. */
export function csrfRealToken(ctx: MockContext, request: Request, mint: boolean): Buffer | undefined {
  const name = csrfCookieName(ctx.config.publicBaseUrl);
  const existing = decodeRealToken(cookiesOf(request).get(name));
  if (existing || !mint) return existing;
  const app = request.app as { mintedCsrf?: Buffer };
  if (app.mintedCsrf) return app.mintedCsrf;
  const token = newRealToken();
  app.mintedCsrf = token;
  setCookieLater(
    request,
    serializeCookie(name, encodeRealToken(token), {
      maxAgeSeconds: CSRF_MAX_AGE_SECONDS,
      secure: ctx.config.publicBaseUrl.startsWith('https:'),
    }),
  );
  return token;
}

export function sessionCookie(ctx: MockContext, session: Session): string {
  return serializeCookie(ctx.config.deployment.sessionCookie, session.token, {
    expires: new Date(session.expiresAt),
    maxAgeSeconds: Math.max(0, Math.floor((session.expiresAt - ctx.now()) / 1000)),
    secure: ctx.config.publicBaseUrl.startsWith('https:'),
  });
}

/** The mock's context, kept in `server.app` so route files can export plain ServerRoute objects. */
export function contextOf(request: Request): MockContext {
  return (request.server.app as { mock: MockContext }).mock;
}
