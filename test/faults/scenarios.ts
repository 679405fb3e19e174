/**
 * Short server.inject conversations with the mock, each reduced to what a client sees (status, headers, Location,
 * cookies without values, the body without random values), so a faulty mock can be compared with the clean one.
 */
import type { ServerInjectResponse } from '@hapi/hapi';
import { init, mockContextOf, type MockOptions } from '../../mock/index.js';
import { START, cookieHeader, csrfOf, json, rawSetCookies, setCookies, type Harness } from '../mock/harness.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase 42';
export const PUBLIC = 'http://127.0.0.1:4433';
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };
export const NAVIGATION = { accept: 'text/html,application/xhtml+xml' };
export const FORM = { ...NAVIGATION, 'content-type': 'application/x-www-form-urlencoded' };

export type Digest = Record<string, unknown>;
export type Scenario = (h: Harness) => Promise<Digest[]>;

/** A mock whose ids and clock are the same on every start, so two instances answer alike unless a fault differs. */
export async function deterministicMock(options: MockOptions = {}): Promise<Harness> {
  const clock = { now: START };
  let counter = 0;
  const server = await init({
    clock: () => clock.now,
    idGenerator: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    privilegedMaxAgeMs: 60_000,
    ...options,
  });
  return {
    server,
    clock,
    advance: (ms) => {
      clock.now += ms;
    },
    inject: (injectOptions) => server.inject(injectOptions),
  };
}

/** Node attributes keep only what is not random (values, secrets, QR codes and scripts are). */
const STABLE_ATTRIBUTES = ['name', 'type', 'id', 'node_type', 'required', 'disabled'];

function stable(value: unknown, key?: string): unknown {
  // The OIDC state parameter is random.
  if (typeof value === 'string') return value.replace(/state=[\w-]+/g, 'state=');
  if (Array.isArray(value)) return value.map((item) => stable(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([name]) => key !== 'attributes' || STABLE_ATTRIBUTES.includes(name))
    .map(([name, child]) => [name, stable(child, name)]);
  return Object.fromEntries(entries);
}

export function digest(response: ServerInjectResponse): Digest {
  let body: unknown;
  try {
    body = stable(JSON.parse(response.payload));
  } catch {
    body = response.payload;
  }
  return {
    status: response.statusCode,
    headers: Object.keys(response.headers).sort(),
    location: response.headers['location'],
    contentType: response.headers['content-type'],
    cookies: rawSetCookies(response).map((cookie) => cookie.replace(/=[^;]*/, '=')),
    body,
  };
}

export async function identity(h: Harness, email: string): Promise<string> {
  const response = await h.inject({
    method: 'POST',
    url: '/admin/identities',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password: PASSWORD } } } }),
  });
  return json(response).id;
}

export async function apiLogin(h: Harness, email: string, password = PASSWORD): Promise<ServerInjectResponse> {
  const flow = json(await h.inject({ method: 'GET', url: '/self-service/login/api' }));
  return h.inject({
    method: 'POST',
    url: `/self-service/login?flow=${flow.id}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ method: 'password', identifier: email, password }),
  });
}

export async function apiSession(h: Harness, email: string): Promise<{ token: string; identityId: string }> {
  const identityId = await identity(h, email);
  return { token: json(await apiLogin(h, email)).session_token, identityId };
}

export async function browserSession(h: Harness, email: string): Promise<{ cookie: () => string; jar: Map<string, string> }> {
  await identity(h, email);
  const init = await h.inject({ method: 'GET', url: '/self-service/login/browser', headers: { accept: 'application/json' } });
  const jar = setCookies(init);
  const flow = json(init);
  const login = await h.inject({
    method: 'POST',
    url: `/self-service/login?flow=${flow.id}`,
    headers: { ...JSON_HEADERS, cookie: cookieHeader(jar) },
    payload: JSON.stringify({ method: 'password', identifier: email, password: PASSWORD, csrf_token: csrfOf(flow) }),
  });
  for (const [name, value] of setCookies(login)) jar.set(name, value);
  return { jar, cookie: () => cookieHeader(jar) };
}

export async function apiFlow(h: Harness, token: string): Promise<ServerInjectResponse> {
  return h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } });
}

export async function browserFlow(h: Harness, cookie: string, returnTo?: string): Promise<ServerInjectResponse> {
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
  return h.inject({ method: 'GET', url: `/self-service/settings/browser${query}`, headers: { accept: 'application/json', cookie } });
}

export function submitJson(h: Harness, flowId: string, headers: Record<string, string>, body: unknown): Promise<ServerInjectResponse> {
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flowId}`,
    headers: { ...JSON_HEADERS, ...headers },
    payload: JSON.stringify(body),
  });
}

