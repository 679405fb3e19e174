import { expect } from 'chai';
import { JSON_ACCEPT, apiLogin, apiSession, createIdentity, giveTotp, harness, json, type Harness } from './harness.js';

function expectEnvelope(response: { statusCode: number; headers: Record<string, unknown>; payload: string }, status: number): any {
  expect(response.statusCode).to.equal(status);
  expect(response.headers['content-type']).to.equal('application/json');
  const body = JSON.parse(response.payload);
  expect(body.error.code).to.equal(status);
  expect(body.error.status).to.be.a('string');
  expect(body.error.message).to.be.a('string');
  return body;
}

describe('mock: never a 500 for a client mistake', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ config: { request_body_limit_bytes: 2048 } });
  });

  it('malformed JSON on a settings submit → 400 flow with 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/json', 'x-session-token': token },
      payload: '{"method":',
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].id).to.equal(4000001);
  });

  it('a JSON array body → 400 flow, not a crash', async () => {
    const { token } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/json', 'x-session-token': token },
      payload: '[1,2]',
    });
    expect(response.statusCode).to.equal(400);
  });

  it('a body over the limit → 413 in the error envelope', async () => {
    const { token } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/json', 'x-session-token': token },
      payload: JSON.stringify({ method: 'profile', traits: { email: 'x'.repeat(5000) } }),
    });
    const body = expectEnvelope(response, 413);
    expect(body.error.reason).to.match(/size limit/);
  });

  it('garbage cookies and tokens are just "no session"', async () => {
    for (const headers of [
      { cookie: '%%%; ory_kratos_session="; csrf_token_abc=@@@; =;;' },
      { authorization: 'Bearer' },
      { authorization: 'Basic Zm9vOmJhcg==' },
      { 'x-session-token': '\u00ff\u00fe' },
    ]) {
      const response = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers });
      expectEnvelope(response, 401);
    }
  });

  it('a wrong type in a known field → a 400 flow message, not a 500', async () => {
    const { token } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    for (const body of [
      { method: 'password', password: 12345678 },
      { method: 'profile', traits: 'x' },
      { method: 'totp', totp_code: { a: 1 } },
      { method: ['profile'] },
    ]) {
      const response = await h.inject({
        method: 'POST',
        url: `/self-service/settings?flow=${flow.id}`,
        headers: { 'content-type': 'application/json', 'x-session-token': token },
        payload: JSON.stringify(body),
      });
      expect(response.statusCode, JSON.stringify(body)).to.equal(400);
    }
  });

  it('repeated query values are treated as malformed', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'POST',
      url: '/self-service/settings?flow=a&flow=b',
      headers: { 'content-type': 'application/json', 'x-session-token': token },
      payload: '{}',
    });
    expectEnvelope(response, 400);
  });

  it('an unknown route → 404 in the error envelope', async () => {
    const response = await h.inject({ method: 'GET', url: '/no/such/route?flow=x' });
    expectEnvelope(response, 404);
  });

  it('another method on a settings path → 405 (docs/kratos-behavior.md#routes)', async () => {
    const response = await h.inject({ method: 'PUT', url: '/self-service/settings/api', payload: 'x' });
    expectEnvelope(response, 405);
  });

  it('/.well-known/change-password → 303 to the settings UI', async () => {
    const response = await h.inject({ method: 'GET', url: '/.well-known/change-password' });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal('http://127.0.0.1:4433/ui/settings');
  });
});

