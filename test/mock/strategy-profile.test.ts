import { expect } from 'chai';
import { PUBLIC, apiSession, createIdentity, harness, json, node, setCookies, type Harness } from './harness.js';
import { HOUR, apiFlow } from './settings-submit.js';
import { submit } from './strategy-submit.js';

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
