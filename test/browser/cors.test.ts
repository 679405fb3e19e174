/**
 * CORS with Kratos's serve.public.cors keys, seen from a page on another origin in Chromium: a single-page app at
 * http://localhost:<page port> signs in, reads its session and changes a trait through the mock at
 * http://localhost:<mock port> with `credentials: 'include'`; an origin the list does not allow is blocked.
 */
import { expect } from 'chai';
import { Client, createIdentity, startMock, type Started } from '../mock/http-client.js';
import { launchChromium, requireChromium, servePage } from './support.js';

const PASSWORD = 'a passphrase for the cors test';

/**
 * Runs in the page: the SPA's calls, each as a front end writes them. A string, so that the test runner's compiler
 * adds no helpers the page does not have.
 */
const SPA_SESSION = `async ({ mock, email, password }) => {
  const call = async (path, init = {}) => {
    const response = await fetch(mock + path, {
      ...init, credentials: 'include', headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
    return { status: response.status, body: await response.json(), errorId: response.headers.get('ory-error-id') };
  };
  const csrfOf = (flow) => flow.ui.nodes.find((node) => node.attributes.name === 'csrf_token').attributes.value;
  const login = await call('/self-service/login/browser');
  const submit = await call('/self-service/login?flow=' + login.body.id, {
    method: 'POST', body: JSON.stringify({ method: 'password', identifier: email, password, csrf_token: csrfOf(login.body) }),
  });
  const whoami = await call('/sessions/whoami');
  const settings = await call('/self-service/settings/browser');
  const saved = await call('/self-service/settings?flow=' + settings.body.id, {
    method: 'POST', body: JSON.stringify({ method: 'profile', traits: { email, name: { first: 'Cora' } }, csrf_token: csrfOf(settings.body) }),
  });
  const missing = await call('/self-service/settings/flows?id=00000000-0000-4000-8000-000000000000');
  return {
    submit: submit.status, continueWith: submit.body.continue_with, whoami: whoami.status, email: whoami.body.identity?.traits?.email,
    saved: saved.status, state: saved.body.state, missing: missing.status, missingErrorId: missing.errorId,
  };
}`;

const BLOCKED_FETCH = `async (url) => {
  try {
    await fetch(url + '/self-service/login/browser', { credentials: 'include', headers: { accept: 'application/json' } });
    return 'readable';
  } catch (error) {
    return error.name;
  }
}`;

describe('CORS from a page on another origin in Chromium', function () {
  this.timeout(60_000);
  let mock: Started;
  let page: { port: number; close(): Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  before(async function () {
    requireChromium(this);
    mock = await startMock({
      publicHostname: 'localhost',
      config: {
        cors: {
          enabled: true,
          allowed_origins: ['https://app.example', 'http://localhost:*'],
          max_age: 600,
          exposed_headers: ['Content-Type', 'Ory-Error-Id'],
        },
      },
    });
    page = await servePage('<!doctype html><title>SPA</title><p>front end</p>');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await page?.close();
    await mock?.stop();
  });

  const mockUrl = () => `http://localhost:${mock.server.info.port}`;

  it('signs in, reads the session and saves a trait with credentials: include', async () => {
    const email = 'cors-person@example.com';
    await createIdentity(mock.base, email, PASSWORD);
    await browser.page.goto(`http://localhost:${page.port}/`);
    const result = await browser.page.evaluate(`(${SPA_SESSION})(${JSON.stringify({ mock: mockUrl(), email, password: PASSWORD })})`);
    expect(result).to.deep.equal({
      submit: 200,
      continueWith: [{ action: 'redirect_browser_to', redirect_browser_to: `${mockUrl()}/ui/settings` }],
      whoami: 200,
      email,
      saved: 200,
      state: 'success',
      missing: 404,
      missingErrorId: '',
    });
  });

  it('blocks a page whose origin is not allowed', async () => {
    await browser.page.goto(`http://127.0.0.1:${page.port}/`);
    const outcome = await browser.page.evaluate(`(${BLOCKED_FETCH})(${JSON.stringify(mockUrl())})`);
    expect(outcome).to.equal('TypeError');
  });
});

describe('CORS headers over HTTP (rs/cors semantics)', () => {
  let mock: Started;
  before(async () => {
    mock = await startMock({
      config: {
        cors: {
          enabled: true,
          allowed_origins: ['https://*.example.com'],
          allowed_methods: ['GET', 'POST'],
          allowed_headers: ['Content-Type', 'X-Session-Token'],
          max_age: 30,
        },
      },
    });
  });
  after(() => mock.stop());

  const preflight = (origin: string, method: string, headers: string) =>
    new Client(mock.base).request('OPTIONS', '/self-service/settings?flow=x', {
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it('answers an allowed preflight 204 with the origin, the method, the headers, credentials and max age', async () => {
    const answer = await preflight('https://app.example.com', 'POST', 'content-type,x-session-token');
    expect(answer.status).to.equal(204);
    expect(Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith('access-control-')))).to.deep.equal({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, x-session-token',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '30',
    });
    expect(answer.headers.get('vary')).to.include('Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  });

  it('gives no CORS headers for an origin, method or header the config does not allow', async () => {
    for (const [origin, method, headers] of [
      ['https://example.com', 'POST', ''],
      ['https://app.example.com', 'DELETE', ''],
      ['https://app.example.com', 'POST', 'x-other'],
    ] as const) {
      const answer = await preflight(origin, method, headers);
      expect(answer.status).to.equal(204);
      expect(answer.headers.get('access-control-allow-origin'), `${origin} ${method} ${headers}`).to.equal(null);
    }
  });

  it('adds the origin, exposed headers and credentials to an actual response, errors included', async () => {
    const answer = await new Client(mock.base).get('/sessions/whoami', { origin: 'https://app.example.com', accept: 'application/json' });
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('access-control-allow-origin')).to.equal('https://app.example.com');
    expect(answer.headers.get('access-control-expose-headers')).to.equal('Content-Type');
    expect(answer.headers.get('access-control-allow-credentials')).to.equal('true');
    expect(answer.headers.get('vary')).to.match(/Origin/);
  });

  it('is off by default, as in Kratos', async () => {
    const plain = await startMock();
    try {
      const answer = await new Client(plain.base).get('/sessions/whoami', { origin: 'https://app.example.com' });
      expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
    } finally {
      await plain.stop();
    }
  });
});
