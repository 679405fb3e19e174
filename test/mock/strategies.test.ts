import { expect } from 'chai';
import { totp } from '../../mock/crypto/totp.js';
import {
  BROWSER_ACCEPT,
  JSON_ACCEPT,
  PASSWORD,
  PUBLIC,
  apiLogin,
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

const HOUR = 60 * 60 * 1000;

async function apiFlow(h: Harness, token: string): Promise<any> {
  return json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
}

function submit(h: Harness, flowId: string, body: unknown, token: string, headers: Record<string, string> = {}) {
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flowId}`,
    headers: { 'content-type': 'application/json', 'x-session-token': token, ...headers },
    payload: JSON.stringify(body),
  });
}

async function loginStatus(h: Harness, email: string, password: string): Promise<number> {
  const flow = json(await h.inject({ method: 'GET', url: '/self-service/login/api' }));
  const response = await h.inject({
    method: 'POST',
    url: `/self-service/login?flow=${flow.id}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ method: 'password', identifier: email, password }),
  });
  return response.statusCode;
}

describe('mock: profile strategy (docs/kratos-behavior.md#profile)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#profile: a too short website → 4000003 on traits.website, values refilled from the submit', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: { email, website: 'http://s' } }, token);
    expect(response.statusCode).to.equal(400);
    const website = node(json(response), 'traits.website');
    expect(website.attributes.value).to.equal('http://s');
    expect(website.messages).to.have.length(1);
    expect(website.messages[0]).to.include({ id: 4000003, text: 'length must be >= 10, but got 8', type: 'error' });
    expect(json(response).state).to.equal('show_form');
  });

  it('docs/kratos-behavior.md#profile: a missing required trait → 4000002 on that trait', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: { website: 'https://example.org' } }, token);
    expect(response.statusCode).to.equal(400);
    expect(node(json(response), 'traits.email').messages[0]).to.include({ id: 4000002, text: 'Property email is missing.' });
  });

  it('docs/kratos-behavior.md#profile: a malformed email → 4000040 on traits.email', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: { email: 'nope' } }, token);
    expect(node(json(response), 'traits.email').messages[0].id).to.equal(4000040);
  });

  it('docs/kratos-behavior.md#profile: form bodies with dotted keys work like JSON', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-session-token': token },
      payload: new URLSearchParams({ method: 'profile', 'traits.email': email, 'traits.name.first': 'Ada' }).toString(),
    });
    expect(response.statusCode).to.equal(200);
    expect(json(response).identity.traits).to.deep.equal({ email, name: { first: 'Ada' } });
  });

  it('docs/kratos-behavior.md#privileged-session: a protected change without privilege → 403 session_refresh_required, and profile pauses even api flows', async () => {
    const { token } = await apiSession(h);
    h.advance(HOUR + 1000);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: { email: 'changed@example.com' } }, token);
    expect(response.statusCode).to.equal(403);
    const body = json(response);
    expect(body.error).to.include({
      id: 'session_refresh_required',
      message: 'The requested action was forbidden',
      reason: 'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
    });
    expect(body.redirect_browser_to).to.equal(
      `${PUBLIC}/self-service/login/browser?refresh=true&return_to=${encodeURIComponent(`${PUBLIC}/self-service/settings?flow=${flow.id}`)}`,
    );
    expect(setCookies(response).has('ory_kratos_continuity')).to.equal(true);
  });

  it('docs/kratos-behavior.md#success-pipeline: an identifier owned by another identity → 400 flow with 4000007', async () => {
    const taken = await createIdentity(h);
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: { email: taken.email } }, token);
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0]).to.include({
      id: 4000007,
      text: 'An account with the same identifier (email, phone, username, ...) exists already.',
    });
  });

  it('docs/kratos-behavior.md#profile: omitting a required identifier trait fails validation before any privilege check', async () => {
    const { token } = await apiSession(h);
    h.advance(HOUR + 1000);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: {} }, token);
    expect(response.statusCode).to.equal(400);
    expect(node(json(response), 'traits.email').messages[0].id).to.equal(4000002);
  });

  it('docs/kratos-behavior.md#privileged-session: an unprotected change needs no privilege', async () => {
    const { token, email } = await apiSession(h);
    h.advance(HOUR + 1000);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'profile', traits: { email, website: 'https://example.org' } }, token);
    expect(response.statusCode).to.equal(200);
  });
});

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

