import { expect } from 'chai';
import {
  BROWSER_ACCEPT,
  JSON_ACCEPT,
  PASSWORD,
  PUBLIC,
  apiSession,
  cookieHeader,
  createIdentity,
  csrfOf,
  harness,
  json,
  node,
  rawSetCookies,
  setCookies,
  store,
  type Harness,
} from './harness.js';
import { HOUR, apiFlow } from './settings-submit.js';
import { loginStatus, submit } from './strategy-submit.js';

describe('mock: password strategy (docs/kratos-behavior.md#password)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#password: a privileged change persists: the new password logs in, the old one no longer does', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password', password: 'a brand new secret' }, token);
    expect(response.statusCode).to.equal(200);
    expect(json(response).ui.messages[0].id).to.equal(1050001);
    expect(await loginStatus(h, email, 'a brand new secret')).to.equal(200);
    expect(await loginStatus(h, email, PASSWORD)).to.equal(400);
  });

  it('docs/kratos-behavior.md#password: "123" → 4000032 on node password, and the password value stays empty', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password', password: '123' }, token);
    expect(response.statusCode).to.equal(400);
    const password = node(json(response), 'password');
    expect(password.messages[0]).to.include({ id: 4000032, text: 'The password must be at least 8 characters long, but got 3.' });
    expect(password.attributes).not.to.have.property('value');
  });

  it('docs/kratos-behavior.md#password: a password too similar to the identifier → 4000031', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password', password: `${email}1` }, token);
    expect(node(json(response), 'password').messages[0].id).to.equal(4000031);
  });

  it('docs/kratos-behavior.md#password: the same password as before → 4000039', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password', password: PASSWORD }, token);
    expect(node(json(response), 'password').messages[0]).to.include({
      id: 4000039,
      text: 'The new password must be different from the old password.',
    });
  });

  it('docs/kratos-behavior.md#password: a missing password → 4000002 "Property password is missing."', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password' }, token);
    expect(node(json(response), 'password').messages[0]).to.include({ id: 4000002, text: 'Property password is missing.' });
  });

  it('docs/kratos-behavior.md#password, #privileged-session: an api flow without privilege → 403 and no continuity cookie', async () => {
    const { token } = await apiSession(h);
    h.advance(HOUR + 1000);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password', password: 'a brand new secret' }, token);
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_refresh_required');
    expect(rawSetCookies(response)).to.have.length(0);
  });

  it('docs/kratos-behavior.md#password, #privileged-session: a browser flow without privilege pauses, re-authenticates and resumes via GET ?flow=', async () => {
    const { email } = await createIdentity(h);
    const loginInit = await h.inject({ method: 'GET', url: '/self-service/login/browser', headers: JSON_ACCEPT });
    const jar = setCookies(loginInit);
    const loginFlow = json(loginInit);
    const login = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${loginFlow.id}`,
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT, cookie: cookieHeader(jar) },
      payload: JSON.stringify({ method: 'password', identifier: email, password: PASSWORD, csrf_token: csrfOf(loginFlow) }),
    });
    for (const [name, value] of setCookies(login)) jar.set(name, value);
    h.advance(HOUR + 1000);
    const flow = json(
      await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: { ...JSON_ACCEPT, cookie: cookieHeader(jar) } }),
    );
    const paused = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...BROWSER_ACCEPT,
        cookie: cookieHeader(jar),
        host: '127.0.0.1:4433',
      },
      payload: new URLSearchParams({ method: 'password', password: 'a brand new secret', csrf_token: csrfOf(flow) }).toString(),
    });
    expect(paused.statusCode).to.equal(303);
    const target = `${PUBLIC}/self-service/settings?flow=${flow.id}`;
    expect(paused.headers['location']).to.equal(
      `${PUBLIC}/self-service/login/browser?refresh=true&return_to=${encodeURIComponent(target)}`,
    );
    for (const [name, value] of setCookies(paused)) jar.set(name, value);
    expect(jar.has('ory_kratos_continuity')).to.equal(true);

    const refreshInit = await h.inject({
      method: 'GET',
      url: `/self-service/login/browser?refresh=true&return_to=${encodeURIComponent(target)}`,
      headers: { ...JSON_ACCEPT, cookie: cookieHeader(jar) },
    });
    expect(refreshInit.statusCode).to.equal(200);
    const refreshFlow = json(refreshInit);
    const refreshed = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${refreshFlow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
      payload: new URLSearchParams({
        method: 'password',
        identifier: email,
        password: PASSWORD,
        csrf_token: csrfOf(refreshFlow),
      }).toString(),
    });
    expect(refreshed.statusCode).to.equal(303);
    expect(refreshed.headers['location']).to.equal(target);
    for (const [name, value] of setCookies(refreshed)) jar.set(name, value);

    const resumed = await h.inject({
      method: 'GET',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { ...BROWSER_ACCEPT, cookie: cookieHeader(jar) },
    });
    expect(resumed.statusCode).to.equal(303);
    expect(resumed.headers['location']).to.equal(`${PUBLIC}/ui/settings?flow=${flow.id}`);
    expect(await loginStatus(h, email, 'a brand new secret')).to.equal(200);
  });

  it('docs/kratos-behavior.md#browser-init-notes: a new flow discards a paused submit, so it is not resumed elsewhere', async () => {
    const { token } = await apiSession(h);
    h.advance(HOUR + 1000);
    const init = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, 'x-session-token': token },
    });
    const flow = json(init);
    const jar = setCookies(init);
    const paused = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie: cookieHeader(jar) },
      payload: new URLSearchParams({ method: 'password', password: 'a brand new secret', csrf_token: csrfOf(flow) }).toString(),
    });
    const container = setCookies(paused).get('ory_kratos_continuity');
    expect(container).to.be.a('string').and.not.equal('');
    jar.set('ory_kratos_continuity', container!);
    const next = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, 'x-session-token': token, cookie: cookieHeader(jar) },
    });
    expect(rawSetCookies(next).some((cookie) => /^ory_kratos_continuity=;.*Max-Age=0/.test(cookie))).to.equal(true);
    expect(store(h).getContinuity(container!)).to.equal(undefined);
  });

  it('docs/kratos-behavior.md#privileged-session: with privileged_session_max_age ≤ 0 the password strategy always demands re-auth', async () => {
    h = await harness({ privilegedMaxAgeMs: 0 });
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'password', password: 'a brand new secret' }, token);
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_refresh_required');
  });
});

describe('mock: password without an identifier (docs/kratos-behavior.md#password)', () => {
  it('docs/kratos-behavior.md#password: no identifier in the traits → global 4000009', async () => {
    const h = await harness({
      config: {
        identity_schema: { type: 'object', properties: { traits: { type: 'object', properties: { nickname: { type: 'string' } } } } },
      },
    });
    const s = store(h);
    const identity = s.createIdentity({ schemaId: 'default', traits: { nickname: 'ada' } });
    const session = s.createSession({
      identityId: identity.id,
      lifespanMs: HOUR,
      methods: [{ method: 'password', aal: 'aal1', completedAt: h.clock.now }],
    });
    const flow = await apiFlow(h, session.token);
    const response = await submit(h, flow.id, { method: 'password', password: 'a brand new secret' }, session.token);
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].id).to.equal(4000009);
  });
});