describe('mock: support endpoints', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('GET /health/ready → 200 {"status":"ok"}', async () => {
    const response = await h.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).to.equal(200);
    expect(json(response)).to.deep.equal({ status: 'ok' });
  });

  it('POST /admin/identities → 201 with credentials but no secrets; GET and DELETE', async () => {
    const response = await h.inject({
      method: 'POST',
      url: '/admin/identities',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        schema_id: 'default',
        traits: { email: 'admin@example.com' },
        credentials: { password: { config: { password: 'secret-password-1' } } },
      }),
    });
    expect(response.statusCode).to.equal(201);
    expect(response.payload).not.to.include('secret-password-1');
    const identity = json(response);
    expect(identity.credentials.password.identifiers).to.deep.equal(['admin@example.com']);
    expect(identity.credentials.password).not.to.have.property('config');
    expect(json(await h.inject({ method: 'GET', url: `/admin/identities/${identity.id}` })).id).to.equal(identity.id);
    expect(json(await h.inject({ method: 'GET', url: '/admin/identities' }))).to.have.length(1);
    expect((await h.inject({ method: 'DELETE', url: `/admin/identities/${identity.id}` })).statusCode).to.equal(204);
    expectEnvelope(await h.inject({ method: 'GET', url: `/admin/identities/${identity.id}` }), 404);
  });

  it('admin rejects bad bodies with 400 and duplicates with 409', async () => {
    await createIdentity(h, 'dup@example.com');
    const post = (payload: string) =>
      h.inject({ method: 'POST', url: '/admin/identities', headers: { 'content-type': 'application/json' }, payload });
    expectEnvelope(await post('{'), 400);
    expectEnvelope(await post('{}'), 400);
    expectEnvelope(await post(JSON.stringify({ traits: { email: 'not-an-email' } })), 400);
    expectEnvelope(await post(JSON.stringify({ traits: { email: 'dup@example.com' } })), 409);
  });

  it('GET /sessions/whoami → 401 without a session, the session with one', async () => {
    expectEnvelope(await h.inject({ method: 'GET', url: '/sessions/whoami' }), 401);
    const { token, email } = await apiSession(h);
    const session = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    expect(session.identity.traits.email).to.equal(email);
    expect(session.authenticator_assurance_level).to.equal('aal1');
    expect(session.authentication_methods[0].method).to.equal('password');
  });

  it('error bodies echo X-Request-ID as error.request', async () => {
    const response = await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-request-id': 'req-42' } });
    expect(json(response).error.request).to.equal('req-42');
  });

  it('login: aal2 without a session → 401; a fresh login while signed in → 400 session_already_available', async () => {
    const aal2 = await h.inject({ method: 'GET', url: '/self-service/login/api?aal=aal2' });
    expectEnvelope(aal2, 401);
    const { token } = await apiSession(h);
    const again = await h.inject({ method: 'GET', url: '/self-service/login/api', headers: { 'x-session-token': token } });
    expect(expectEnvelope(again, 400).error.id).to.equal('session_already_available');
    const refresh = await h.inject({ method: 'GET', url: '/self-service/login/api?refresh=true', headers: { 'x-session-token': token } });
    expect(refresh.statusCode).to.equal(200);
    expect(json(refresh).refresh).to.equal(true);
  });

  it('login: unknown and expired flows', async () => {
    expectEnvelope(await h.inject({ method: 'GET', url: '/self-service/login/flows?id=6a1d4f2c-0000-4000-8000-000000000000' }), 404);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/login/api' }));
    h.advance(61 * 60 * 1000);
    expectEnvelope(await h.inject({ method: 'GET', url: `/self-service/login/flows?id=${flow.id}` }), 410);
    const submitted = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${flow.id}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"method":"password"}',
    });
    expect(expectEnvelope(submitted, 410).error.id).to.equal('self_service_flow_expired');
  });

  it('whoami → 403 session_aal2_required while highest_available is not met', async () => {
    const { token, identityId } = await apiSession(h);
    giveTotp(h, identityId);
    const response = await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } });
    expect(expectEnvelope(response, 403).error.id).to.equal('session_aal2_required');
  });

  it('login aal2 with a lookup code: a code works once', async () => {
    const { token, email } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    const post = (body: unknown) =>
      h.inject({
        method: 'POST',
        url: `/self-service/settings?flow=${flow.id}`,
        headers: { 'content-type': 'application/json', 'x-session-token': token },
        payload: JSON.stringify(body),
      });
    const regenerated = json(await post({ lookup_secret_regenerate: true }));
    const code = regenerated.ui.nodes.find((node: any) => node.attributes.id === 'lookup_secret_codes').attributes.text.context.secrets[0]
      .text;
    expect((await post({ lookup_secret_confirm: true })).statusCode).to.equal(200);
    const useCode = async () => {
      const aal1 = await apiLogin(h, email);
      const upgrade = json(
        await h.inject({ method: 'GET', url: '/self-service/login/api?aal=aal2', headers: { 'x-session-token': aal1 } }),
      );
      return h.inject({
        method: 'POST',
        url: `/self-service/login?flow=${upgrade.id}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ method: 'lookup_secret', lookup_secret: code }),
      });
    };
    const first = await useCode();
    expect(first.statusCode).to.equal(200);
    expect(json(first).session.authenticator_assurance_level).to.equal('aal2');
    const second = await useCode();
    expect(second.statusCode).to.equal(400);
  });

  it('docs/kratos-behavior.md#csrf: cookies are Secure when the public URL is https', async () => {
    const secure = await harness({ config: { public_base_url: 'https://auth.example' } });
    const response = await secure.inject({ method: 'GET', url: '/self-service/settings/browser', headers: JSON_ACCEPT });
    expect(String(response.headers['set-cookie'])).to.match(/^csrf_token_[0-9a-f]{64}=[^;]+;.*Secure/);
  });

  it('GET /schemas/{base64url id} serves the identity schema behind identity.schema_url', async () => {
    const { token } = await apiSession(h);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    const schema = await h.inject({ method: 'GET', url: new URL(whoami.identity.schema_url).pathname });
    expect(schema.statusCode).to.equal(200);
    expect(json(schema).properties.traits.properties.email.format).to.equal('email');
    expectEnvelope(await h.inject({ method: 'GET', url: '/schemas/nope' }), 404);
  });

  it('logout: the API session token stops working; the browser logout link ends the session once', async () => {
    const { token } = await apiSession(h);
    const logout = await h.inject({
      method: 'DELETE',
      url: '/self-service/logout/api',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ session_token: token }),
    });
    expect(logout.statusCode).to.equal(204);
    expectEnvelope(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }), 401);

    const other = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/logout/browser', headers: { 'x-session-token': other.token } }));
    expect(flow.logout_url).to.equal(`http://127.0.0.1:4433/self-service/logout?token=${flow.logout_token}`);
    const done = await h.inject({ method: 'GET', url: `/self-service/logout?token=${flow.logout_token}` });
    expect(done.statusCode).to.equal(303);
    expect(String(done.headers['set-cookie'])).to.match(/^ory_kratos_session=;/);
    expectEnvelope(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': other.token } }), 401);
    expectEnvelope(await h.inject({ method: 'GET', url: `/self-service/logout?token=${flow.logout_token}` }), 401);
  });

  it('login with a wrong password → 400 flow with 4000006', async () => {
    const { email } = await createIdentity(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/login/api' }));
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${flow.id}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ method: 'password', identifier: email, password: 'wrong-password' }),
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].id).to.equal(4000006);
  });

  it('browser login sets ory_kratos_session HttpOnly, SameSite=Lax, Path=/', async () => {
    const { email } = await createIdentity(h);
    const init = await h.inject({ method: 'GET', url: '/self-service/login/browser', headers: JSON_ACCEPT });
    const flow = json(init);
    const csrfCookie = String(init.headers['set-cookie']).split(';')[0];
    const csrf = flow.ui.nodes.find((candidate: any) => candidate.attributes.name === 'csrf_token').attributes.value;
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${flow.id}`,
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT, cookie: csrfCookie },
      payload: JSON.stringify({ method: 'password', identifier: email, password: 'correct horse battery staple', csrf_token: csrf }),
    });
    expect(response.statusCode).to.equal(200);
    const cookie = ([] as string[])
      .concat(response.headers['set-cookie'] as string[])
      .find((value) => value.startsWith('ory_kratos_session='));
    expect(cookie)
      .to.match(/HttpOnly/)
      .and.match(/SameSite=Lax/)
      .and.match(/Path=\//);
  });
});