describe('mock: totp strategy (docs/kratos-behavior.md#totp)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#totp: setup shows a QR code and a 32-character base32 secret; a wrong code → 4000008', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(node(flow, 'totp_qr').attributes.src).to.match(/^data:image\/png;base64,/);
    const secret = node(flow, 'totp_secret_key').attributes.text.text;
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    expect(node(flow, 'totp_secret_key').attributes.text).to.deep.include({ id: 1050006, context: { secret } });
    const response = await submit(h, flow.id, { method: 'totp', totp_code: '000000' }, token);
    expect(response.statusCode).to.equal(400);
    expect(node(json(response), 'totp_code').messages[0]).to.include({
      id: 4000008,
      text: 'The provided authentication code is invalid, please try again.',
    });
  });

  it('docs/kratos-behavior.md#kratos-e2e mfa/totp: a profile change first, then TOTP setup in the same flow works', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const saved = json(await submit(h, flow.id, { method: 'profile', traits: { email, name: { first: 'Ada' } } }, token));
    const secret = node(saved, 'totp_secret_key').attributes.text.text;
    const response = await submit(h, flow.id, { method: 'totp', totp_code: totp(secret, h.clock.now) }, token);
    expect(response.statusCode).to.equal(200);
    expect(json(response).ui.messages[0].id).to.equal(1050001);
  });

  it('docs/kratos-behavior.md#totp: a missing code → 4000002 on totp_code', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'totp' }, token);
    expect(node(json(response), 'totp_code').messages[0]).to.include({ id: 4000002, text: 'Property totp_code is missing.' });
  });

  it('docs/kratos-behavior.md#totp: a valid code links TOTP, the session gains aal2 + AMR totp; later flows only offer unlink; unlink works', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const secret = node(flow, 'totp_secret_key').attributes.text.text;
    const response = await submit(h, flow.id, { method: 'totp', totp_code: totp(secret, h.clock.now) }, token);
    expect(response.statusCode).to.equal(200);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    expect(whoami.authenticator_assurance_level).to.equal('aal2');
    expect(whoami.authentication_methods.map((method: any) => method.method)).to.deep.equal(['password', 'totp']);
    const next = await apiFlow(h, token);
    expect(
      next.ui.nodes.filter((candidate: any) => candidate.group === 'totp').map((candidate: any) => candidate.attributes.name),
    ).to.deep.equal(['totp_unlink']);

    const aal1 = await apiLogin(h, email);
    const blocked = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': aal1 } });
    expect(blocked.statusCode).to.equal(403);
    const upgrade = json(await h.inject({ method: 'GET', url: '/self-service/login/api?aal=aal2', headers: { 'x-session-token': aal1 } }));
    const upgraded = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${upgrade.id}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ method: 'totp', totp_code: totp(secret, h.clock.now) }),
    });
    expect(upgraded.statusCode).to.equal(200);
    expect(json(upgraded).session.authenticator_assurance_level).to.equal('aal2');

    const unlinkFlow = await apiFlow(h, token);
    const unlinked = await submit(h, unlinkFlow.id, { totp_unlink: true }, token);
    expect(unlinked.statusCode).to.equal(200);
    expect(node(json(unlinked), 'totp_qr')).to.not.equal(undefined);
  });
});

