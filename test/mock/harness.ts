/** A mock instance with a controllable clock, plus the client steps tests repeat: identities, logins, flows. */
import type { Server, ServerInjectResponse } from '@hapi/hapi';
import { init, mockContextOf, type MockOptions } from '../../mock/index.js';

export const START = Date.parse('2026-01-01T10:00:00Z');
export const PUBLIC = 'http://127.0.0.1:4433';
export const PASSWORD = 'correct horse battery staple';

export interface Harness {
  server: Server;
  clock: { now: number };
  advance(ms: number): void;
  inject(options: Parameters<Server['inject']>[0]): Promise<ServerInjectResponse>;
}

export async function harness(options: MockOptions = {}): Promise<Harness> {
  const clock = { now: START };
  const server = await init({ validateResponses: true, clock: () => clock.now, log: (message) => console.error(message), ...options });
  return {
    server,
    clock,
    advance: (ms) => {
      clock.now += ms;
    },
    inject: (injectOptions) => server.inject(injectOptions),
  };
}

export function json(response: ServerInjectResponse): any {
  return JSON.parse(response.payload);
}

/** `Set-Cookie` headers as name → value. */
export function setCookies(response: ServerInjectResponse): Map<string, string> {
  const raw = response.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const out = new Map<string, string>();
  for (const cookie of list) {
    const [pair = ''] = cookie.split(';');
    const index = pair.indexOf('=');
    out.set(pair.slice(0, index), pair.slice(index + 1));
  }
  return out;
}

export function rawSetCookies(response: ServerInjectResponse): string[] {
  const raw = response.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
}

export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

let counter = 0;

export async function createIdentity(
  h: Harness,
  email = `user${++counter}@example.com`,
  password = PASSWORD,
): Promise<{ id: string; email: string }> {
  const response = await h.inject({
    method: 'POST',
    url: '/admin/identities',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password } } } }),
  });
  if (response.statusCode !== 201) throw new Error(`identity not created: ${response.payload}`);
  return { id: json(response).id, email };
}

/** An API session token for a fresh identity. */
export async function apiSession(h: Harness, email?: string): Promise<{ token: string; email: string; identityId: string }> {
  const identity = await createIdentity(h, email);
  const token = await apiLogin(h, identity.email);
  return { token, email: identity.email, identityId: identity.id };
}

export async function apiLogin(h: Harness, email: string, password = PASSWORD): Promise<string> {
  const flow = json(await h.inject({ method: 'GET', url: '/self-service/login/api' }));
  const login = await h.inject({
    method: 'POST',
    url: `/self-service/login?flow=${flow.id}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ method: 'password', identifier: email, password }),
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.payload}`);
  return json(login).session_token;
}

/** A browser session: the cookie jar holds the CSRF and session cookies. */
export async function browserSession(h: Harness): Promise<{ jar: Map<string, string>; email: string; identityId: string }> {
  const identity = await createIdentity(h);
  const init = await h.inject({ method: 'GET', url: '/self-service/login/browser', headers: { accept: 'application/json' } });
  const jar = setCookies(init);
  const flow = json(init);
  const csrf = flow.ui.nodes.find((node: any) => node.attributes.name === 'csrf_token').attributes.value;
  const login = await h.inject({
    method: 'POST',
    url: `/self-service/login?flow=${flow.id}`,
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie: cookieHeader(jar) },
    payload: JSON.stringify({ method: 'password', identifier: identity.email, password: PASSWORD, csrf_token: csrf }),
  });
  if (login.statusCode !== 200) throw new Error(`browser login failed: ${login.payload}`);
  for (const [name, value] of setCookies(login)) jar.set(name, value);
  return { jar, email: identity.email, identityId: identity.id };
}

export function csrfOf(flow: any): string {
  return flow.ui.nodes.find((node: any) => node.attributes.name === 'csrf_token').attributes.value;
}

export function node(flow: any, name: string): any {
  return flow.ui.nodes.find((candidate: any) => (candidate.attributes.name ?? candidate.attributes.id) === name);
}

export function store(h: Harness) {
  return mockContextOf(h.server).store;
}

/** Gives an identity a TOTP credential directly in the store, so its aal1 sessions no longer meet highest_available. */
export function giveTotp(h: Harness, identityId: string, secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'): string {
  const s = store(h);
  const identity = s.getIdentity(identityId);
  if (!identity) throw new Error('no such identity');
  s.saveIdentity({ ...identity, credentials: { ...identity.credentials, totp: s.newCredential('totp', [identityId], { secret }) } });
  return secret;
}

export const JSON_ACCEPT = { accept: 'application/json' };
export const BROWSER_ACCEPT = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
