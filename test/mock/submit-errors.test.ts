import { expect } from 'chai';
import { BROWSER_ACCEPT, JSON_ACCEPT, PUBLIC, UUID_PATTERN, apiSession, csrfOf, giveTotp, harness, json, type Harness } from './harness.js';
import { HOUR, JSON_BODY, apiFlow, browserFlow, submit } from './settings-submit.js';

describe('mock: POST /self-service/settings (docs/kratos-behavior.md#submit, docs/kratos-behavior.md#flow-error-dispatch)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#submit-no-session: no session, JSON client → 401 without an error id', async () => {
    const response = await submit(h, '6a1d4f2c-0000-4000-8000-000000000000', { method: 'profile' }, JSON_ACCEPT);
    expect(response.statusCode).to.equal(401);
    expect(json(response).error).not.to.have.property('id');
    expect(json(response).error.reason).to.equal('A valid Ory Session Cookie or Ory Session Token is missing.');
  });

  it('docs/kratos-behavior.md#submit-no-session-redirect: no session, not a JSON client → 302 to the login UI', async () => {
    const response = await h.inject({
      method: 'POST',
      url: '/self-service/settings?flow=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...BROWSER_ACCEPT },
      payload: 'method=profile',
    });
    expect(response.statusCode).to.equal(302);
    expect(response.headers['location']).to.equal(`${PUBLIC}/ui/login`);
  });

  it('docs/kratos-behavior.md#submit-bad-flow-id: ?flow missing or malformed, JSON client → 400', async () => {
    const { token } = await apiSession(h);
    for (const url of ['/self-service/settings', '/self-service/settings?flow=abc']) {
      const response = await h.inject({ method: 'POST', url, headers: { ...JSON_BODY, 'x-session-token': token }, payload: '{}' });
      expect(response.statusCode).to.equal(400);
      expect(json(response).error.reason).to.equal('The flow query parameter is missing or malformed.');
    }
  });

  it('docs/kratos-behavior.md#submit-bad-flow-id: ?flow malformed, not a JSON client → 303 to the error UI (API clients included)', async () => {
    const { token } = await apiSession(h);
    const response = await h.inject({
      method: 'POST',
      url: '/self-service/settings?flow=abc',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token },
      payload: 'method=profile',
    });
    expect(response.statusCode).to.equal(303);
    expect(String(response.headers['location'])).to.match(new RegExp(`^${PUBLIC}/ui/error\\?id=[0-9a-f-]{36}$`));
  });

  it('docs/kratos-behavior.md#submit-unknown-flow: unknown flow → 404 (JSON client) / 303 (not a JSON client)', async () => {
    const { token } = await apiSession(h);
    const unknown = '6a1d4f2c-0000-4000-8000-000000000000';
    const asJson = await submit(h, unknown, { method: 'profile' }, { 'x-session-token': token });
    expect(asJson.statusCode).to.equal(404);
    expect(json(asJson).error.reason).to.equal('The settings request could not be found. Please restart the flow.');
    const asForm = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${unknown}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token },
      payload: 'method=profile',
    });
    expect(asForm.statusCode).to.equal(303);
  });

  it('docs/kratos-behavior.md#submit-aal: AAL not satisfied on an api flow → 403 with return_to the request URL', async () => {
    const { token, identityId } = await apiSession(h);
    const flow = await apiFlow(h, token);
    giveTotp(h, identityId);
    const response = await submit(h, flow.id, { method: 'profile' }, { 'x-session-token': token, host: '127.0.0.1:4433' });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_aal2_required');
    expect(json(response).redirect_browser_to).to.equal(
      `${PUBLIC}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(`${PUBLIC}/self-service/settings?flow=${flow.id}`)}`,
    );
  });

  it('docs/kratos-behavior.md#submit-aal: AAL not satisfied on a browser flow, not a JSON client → 303', async () => {
    const { token, identityId } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    giveTotp(h, identityId);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie, host: '127.0.0.1:4433' },
      payload: `method=profile&csrf_token=${encodeURIComponent(csrfOf(flow))}`,
    });
    expect(response.statusCode).to.equal(303);
    expect(String(response.headers['location'])).to.match(/\/self-service\/login\/browser\?aal=aal2&return_to=/);
  });

  it('docs/kratos-behavior.md#submit-expired: expired api flow → 410 self_service_flow_expired with use_flow_id; the new flow carries 4050001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    h.advance(HOUR + 60 * 1000);
    const response = await submit(h, flow.id, { method: 'profile', traits: { email: 'x@example.com' } }, { 'x-session-token': token });
    expect(response.statusCode).to.equal(410);
    const body = json(response);
    expect(body.error).to.include({ id: 'self_service_flow_expired', message: 'self-service flow expired' });
    expect(body.error.reason).to.equal('The self-service flow expired 1.00 minutes ago, initialize a new one.');
    expect(body.expired_at).to.equal('2026-01-01T11:00:00Z');
    expect(body.since).to.equal(60 * 1000 * 1_000_000);
    expect(body.use_flow_id).to.match(UUID_PATTERN);
    const replacement = json(
      await h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${body.use_flow_id}`, headers: { 'x-session-token': token } }),
    );
    expect(replacement.type).to.equal('api');
    expect(replacement.request_url).to.equal(flow.request_url);
    expect(replacement.ui.messages).to.have.length(1);
    expect(replacement.ui.messages[0]).to.include({
      id: 4050001,
      type: 'error',
      text: 'The settings flow expired 1.00 minutes ago, please try again.',
    });
  });

  it('docs/kratos-behavior.md#submit-expired: expired browser flow, not a JSON client → 303 to the settings UI with the new flow', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    h.advance(HOUR + 1000);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie },
      payload: `method=profile&csrf_token=${encodeURIComponent(csrfOf(flow))}`,
    });
    expect(response.statusCode).to.equal(303);
    const location = new URL(String(response.headers['location']));
    expect(location.pathname).to.equal('/ui/settings');
    expect(location.searchParams.get('flow')).to.match(UUID_PATTERN).and.not.equal(flow.id);
  });

  it('docs/kratos-behavior.md#submit-expired: expiry is checked before the identity', async () => {
    const alice = await apiSession(h);
    const bob = await apiSession(h);
    const flow = await apiFlow(h, alice.token);
    h.advance(HOUR + 1000);
    const response = await submit(h, flow.id, { method: 'profile' }, { 'x-session-token': bob.token });
    expect(response.statusCode).to.equal(410);
  });

  it("docs/kratos-behavior.md#submit-identity-mismatch: another identity's flow → 403 security_identity_mismatch", async () => {
    const alice = await apiSession(h);
    const bob = await apiSession(h);
    const flow = await apiFlow(h, alice.token);
    const response = await submit(h, flow.id, { method: 'profile' }, { 'x-session-token': bob.token });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error).to.include({
      id: 'security_identity_mismatch',
      reason: 'The request was initiated by someone else and has been blocked for security reasons. Please go back and try again.',
    });
  });

  it("docs/kratos-behavior.md#submit-identity-mismatch: another identity's browser flow, not a JSON client → 303 to the error UI", async () => {
    const alice = await apiSession(h);
    const bob = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, alice.token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': bob.token, cookie },
      payload: 'method=profile',
    });
    expect(response.statusCode).to.equal(303);
    expect(String(response.headers['location'])).to.match(/\/ui\/error\?id=/);
  });

  for (const body of [{}, { method: 'not-exists' }]) {
    it(`docs/kratos-behavior.md#submit-no-strategy: ${JSON.stringify(body)} → 400 flow with 4010004`, async () => {
      const { token } = await apiSession(h);
      const flow = await apiFlow(h, token);
      const response = await submit(h, flow.id, body, { 'x-session-token': token });
      expect(response.statusCode).to.equal(400);
      expect(json(response).ui.messages).to.deep.equal([
        { id: 4010004, text: 'Could not find a strategy to update your settings. Did you fill out the form correctly?', type: 'error' },
      ]);
    });
  }

  it('docs/kratos-behavior.md#submit-no-strategy: a browser flow, not a JSON client → 303 to the settings UI', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie },
      payload: 'method=not-exists',
    });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(`${PUBLIC}/ui/settings?flow=${flow.id}`);
    const stored = json(
      await h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${flow.id}`, headers: { 'x-session-token': token } }),
    );
    expect(stored.ui.messages[0].id).to.equal(4010004);
  });
});
