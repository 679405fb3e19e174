import { expect } from 'chai';
import { apiSession, csrfOf, harness, json, node, type Harness } from './harness.js';
import { apiFlow, browserFlow, submit } from './settings-submit.js';

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