export const SCENARIOS: Record<string, Scenario> = {
  async unauthenticated(h) {
    const flowId = '00000000-0000-4000-8000-999999999999';
    const requests = [
      () => h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: { accept: 'application/json' } }),
      () => h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: NAVIGATION }),
      () => h.inject({ method: 'GET', url: '/self-service/settings/api' }),
      () => h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${flowId}`, headers: { accept: 'application/json' } }),
      () => h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${flowId}`, headers: NAVIGATION }),
      () => submitJson(h, flowId, {}, { method: 'profile', traits: { email: 'x@example.com' } }),
    ];
    const digests: Digest[] = [];
    for (const request of requests) digests.push(digest(await request()));
    return digests;
  },

  async browserInit(h) {
    const { cookie } = await browserSession(h, 'browser-init@example.com');
    const navigation = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...NAVIGATION, cookie: cookie() },
    });
    const created = await browserFlow(h, cookie());
    const fetched = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${json(created).id}`,
      headers: { accept: 'application/json', cookie: cookie() },
    });
    const unknown = await h.inject({
      method: 'GET',
      url: '/self-service/settings/flows?id=00000000-0000-4000-8000-999999999999',
      headers: { accept: 'application/json', cookie: cookie() },
    });
    const forbidden = await browserFlow(h, cookie(), 'https://evil.example.org/steal');
    return [navigation, created, fetched, unknown, forbidden].map(digest);
  },

  async nativeInit(h) {
    const { token } = await apiSession(h, 'native@example.com');
    return [digest(await apiFlow(h, token))];
  },

  async expiry(h) {
    const { token } = await apiSession(h, 'expiry@example.com');
    const flow = json(await apiFlow(h, token));
    h.advance(61 * 60 * 1000);
    const fetched = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': token },
    });
    const submitted = await submitJson(
      h,
      flow.id,
      { 'x-session-token': token },
      { method: 'profile', traits: { email: 'expiry@example.com' } },
    );
    return [fetched, submitted].map(digest);
  },

  async foreignFlow(h) {
    const owner = await apiSession(h, 'owner@example.com');
    const other = await apiSession(h, 'other@example.com');
    const flow = json(await apiFlow(h, owner.token));
    const fetched = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': other.token },
    });
    const submitted = await submitJson(
      h,
      flow.id,
      { 'x-session-token': other.token },
      { method: 'profile', traits: { email: 'other@example.com' } },
    );
    return [fetched, submitted].map(digest);
  },

  async browserSubmit(h) {
    const { cookie } = await browserSession(h, 'submit@example.com');
    const flow = json(await browserFlow(h, cookie()));
    const send = (body: Record<string, unknown>, flowId = flow.id as string) =>
      submitJson(h, flowId, { cookie: cookie() }, { csrf_token: csrfOf(flow), ...body });
    const responses = [
      await send({ method: 'profile', traits: { email: 'submit@example.com' }, csrf_token: 'wrong-token' }),
      await send({ method: 'profile', traits: { email: 'submit@example.com' } }, 'not-a-uuid'),
      await send({ method: 'no-such-method' }),
      await send({ method: 'profile', traits: { email: 'not-an-email' } }),
      await send({ method: 'profile', traits: { email: 'changed@example.com' } }),
      await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { cookie: cookie() } }),
    ];
    return responses.map(digest);
  },

  async password(h) {
    const { token } = await apiSession(h, 'password@example.com');
    const flow = json(await apiFlow(h, token));
    const weak = await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'password', password: 'ab1' });
    const strong = await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'password', password: NEW_PASSWORD });
    const newLogin = await apiLogin(h, 'password@example.com', NEW_PASSWORD);
    return [digest(weak), digest(strong), { newPasswordLogsIn: newLogin.statusCode }];
  },

  async returnTo(h) {
    const { cookie } = await browserSession(h, 'return-to@example.com');
    const flow = json(await browserFlow(h, cookie(), `${PUBLIC}/self-service/settings/browser`));
    const form = new URLSearchParams({ method: 'profile', 'traits.email': 'return-to@example.com', csrf_token: csrfOf(flow) }).toString();
    return [
      digest(
        await h.inject({
          method: 'POST',
          url: `/self-service/settings?flow=${flow.id}`,
          headers: { ...FORM, cookie: cookie() },
          payload: form,
        }),
      ),
    ];
  },

  async privilege(h) {
    const api = await apiSession(h, 'stale-api@example.com');
    const browser = await browserSession(h, 'stale-browser@example.com');
    h.advance(120_000);
    const apiFlowId = json(await apiFlow(h, api.token)).id;
    const viaApi = await submitJson(h, apiFlowId, { 'x-session-token': api.token }, { method: 'password', password: NEW_PASSWORD });
    const secrets = await submitJson(
      h,
      apiFlowId,
      { 'x-session-token': api.token },
      { method: 'lookup_secret', lookup_secret_regenerate: true },
    );
    const flow = json(await browserFlow(h, browser.cookie()));
    const form = new URLSearchParams({ method: 'password', password: NEW_PASSWORD, csrf_token: csrfOf(flow) }).toString();
    const viaBrowser = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { ...FORM, cookie: browser.cookie() },
      payload: form,
    });
    return [viaApi, secrets, viaBrowser].map(digest);
  },

  async secondFactor(h) {
    const { token, identityId } = await apiSession(h, 'aal@example.com');
    const store = mockContextOf(h.server).store;
    const stored = store.getIdentity(identityId);
    if (!stored) throw new Error('identity missing');
    store.saveIdentity({
      ...stored,
      credentials: {
        ...stored.credentials,
        totp: store.newCredential('totp', [identityId], { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
      },
    });
    const jsonInit = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { accept: 'application/json', 'x-session-token': token },
    });
    const navigation = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...NAVIGATION, 'x-session-token': token },
    });
    return [jsonInit, navigation].map(digest);
  },

  async oidcLink(h) {
    const { cookie } = await browserSession(h, 'oidc@example.com');
    const flow = json(await browserFlow(h, cookie()));
    return [digest(await submitJson(h, flow.id, { cookie: cookie() }, { method: 'oidc', link: 'fake' }))];
  },
};
