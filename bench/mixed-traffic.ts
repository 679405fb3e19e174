/**
 * Mixed traffic across the four settings endpoints, for the load bench and the reliability test: each virtual
 * connection owns an identity with an API session and a browser session and loops through native and browser
 * flows (create, fetch, profile submit), an occasional password change, and requests that must be refused
 * (no session, unknown flow, another identity's flow, a missing CSRF token). Every answer's status is checked.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LoadAnswer, LoadConnection } from './load.js';

export interface Account {
  email: string;
  token: string;
  /** Cookie header of the browser session: session and CSRF cookie. */
  cookie: string;
}

const PASSWORD_CHANGE_EVERY = 25;

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '');
}

function mergeCookies(existing: string[], added: string[]): string[] {
  const byName = new Map(existing.map((pair) => [pair.slice(0, pair.indexOf('=')), pair]));
  for (const pair of added) byName.set(pair.slice(0, pair.indexOf('=')), pair);
  return [...byName.values()];
}

/** What this bench reads of a login or settings flow: its id and its nodes' names and values. */
interface FlowAnswer {
  id: string;
  ui?: { nodes?: Array<{ attributes?: { name?: string; value?: unknown } }> };
}

async function ok<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (response.status !== 200 && response.status !== 201) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

function csrfOf(flow: FlowAnswer): string {
  const value = flow.ui?.nodes?.find((node) => node.attributes?.name === 'csrf_token')?.attributes?.value;
  return typeof value === 'string' ? value : '';
}

/** Creates an identity and signs it in twice: natively (session token) and in a browser (session cookie). */
export async function createAccount(baseUrl: string, label: string): Promise<Account> {
  const email = `load-${label}-${randomUUID()}@example.com`;
  const password = `Load-${randomBytes(12).toString('hex')}`;
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  await ok(
    await fetch(`${baseUrl}/admin/identities`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password } } } }),
    }),
    'creating an identity',
  );
  const nativeFlow = await ok<FlowAnswer>(await fetch(`${baseUrl}/self-service/login/api`, { headers: json }), 'a native login flow');
  const native = await ok<{ session_token: string }>(
    await fetch(`${baseUrl}/self-service/login?flow=${nativeFlow.id}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ method: 'password', identifier: email, password }),
    }),
    'native login',
  );
  const browserInit = await fetch(`${baseUrl}/self-service/login/browser`, { headers: { accept: 'application/json' } });
  let cookies = cookiePairs(browserInit);
  const browserFlow = await ok<FlowAnswer>(browserInit, 'a browser login flow');
  const browserLogin = await fetch(`${baseUrl}/self-service/login?flow=${browserFlow.id}`, {
    method: 'POST',
    headers: { ...json, cookie: cookies.join('; ') },
    body: JSON.stringify({ method: 'password', identifier: email, password, csrf_token: csrfOf(browserFlow) }),
  });
  cookies = mergeCookies(cookies, cookiePairs(browserLogin));
  await ok(browserLogin, 'browser login');
  return { email, token: native.session_token, cookie: cookies.join('; ') };
}

function expectStatus(connection: LoadConnection, what: string, answer: LoadAnswer, expected: number): boolean {
  if (answer.status === expected || answer.status === 0) return answer.status === expected;
  connection.unexpected(`${what}: expected ${expected}, got ${answer.status} ${answer.body.slice(0, 200)}`);
  return false;
}

function idOf(answer: LoadAnswer): string | undefined {
  try {
    const id = (JSON.parse(answer.body) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** One connection's loop body; `accounts[connection.index]` is its identity, the next one is "someone else". */
export function mixedIteration(accounts: Account[]): (connection: LoadConnection) => Promise<void> {
  let iterations = 0;
  return async (connection) => {
    iterations += 1;
    const iteration = iterations;
    const me = accounts[connection.index % accounts.length]!;
    const other = accounts[(connection.index + 1) % accounts.length]!;
    const token = { accept: 'application/json', 'x-session-token': me.token };
    const jsonToken = { ...token, 'content-type': 'application/json' };

    const nativeInit = await connection.send({ method: 'GET', path: '/self-service/settings/api', headers: token });
    if (!expectStatus(connection, 'createNativeSettingsFlow', nativeInit, 200)) return;
    const nativeId = idOf(nativeInit);
    expectStatus(
      connection,
      'getSettingsFlow (native)',
      await connection.send({ method: 'GET', path: `/self-service/settings/flows?id=${nativeId}`, headers: token }),
      200,
    );
    const passwordChange = iteration % PASSWORD_CHANGE_EVERY === 0;
    const submit = passwordChange
      ? { method: 'password', password: `Changed-${randomBytes(12).toString('hex')}` }
      : { method: 'profile', traits: { email: me.email } };
    expectStatus(
      connection,
      `updateSettingsFlow ${submit.method} (native)`,
      await connection.send({
        method: 'POST',
        path: `/self-service/settings?flow=${nativeId}`,
        headers: jsonToken,
        body: JSON.stringify(submit),
      }),
      200,
    );

    const browser = { accept: 'application/json', cookie: me.cookie };
    const browserInit = await connection.send({ method: 'GET', path: '/self-service/settings/browser', headers: browser });
    if (!expectStatus(connection, 'createBrowserSettingsFlow', browserInit, 200)) return;
    const browserFlow = JSON.parse(browserInit.body) as FlowAnswer;
    expectStatus(
      connection,
      'getSettingsFlow (browser)',
      await connection.send({ method: 'GET', path: `/self-service/settings/flows?id=${browserFlow.id}`, headers: browser }),
      200,
    );
    expectStatus(
      connection,
      'updateSettingsFlow profile (browser)',
      await connection.send({
        method: 'POST',
        path: `/self-service/settings?flow=${browserFlow.id}`,
        headers: { ...browser, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'profile', traits: { email: me.email }, csrf_token: csrfOf(browserFlow) }),
      }),
      200,
    );

    expectStatus(
      connection,
      'createNativeSettingsFlow without a session',
      await connection.send({ method: 'GET', path: '/self-service/settings/api', headers: { accept: 'application/json' } }),
      401,
    );
    expectStatus(
      connection,
      'getSettingsFlow of an unknown id',
      await connection.send({ method: 'GET', path: `/self-service/settings/flows?id=${randomUUID()}`, headers: token }),
      404,
    );
    if (other !== me) {
      expectStatus(
        connection,
        "getSettingsFlow of another identity's flow",
        await connection.send({
          method: 'GET',
          path: `/self-service/settings/flows?id=${nativeId}`,
          headers: { accept: 'application/json', 'x-session-token': other.token },
        }),
        403,
      );
    }
    expectStatus(
      connection,
      'updateSettingsFlow (browser) without a CSRF token',
      await connection.send({
        method: 'POST',
        path: `/self-service/settings?flow=${browserFlow.id}`,
        headers: { ...browser, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'profile', traits: { email: me.email } }),
      }),
      403,
    );
  };
}
