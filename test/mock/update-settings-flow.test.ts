import { expect } from 'chai';
import {
  BROWSER_ACCEPT,
  JSON_ACCEPT,
  PUBLIC,
  UUID_PATTERN,
  apiSession,
  browserSession,
  cookieHeader,
  csrfOf,
  giveTotp,
  harness,
  json,
  node,
  setCookies,
  type Harness,
} from './harness.js';

const HOUR = 60 * 60 * 1000;
const JSON_BODY = { 'content-type': 'application/json' };

async function apiFlow(h: Harness, token: string): Promise<any> {
  return json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
}

/** A browser flow created with a session token; `cookie` carries the CSRF cookie it minted. */
async function browserFlow(h: Harness, token: string, query = ''): Promise<{ flow: any; cookie: string }> {
  const response = await h.inject({
    method: 'GET',
    url: `/self-service/settings/browser${query}`,
    headers: { ...JSON_ACCEPT, 'x-session-token': token },
  });
  expect(response.statusCode).to.equal(200);
  return { flow: json(response), cookie: cookieHeader(setCookies(response)) };
}

function submit(h: Harness, flowId: string, body: unknown, headers: Record<string, string>) {
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flowId}`,
    headers: { ...JSON_BODY, ...headers },
    payload: JSON.stringify(body),
  });
}

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

  it('docs/kratos-behavior.md#submit-success-api: api success → 200, state success, 1050001, no Set-Cookie, ui.action points at a fresh flow, a new address to verify', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(
      h,
      flow.id,
      { method: 'profile', traits: { email: 'new-address@example.com', website: 'https://example.org' } },
      {
        'x-session-token': token,
      },
    );
    expect(response.statusCode).to.equal(200);
    expect(response.headers['set-cookie']).to.equal(undefined);
    const body = json(response);
    expect(body.state).to.equal('success');
    expect(body.ui.messages).to.deep.equal([{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }]);
    // The new address is sent a verification code: https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/hook/verification.go#L127-L206
    expect(body.continue_with.map((item: any) => [item.action, item.flow.verifiable_address])).to.deep.equal([
      ['show_verification_ui', 'new-address@example.com'],
    ]);
    expect(body.ui.action).not.to.equal(`${PUBLIC}/self-service/settings?flow=${flow.id}`);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    expect(whoami.identity.traits).to.deep.equal({ email: 'new-address@example.com', website: 'https://example.org' });
  });

  it('docs/kratos-behavior.md#submit-success-json: browser success, JSON client → 200 with continue_with redirect_browser_to and the session cookie', async () => {
    const { jar } = await browserSession(h);
    const init = await h.inject({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { ...JSON_ACCEPT, cookie: cookieHeader(jar) },
    });
    const flow = json(init);
    const response = await submit(
      h,
      flow.id,
      {
        method: 'profile',
        traits: { email: node(flow, 'traits.email').attributes.value, name: { first: 'Ada' } },
        csrf_token: csrfOf(flow),
      },
      {
        ...JSON_ACCEPT,
        cookie: cookieHeader(jar),
      },
    );
    expect(response.statusCode).to.equal(200);
    expect(setCookies(response).has('ory_kratos_session')).to.equal(true);
    const body = json(response);
    expect(body.continue_with).to.deep.equal([
      { action: 'redirect_browser_to', redirect_browser_to: `${PUBLIC}/ui/settings?flow=${flow.id}` },
    ]);
    const stored = json(
      await h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${flow.id}`, headers: { cookie: cookieHeader(jar) } }),
    );
    expect(stored.state).to.equal('success');
    expect(stored).not.to.have.property('continue_with');
  });

  it('docs/kratos-behavior.md#submit-success-redirect: browser success, not a JSON client → 303 to the settings UI with the session cookie', async () => {
    const { jar } = await browserSession(h);
    const flow = json(
      await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: { ...JSON_ACCEPT, cookie: cookieHeader(jar) } }),
    );
    const form = new URLSearchParams({
      method: 'profile',
      'traits.email': node(flow, 'traits.email').attributes.value,
      'traits.name.last': 'Lovelace',
      csrf_token: csrfOf(flow),
    });
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
      payload: form.toString(),
    });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(`${PUBLIC}/ui/settings?flow=${flow.id}`);
    expect(setCookies(response).has('ory_kratos_session')).to.equal(true);
  });

  it('docs/kratos-behavior.md#submit-success-redirect: an allowed return_to is the success redirect target', async () => {
    const { token } = await apiSession(h);
    const returnTo = `${PUBLIC}/self-service/after`;
    const { flow, cookie } = await browserFlow(h, token, `?return_to=${encodeURIComponent(returnTo)}`);
    const form = new URLSearchParams({
      method: 'profile',
      'traits.email': node(flow, 'traits.email').attributes.value,
      csrf_token: csrfOf(flow),
    });
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie },
      payload: form.toString(),
    });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(returnTo);
  });

  it('docs/kratos-behavior.md#dispatch-return-to-ui: a strategy asking to return to the UI on a browser flow, not a JSON client → 303 to the settings UI, flow kept', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie },
      payload: new URLSearchParams({ lookup_secret_regenerate: 'true', csrf_token: csrfOf(flow) }).toString(),
    });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal(`${PUBLIC}/ui/settings?flow=${flow.id}`);
    const stored = json(
      await h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${flow.id}`, headers: { 'x-session-token': token } }),
    );
    expect(stored.state).to.equal('show_form');
    expect(node(stored, 'lookup_secret_codes')).to.not.equal(undefined);
  });

  it("docs/kratos-behavior.md#return-to, #submit-success-redirect: without return_to, settings.after's return URL wins over the settings UI", async () => {
    h = await harness({
      config: { settings_after_return_url: 'https://app.example/home', default_browser_return_url: 'https://app.example/other' },
    });
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session-token': token, cookie },
      payload: new URLSearchParams({
        method: 'profile',
        'traits.email': node(flow, 'traits.email').attributes.value,
        csrf_token: csrfOf(flow),
      }).toString(),
    });
    expect(response.statusCode).to.equal(303);
    expect(response.headers['location']).to.equal('https://app.example/home');
  });

  it('docs/kratos-behavior.md#submit: GET continuation without a paused submit → 400 flow with the GET decode message', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { ...JSON_ACCEPT, 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0]).to.include({
      id: 4000001,
      text: 'Unable to decode body because HTTP Request Method was "GET" but only [POST PUT PATCH] are supported.',
    });
  });

  it('docs/kratos-behavior.md#submit: an empty body → 400 flow with the Content-Length message', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { ...JSON_BODY, 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].text).to.equal(
      'Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.',
    );
  });

  it('docs/kratos-behavior.md#submit: an unsupported Content-Type → 400 flow naming the supported types', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'text/plain', accept: 'application/json', 'x-session-token': token },
      payload: 'hi',
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].text).to.equal(
      'HTTP POST Request used unknown HTTP Header "Content-Type: text/plain", only [multipart/form-data application/x-www-form-urlencoded application/json] are supported.',
    );
  });
});

describe('mock: CSRF on settings submits (docs/kratos-behavior.md#error-shapes, docs/kratos-behavior.md#csrf)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  const profileBody = (flow: any, csrf?: string) => ({
    method: 'profile',
    traits: { email: node(flow, 'traits.email').attributes.value },
    ...(csrf === undefined ? {} : { csrf_token: csrf }),
  });

  it('docs/kratos-behavior.md#csrf: a browser flow with the right body token succeeds', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow, csrfOf(flow)), { 'x-session-token': token, cookie });
    expect(response.statusCode).to.equal(200);
  });

  it('docs/kratos-behavior.md#csrf-details: no Cookie header → 403 with "Cookie Header is empty"', async () => {
    const { token } = await apiSession(h);
    const { flow } = await browserFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow, csrfOf(flow)), { 'x-session-token': token });
    expect(response.statusCode).to.equal(403);
    const body = json(response);
    expect(body.error.id).to.equal('security_csrf_violation');
    expect(body.error.message).to.equal('the request was rejected to protect you from Cross-Site-Request-Forgery');
    expect(body.error.details.docs).to.equal('https://www.ory.com/docs/troubleshooting/csrf');
    expect(body.error.details.reject_reason).to.equal('The HTTP Cookie Header is empty or not set.');
  });

  it('docs/kratos-behavior.md#csrf-details: a Cookie header without the CSRF cookie → "did not include the anti-CSRF cookie"', async () => {
    const { token } = await apiSession(h);
    const { flow } = await browserFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow, csrfOf(flow)), { 'x-session-token': token, cookie: 'other=1' });
    expect(json(response).error.details.reject_reason).to.equal('The HTTP Cookie Header was set but did not include the anti-CSRF cookie.');
  });

  it('docs/kratos-behavior.md#csrf-details: a mismatching token → "do not match", with the AJAX hint for Sec-Fetch-Mode cors', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow, 'AAAA'), { 'x-session-token': token, cookie, 'sec-fetch-mode': 'cors' });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.details.reject_reason).to.equal(
      'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.',
    );
    expect(json(response).error.details.hint).to.match(/^We detected an AJAX call/);
  });

  it('docs/kratos-behavior.md#csrf-details: a form without csrf_token → the token-not-sent text in hint and no reject_reason', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-session-token': token, cookie },
      payload: `method=profile&traits.email=${encodeURIComponent(node(flow, 'traits.email').attributes.value)}`,
    });
    const details = json(response).error.details;
    expect(details.hint).to.equal(
      'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).',
    );
    expect(details).not.to.have.property('reject_reason');
  });

  it('docs/kratos-behavior.md#csrf: the X-CSRF-Token header does not count for settings', async () => {
    const { token } = await apiSession(h);
    const { flow, cookie } = await browserFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow), { 'x-session-token': token, cookie, 'x-csrf-token': csrfOf(flow) });
    expect(response.statusCode).to.equal(403);
  });

  it('docs/kratos-behavior.md#csrf: validation runs before CSRF in the profile strategy', async () => {
    const { token } = await apiSession(h);
    const { flow } = await browserFlow(h, token);
    const response = await submit(
      h,
      flow.id,
      { method: 'profile', traits: { email: 'not-an-email' }, csrf_token: 'bad' },
      { 'x-session-token': token },
    );
    expect(response.statusCode).to.equal(400);
  });

  it('docs/kratos-behavior.md#csrf, #dispatch-validation: an api flow submitted with a cookie → 400 flow with 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow), {
      'x-session-token': token,
      cookie: 'ory_kratos_session=abc; cf_clearance=1',
    });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].id).to.equal(4000001);
    expect(json(response).ui.messages[0].text).to.match(/^The HTTP Request Header included the "Cookie" key/);
  });

  it('docs/kratos-behavior.md#csrf: Cloudflare cookies alone are allowed on api flows', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow), {
      'x-session-token': token,
      cookie: '__cfduid=1; _cf_x=2; cf_clearance=3',
    });
    expect(response.statusCode).to.equal(200);
  });

  it('docs/kratos-behavior.md#csrf, #dispatch-validation: an api flow submitted with Origin → 400 flow with 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, profileBody(flow), { 'x-session-token': token, origin: 'https://app.example' });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0].text).to.match(/^The HTTP Request Header included the "Origin" key/);
  });
});
