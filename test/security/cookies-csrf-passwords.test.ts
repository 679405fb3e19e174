/** Security of the mock: cookie attributes, constant-time CSRF comparison, passwords stored only as KDF hashes. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import {
  BROWSER_ACCEPT,
  JSON_ACCEPT,
  PASSWORD,
  browserSession,
  cookieHeader,
  createIdentity,
  csrfOf,
  harness,
  json,
  rawSetCookies,
  setCookies,
  store,
  type Harness,
} from '../mock/harness.js';

const HOUR = 60 * 60 * 1000;

/** Every string reachable from a value: object keys and values, Map and Set entries, array items. */
function stringsIn(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') return void found.push(value);
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Buffer.isBuffer(value)) return void found.push(value.toString('latin1'), value.toString('base64'));
    if (value instanceof Map) {
      for (const [key, entry] of value) {
        visit(key);
        visit(entry);
      }
      return;
    }
    if (value instanceof Set) return void value.forEach(visit);
    for (const key of Object.keys(value)) {
      found.push(key);
      visit((value as Record<string, unknown>)[key]);
    }
  };
  visit(root);
  return found;
}

describe('security: cookies are HttpOnly and SameSite=Lax', () => {
  it('every Set-Cookie of login, settings flows, submits and logout', async () => {
    const h = await harness();
    const cookies: string[] = [];
    const identity = await createIdentity(h);
    const loginInit = await h.inject({ method: 'GET', url: '/self-service/login/browser', headers: JSON_ACCEPT });
    cookies.push(...rawSetCookies(loginInit));
    const jar = setCookies(loginInit);
    const login = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${json(loginInit).id}`,
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT, cookie: cookieHeader(jar) },
      payload: JSON.stringify({ method: 'password', identifier: identity.email, password: PASSWORD, csrf_token: csrfOf(json(loginInit)) }),
    });
    cookies.push(...rawSetCookies(login));
    for (const [name, value] of setCookies(login)) jar.set(name, value);
    const settingsNavigation = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...BROWSER_ACCEPT, cookie: cookieHeader(jar) },
    });
    cookies.push(...rawSetCookies(settingsNavigation));
    const settings = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, cookie: cookieHeader(jar) },
    });
    cookies.push(...rawSetCookies(settings));
    const submit = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${json(settings).id}`,
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT, cookie: cookieHeader(jar) },
      payload: JSON.stringify({ method: 'profile', traits: { email: identity.email }, csrf_token: csrfOf(json(settings)) }),
    });
    expect(submit.statusCode, submit.payload).to.equal(200);
    cookies.push(...rawSetCookies(submit));
    h.advance(2 * HOUR);
    const password = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${json(settings).id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...BROWSER_ACCEPT, cookie: cookieHeader(jar) },
      payload: new URLSearchParams({
        method: 'password',
        password: 'a-new-Pa55word-for-this',
        csrf_token: csrfOf(json(settings)),
      }).toString(),
    });
    cookies.push(...rawSetCookies(password));
    const logout = json(
      await h.inject({ method: 'GET', url: '/self-service/logout/browser', headers: { ...JSON_ACCEPT, cookie: cookieHeader(jar) } }),
    );
    const logoutDone = await h.inject({
      method: 'GET',
      url: `/self-service/logout?token=${logout.logout_token}`,
      headers: { ...BROWSER_ACCEPT, cookie: cookieHeader(jar) },
    });
    cookies.push(...rawSetCookies(logoutDone));

    const names = new Set(cookies.map((cookie) => cookie.slice(0, cookie.indexOf('='))));
    expect(
      [...names].some((name) => name.startsWith('csrf_token_')),
      cookies.join('\n'),
    ).to.equal(true);
    expect(names.has('ory_kratos_session'), cookies.join('\n')).to.equal(true);
    for (const cookie of cookies) {
      const attributes = cookie
        .split(';')
        .slice(1)
        .map((part) => part.trim().toLowerCase());
      expect(attributes, cookie).to.include('httponly');
      expect(attributes, cookie).to.include('samesite=lax');
    }
  });
});

