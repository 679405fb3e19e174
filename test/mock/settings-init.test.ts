import { expect } from 'chai';
import { createHash } from 'node:crypto';
import {
  BROWSER_ACCEPT,
  JSON_ACCEPT,
  PUBLIC,
  UUID_PATTERN,
  apiSession,
  csrfOf,
  giveTotp,
  harness,
  json,
  rawSetCookies,
  setCookies,
  type Harness,
} from './harness.js';

const CSRF_COOKIE = `csrf_token_${createHash('sha256').update(`${PUBLIC}/`).digest('hex')}`;

describe('mock: GET /self-service/settings/browser (docs/kratos-behavior.md#browser-init)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#browser-init-csrf-cookie: a request without a CSRF cookie gets one, even on an error', async () => {
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: JSON_ACCEPT });
    expect(response.statusCode).to.equal(401);
    const cookie = rawSetCookies(response).find((value) => value.startsWith(`${CSRF_COOKIE}=`));
    expect(cookie, 'csrf cookie').to.be.a('string');
    expect(cookie)
      .to.match(/Max-Age=31536000/)
      .and.match(/HttpOnly/)
      .and.match(/SameSite=Lax/)
      .and.match(/Path=\//);
    expect(cookie).not.to.match(/Secure/);
  });

  it('docs/kratos-behavior.md#browser-init-no-session: no session, JSON client → 401 session_inactive with Ory-Error-Id', async () => {
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: JSON_ACCEPT });
    expect(response.statusCode).to.equal(401);
    expect(response.headers['content-type']).to.equal('application/json');
    expect(response.headers['ory-error-id']).to.equal('session_inactive');
    const body = json(response);
    expect(body.error).to.include({
      id: 'session_inactive',
      code: 401,
      status: 'Unauthorized',
      reason: 'No active session was found in this request.',
    });
    expect(body.error.message).to.equal('request does not have a valid authentication session');
  });

  it('docs/kratos-behavior.md#browser-init-no-session: Content-Type application/json alone makes the request come from a JSON client', async () => {
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).to.equal(401);
  });

  it('docs/kratos-behavior.md#browser-init-no-session-redirect: no session, browser → 303 to the login init endpoint', async () => {
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: BROWSER_ACCEPT });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(`${PUBLIC}/self-service/login/browser`);
    expect(response.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(response.payload).to.equal(`<a href="${PUBLIC}/self-service/login/browser">See Other</a>.\n\n`);
  });

  it('docs/kratos-behavior.md#browser-init-no-session-redirect: the incoming return_to is passed on to login', async () => {
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings/browser?return_to=${encodeURIComponent(`${PUBLIC}/self-service/x`)}`,
    });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(
      `${PUBLIC}/self-service/login/browser?return_to=${encodeURIComponent(`${PUBLIC}/self-service/x`)}`,
    );
  });

  it('docs/kratos-behavior.md#browser-init-aal: AAL not satisfied, JSON client → 403 session_aal2_required without return_to', async () => {
    const { token, identityId } = await apiSession(h);
    giveTotp(h, identityId);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(403);
    const body = json(response);
    expect(body.error.id).to.equal('session_aal2_required');
    expect(body.redirect_browser_to).to.equal(`${PUBLIC}/self-service/login/browser?aal=aal2`);
    expect(body.error.details.redirect_browser_to).to.equal(body.redirect_browser_to);
  });

  it('docs/kratos-behavior.md#browser-init-aal: with return_to, the redirect carries the full init URL', async () => {
    const { token, identityId } = await apiSession(h);
    giveTotp(h, identityId);
    const returnTo = `${PUBLIC}/self-service/done`;
    const url = `/self-service/settings/browser?return_to=${encodeURIComponent(returnTo)}`;
    const response = await h.inject({ method: 'GET', url, headers: { ...JSON_ACCEPT, 'x-session-token': token, host: '127.0.0.1:4433' } });
    expect(json(response).redirect_browser_to).to.equal(
      `${PUBLIC}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(`${PUBLIC}${url}`)}`,
    );
  });

  it('docs/kratos-behavior.md#browser-init-aal-redirect: AAL not satisfied, browser → 303 to the aal2 login', async () => {
    const { token, identityId } = await apiSession(h);
    giveTotp(h, identityId);
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: { 'x-session-token': token } });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(`${PUBLIC}/self-service/login/browser?aal=aal2`);
  });

  it('docs/kratos-behavior.md#browser-init-return-to: return_to not allowed, JSON client → 400 self_service_flow_return_to_forbidden', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser?return_to=https://not-allowed',
      headers: { ...JSON_ACCEPT, 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).error).to.include({
      id: 'self_service_flow_return_to_forbidden',
      reason: 'Requested return_to URL "https://not-allowed" is not allowed.',
    });
  });

  it('docs/kratos-behavior.md#browser-init-return-to-redirect: return_to not allowed, browser → 303 to the error UI with an id', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser?return_to=https://not-allowed',
      headers: { 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(303);
    const location = new URL(String(response.headers['location']));
    expect(`${location.origin}${location.pathname}`).to.equal(`${PUBLIC}/ui/error`);
    expect(location.searchParams.get('id')).to.match(UUID_PATTERN);
  });

  it('docs/kratos-behavior.md#browser-init-success: JSON Accept → 200 browser flow as JSON', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(200);
    expect(response.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(response.headers['cache-control']).to.equal('private, no-cache, no-store, must-revalidate');
    const flow = json(response);
    expect(flow.type).to.equal('browser');
    expect(flow.state).to.equal('show_form');
    expect(flow.organization_id).to.equal(null);
    expect(flow.ui.action).to.equal(`${PUBLIC}/self-service/settings?flow=${flow.id}`);
    expect(csrfOf(flow)).to.be.a('string').with.length.greaterThan(0);
  });

  it('docs/kratos-behavior.md#browser-init-success-redirect: no JSON Accept → 303 to the settings UI with the flow id', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...BROWSER_ACCEPT, 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(303);
    expect(String(response.headers['location'])).to.match(new RegExp(`^${PUBLIC}/ui/settings\\?flow=[0-9a-f-]{36}$`));
  });

  it('docs/kratos-behavior.md#browser-init-notes: Content-Type application/json without a JSON Accept is no JSON Accept → 303 on success', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { 'content-type': 'application/json', 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(303);
  });

  it('docs/kratos-behavior.md#csrf: the csrf_token differs on every request but the cookie stays', async () => {
    const { token } = await apiSession(h);
    const first = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, 'x-session-token': token },
    });
    const cookie = setCookies(first).get(CSRF_COOKIE);
    const second = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, 'x-session-token': token, cookie: `${CSRF_COOKIE}=${cookie}` },
    });
    expect(setCookies(second).has(CSRF_COOKIE)).to.equal(false);
    expect(csrfOf(json(second))).not.to.equal(csrfOf(json(first)));
  });
});

describe('mock: GET /self-service/settings/api (docs/kratos-behavior.md#api-init)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  for (const [label, headers] of [
    ['no credentials', {}],
    ['an unknown X-Session-Token', { 'x-session-token': 'nope' }],
    ['an unknown session cookie', { cookie: 'ory_kratos_session=nope' }],
    ['an unknown bearer token', { authorization: 'Bearer nope' }],
  ] as const) {
    it(`docs/kratos-behavior.md#api-init-no-session: ${label} → 401 session_inactive`, async () => {
      const response = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers });
      expect(response.statusCode).to.equal(401);
      expect(json(response).error).to.include({
        id: 'session_inactive',
        reason: 'This endpoint can only be accessed with a valid session. Please log in and try again.',
      });
    });
  }

  it('docs/kratos-behavior.md#api-init-aal: AAL not satisfied → 403 with the aal2 login URL and no return_to', async () => {
    const { token, identityId } = await apiSession(h);
    giveTotp(h, identityId);
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_aal2_required');
    expect(json(response).redirect_browser_to).to.equal(`${PUBLIC}/self-service/login/browser?aal=aal2`);
  });

  it('docs/kratos-behavior.md#api-init-return-to: return_to not allowed → 400', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/api?return_to=https://evil.example',
      headers: { 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).error.id).to.equal('self_service_flow_return_to_forbidden');
  });

  // Kratos fills csrf_token for every flow type: https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/profile/strategy_test.go#L220
  it('docs/kratos-behavior.md#api-init-success: success → 200 api flow, a masked csrf_token and no Set-Cookie', async () => {
    const { token } = await apiSession(h);
    for (const headers of [{ 'x-session-token': token }, { authorization: `Bearer ${token}` }]) {
      const response = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers });
      expect(response.statusCode).to.equal(200);
      expect(response.headers['set-cookie']).to.equal(undefined);
      const flow = json(response);
      expect(flow.type).to.equal('api');
      expect(Buffer.from(csrfOf(flow), 'base64')).to.have.length(64);
    }
  });

  it('docs/kratos-behavior.md#session-lookup: X-Session-Token wins over the cookie and Authorization', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/api',
      headers: { 'x-session-token': token, cookie: 'ory_kratos_session=bad', authorization: 'Bearer bad' },
    });
    expect(response.statusCode).to.equal(200);
  });
});
