import { expect } from 'chai';
import { BROWSER_ACCEPT, JSON_ACCEPT, PUBLIC, apiSession, giveTotp, harness, json, setCookies, type Harness } from './harness.js';

const HOUR = 60 * 60 * 1000;

async function newFlow(h: Harness, token: string, type: 'api' | 'browser', query = ''): Promise<any> {
  const response = await h.inject({
    method: 'GET',
    url: `/self-service/settings/${type}${query}`,
    headers: { ...JSON_ACCEPT, 'x-session-token': token },
  });
  expect(response.statusCode).to.equal(200);
  return json(response);
}

describe('mock: GET /self-service/settings/flows (docs/kratos-behavior.md#get-flow)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#get-flow: a missing CSRF cookie is minted on /flows', async () => {
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/flows?id=x', headers: JSON_ACCEPT });
    expect([...setCookies(response).keys()].some((name) => name.startsWith('csrf_token_'))).to.equal(true);
  });

  it('docs/kratos-behavior.md#get-flow-no-session: no session, JSON client → 401 without an error id', async () => {
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/flows?id=x', headers: JSON_ACCEPT });
    expect(response.statusCode).to.equal(401);
    const body = json(response);
    expect(body.error).not.to.have.property('id');
    expect(body.error).to.include({
      message: 'The request could not be authorized',
      reason: 'A valid Ory Session Cookie or Ory Session Token is missing.',
    });
    expect(response.headers['ory-error-id']).to.equal('');
  });

  it('docs/kratos-behavior.md#get-flow-no-session-redirect: no session, not a JSON client → 302 to the login UI without a query', async () => {
    const response = await h.inject({ method: 'GET', url: '/self-service/settings/flows?id=x', headers: BROWSER_ACCEPT });
    expect(response.statusCode).to.equal(302);
    expect(response.headers['location']).to.equal(`${PUBLIC}/ui/login`);
  });

  for (const query of ['', '?id=', '?id=not-a-uuid', '?id=6a1d4f2c-0000-4000-8000-000000000000']) {
    it(`docs/kratos-behavior.md#get-flow-unknown: id "${query}" → 404 "Unable to locate the resource"`, async () => {
      const { token } = await apiSession(h);
      const response = await h.inject({
        method: 'GET',
        url: `/self-service/settings/flows${query}`,
        headers: { 'x-session-token': token },
      });
      expect(response.statusCode).to.equal(404);
      const body = json(response);
      expect(body.error.message).to.equal('Unable to locate the resource');
      expect(body.error).not.to.have.property('reason');
    });
  }

  it("docs/kratos-behavior.md#get-flow-identity-mismatch: another identity's flow → 403 security_identity_mismatch", async () => {
    const alice = await apiSession(h);
    const bob = await apiSession(h);
    const flow = await newFlow(h, alice.token, 'api');
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': bob.token },
    });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error).to.include({
      id: 'security_identity_mismatch',
      reason: 'The request was made for another identity and has been blocked for security reasons.',
    });
  });

  it('docs/kratos-behavior.md#get-flow-aal: AAL not satisfied → 403 with return_to the settings UI for this flow', async () => {
    const { token, identityId } = await apiSession(h);
    const flow = await newFlow(h, token, 'api');
    giveTotp(h, identityId);
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(403);
    expect(json(response).redirect_browser_to).to.equal(
      `${PUBLIC}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(`${PUBLIC}/ui/settings?flow=${flow.id}`)}`,
    );
  });

  it('docs/kratos-behavior.md#get-flow-expired: expired browser flow → 410 without id, details.redirect_to and return_to ""', async () => {
    const { token } = await apiSession(h);
    const flow = await newFlow(h, token, 'browser');
    h.advance(HOUR + 1000);
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(410);
    const body = json(response);
    expect(body.error).not.to.have.property('id');
    expect(body.error.reason).to.equal(
      'The settings flow has expired. Redirect the user to the settings flow init endpoint to initialize a new settings flow.',
    );
    expect(body.error.details).to.deep.equal({ redirect_to: `${PUBLIC}/self-service/settings/browser`, return_to: '' });
  });

  it('docs/kratos-behavior.md#get-flow-expired: an expired browser flow with return_to carries it in both details', async () => {
    const { token } = await apiSession(h);
    const returnTo = `${PUBLIC}/self-service/back`;
    const flow = await newFlow(h, token, 'browser', `?return_to=${encodeURIComponent(returnTo)}`);
    h.advance(HOUR + 1000);
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': token },
    });
    expect(json(response).error.details).to.deep.equal({
      redirect_to: `${PUBLIC}/self-service/settings/browser?return_to=${encodeURIComponent(returnTo)}`,
      return_to: returnTo,
    });
  });

  it('docs/kratos-behavior.md#get-flow-expired-api: expired api flow → 410 with details.api', async () => {
    const { token } = await apiSession(h);
    const flow = await newFlow(h, token, 'api');
    h.advance(HOUR + 1000);
    const response = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': token },
    });
    expect(response.statusCode).to.equal(410);
    const body = json(response);
    expect(body.error).not.to.have.property('id');
    expect(body.error.reason).to.equal(
      'The settings flow has expired. Call the settings flow init API endpoint to initialize a new settings flow.',
    );
    expect(body.error.details).to.deep.equal({ api: `${PUBLIC}/self-service/settings/api` });
    expect(body).not.to.have.property('use_flow_id');
  });

  it('docs/kratos-behavior.md#get-flow-ok: the stored flow, whatever its type', async () => {
    const { token } = await apiSession(h);
    for (const type of ['api', 'browser'] as const) {
      const flow = await newFlow(h, token, type);
      const response = await h.inject({
        method: 'GET',
        url: `/self-service/settings/flows?id=${flow.id}`,
        headers: { 'x-session-token': token },
      });
      expect(response.statusCode).to.equal(200);
      expect(json(response)).to.deep.equal(flow);
    }
  });
});