describe('mock: lookup_secret strategy (docs/kratos-behavior.md#lookup-secret)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#lookup-secret: regenerate returns to the UI with 12 codes of 8 characters and a confirm button; no 1050001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_regenerate: true }, token);
    expect(response.statusCode).to.equal(200);
    const body = json(response);
    expect(body.state).to.equal('show_form');
    expect(body.ui).not.to.have.property('messages');
    const codes = node(body, 'lookup_secret_codes').attributes.text;
    expect(codes.id).to.equal(1050015);
    expect(codes.context.secrets).to.have.length(12);
    for (const secret of codes.context.secrets) {
      expect(secret.id).to.equal(1050009);
      expect(secret.text).to.have.length(8);
    }
    expect(node(body, 'lookup_secret_confirm').meta.label).to.include({ id: 1050011, text: 'Confirm backup recovery codes' });
  });

  it('docs/kratos-behavior.md#lookup-secret: confirm without a prior regenerate → 400 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_confirm: true }, token);
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages).to.deep.equal([
      { id: 4000001, text: 'You must (re-)generate recovery backup codes before you can save them.', type: 'error' },
    ]);
  });

  it('docs/kratos-behavior.md#lookup-secret: reveal with no codes → 400 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_reveal: true }, token);
    expect(json(response).ui.messages[0].text).to.equal('Can not reveal lookup codes because you have none.');
  });

  it('docs/kratos-behavior.md#lookup-secret: regenerate → confirm (1050001, aal2) → reveal lists the codes → disable', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const regenerated = json(await submit(h, flow.id, { lookup_secret_regenerate: true }, token));
    const codes = node(regenerated, 'lookup_secret_codes').attributes.text.context.secrets.map((secret: any) => secret.text);
    const confirmed = await submit(h, flow.id, { lookup_secret_confirm: true }, token);
    expect(confirmed.statusCode).to.equal(200);
    expect(json(confirmed).ui.messages[0].id).to.equal(1050001);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    expect(whoami.authentication_methods.map((method: any) => method.method)).to.include('lookup_secret');

    const next = await apiFlow(h, token);
    expect(node(next, 'lookup_secret_reveal')).to.not.equal(undefined);
    expect(node(next, 'lookup_secret_disable')).to.not.equal(undefined);
    const revealed = json(await submit(h, next.id, { lookup_secret_reveal: true }, token));
    expect(node(revealed, 'lookup_secret_codes').attributes.text.context.secrets.map((secret: any) => secret.text)).to.deep.equal(codes);

    const disabled = await submit(h, next.id, { lookup_secret_disable: true }, token);
    expect(disabled.statusCode).to.equal(200);
    expect(node(json(disabled), 'lookup_secret_regenerate')).to.not.equal(undefined);
  });

  it('docs/kratos-behavior.md#lookup-secret: confirm wins over reveal, disable and regenerate', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(
      h,
      flow.id,
      {
        lookup_secret_confirm: true,
        lookup_secret_reveal: true,
        lookup_secret_disable: true,
        lookup_secret_regenerate: true,
      },
      token,
    );
    expect(json(response).ui.messages[0].text).to.equal('You must (re-)generate recovery backup codes before you can save them.');
  });

  it('docs/kratos-behavior.md#lookup-secret: without privilege → session_refresh_required', async () => {
    const { token } = await apiSession(h);
    h.advance(HOUR + 1000);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_regenerate: true }, token);
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_refresh_required');
  });
});

describe('mock: disabled strategies (docs/kratos-behavior.md#dispatch-forward)', () => {
  it('docs/kratos-behavior.md#dispatch-forward: a disabled method that claims the submit → 404 "disabled"', async () => {
    const h = await harness({ config: { methods: { password: { enabled: false } } } });
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(flow.ui.nodes.some((candidate: any) => candidate.group === 'password')).to.equal(false);
    const response = await submit(h, flow.id, { method: 'password', password: 'a brand new secret' }, token);
    expect(response.statusCode).to.equal(404);
    expect(json(response).error.reason).to.equal(
      'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
    );
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
