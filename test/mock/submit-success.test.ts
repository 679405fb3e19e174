import { expect } from 'chai';
import {
  JSON_ACCEPT,
  PUBLIC,
  apiSession,
  browserSession,
  cookieHeader,
  csrfOf,
  harness,
  json,
  node,
  setCookies,
  type Harness,
} from './harness.js';
import { JSON_BODY, apiFlow, browserFlow, submit } from './settings-submit.js';

describe('mock: POST /self-service/settings, success and bodies (docs/kratos-behavior.md#submit, docs/kratos-behavior.md#flow-error-dispatch)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
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