describe('security: CSRF tokens are compared in constant time', () => {
  it('mock/http/csrf.ts verifies with crypto.timingSafeEqual and compares tokens no other way', () => {
    const source = readFileSync(new URL('../../mock/http/csrf.ts', import.meta.url), 'utf8');
    expect(source).to.match(/import \{[^}]*\btimingSafeEqual\b[^}]*\} from 'node:crypto'/);
    const verify = /export function verifyMaskedToken[\s\S]*?\n\}/.exec(source)?.[0] ?? '';
    expect(verify).to.include('timingSafeEqual(');
    expect(verify).not.to.match(/===?\s*realToken|realToken\s*===?|\.equals\(|\.compare\(/);
  });

  it('a browser settings submit checks its CSRF token through timingSafeEqual (spied)', async () => {
    const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
    const original = crypto.timingSafeEqual;
    const compared: Array<[number, number]> = [];
    crypto.timingSafeEqual = (a, b) => {
      compared.push([a.byteLength, b.byteLength]);
      return original(a, b);
    };
    syncBuiltinESMExports();
    try {
      const h = await harness();
      const session = await browserSession(h);
      const flow = await h.inject({
        method: 'GET',
        url: '/self-service/settings/browser',
        headers: { ...JSON_ACCEPT, cookie: cookieHeader(session.jar) },
      });
      compared.length = 0;
      const submit = (csrf: string) =>
        h.inject({
          method: 'POST',
          url: `/self-service/settings?flow=${json(flow).id}`,
          headers: { 'content-type': 'application/json', ...JSON_ACCEPT, cookie: cookieHeader(session.jar) },
          payload: JSON.stringify({ method: 'profile', traits: { email: session.email }, csrf_token: csrf }),
        });
      expect((await submit(csrfOf(json(flow)))).statusCode).to.equal(200);
      const wrong = Buffer.alloc(64, 7).toString('base64');
      expect((await submit(wrong)).statusCode).to.equal(403);
      // Both submits compared their 32-byte unmasked token with the cookie's.
      expect(compared.filter(([a, b]) => a === 32 && b === 32).length).to.be.at.least(2);
    } finally {
      crypto.timingSafeEqual = original;
      syncBuiltinESMExports();
    }
  });
});

describe('security: passwords are stored only as KDF hashes', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });

  it('the store holds no cleartext password, at creation and after a change, and each hash has its own salt', async () => {
    const first = await createIdentity(h);
    const second = await createIdentity(h);
    const session = await browserSession(h);
    const flow = json(
      await h.inject({
        method: 'GET',
        url: '/self-service/settings/browser',
        headers: { ...JSON_ACCEPT, cookie: cookieHeader(session.jar) },
      }),
    );
    const changed = 'a-changed-Pa55word-9f3k';
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT, cookie: cookieHeader(session.jar) },
      payload: JSON.stringify({ method: 'password', password: changed, csrf_token: csrfOf(flow) }),
    });
    expect(response.statusCode, response.payload).to.equal(200);

    const strings = stringsIn(store(h));
    expect(strings.length).to.be.greaterThan(100);
    for (const secret of [PASSWORD, changed]) {
      expect(
        strings.filter((value) => value.includes(secret)),
        secret,
      ).to.deep.equal([]);
    }
    const hashes = [first.id, second.id, session.identityId].map(
      (id) => store(h).getIdentity(id)?.credentials['password']?.config['hashed_password'],
    );
    for (const hash of hashes) expect(hash).to.match(/^\$(scrypt|argon2id|2[aby])\$/);
    // The same password twice: a salted KDF gives two different hashes.
    expect(hashes[0]).not.to.equal(hashes[1]);
  });
});
