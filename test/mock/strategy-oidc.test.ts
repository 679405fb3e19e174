import type { ServerInjectResponse } from '@hapi/hapi';
import { expect } from 'chai';
import { mockContextOf } from '../../mock/index.js';
import {
  apiSession,
  browserSession,
  BROWSER_ACCEPT,
  cookieHeader,
  harness,
  json,
  JSON_ACCEPT,
  PUBLIC,
  setCookies,
  store,
  type Harness,
} from './harness.js';
import {
  apiFlow,
  browserClient,
  browserFlow,
  identityWith,
  requireSnapshots,
  snapshot,
  submitApi,
  submitBrowser,
} from './strategy-support.js';

const SNAPSHOTS = 'strategy-oidc/TestSettingsStrategy-';
/** The providers of Kratos's oidc settings tests (docs/kratos-behavior.md#snapshots): "ory" has the label "Ory". */
const KRATOS_TEST_PROVIDERS = { methods: { oidc: { providers: [{ id: 'github' }, { id: 'google' }, { id: 'ory', label: 'Ory' }] } } };

type Linked = 'github' | 'google' | 'ory';

/** An identity with a password (or not) and these OIDC connections, as Kratos's test agents. */
function agent(h: Harness, name: string, password: boolean, linked: Linked[]) {
  const email = `${name}-${Math.random().toString(36).slice(2)}@example.com`;
  return identityWith(h, email, {
    ...(password ? { password: { identifiers: [email], config: { hashed_password: 'not-used-here' } } } : {}),
    ...(linked.length > 0
      ? {
          oidc: {
            identifiers: linked.map((provider) => `${provider}:${name}`),
            config: { providers: linked.map((provider) => ({ provider, subject: name })) },
          },
        }
      : {}),
  });
}

function oidcNodes(flow: any): any[] {
  return flow.ui.nodes.filter((entry: any) => entry.group === 'oidc');
}

function summary(flow: any): string[] {
  return oidcNodes(flow).map((entry) => `${entry.attributes.name} ${entry.attributes.value}`);
}

function messages(response: ServerInjectResponse): any[] {
  return json(response).ui.messages ?? [];
}

function generic(text: string) {
  return { id: 4000001, text, type: 'error', context: { reason: text } };
}

/** Where the fake provider is configured to be reached: its own origin, not the mock's. */
const PROVIDER = 'http://127.0.0.1:4444';

/** A GET of a URL on the mock or on the fake provider, injected into whichever server owns that origin. */
function follow(h: Harness, url: string, headers: Record<string, string> = {}) {
  const provider = url.startsWith(`${PROVIDER}/`);
  expect(provider || url.startsWith(`${PUBLIC}/`), url).to.equal(true);
  const server = provider ? mockContextOf(h.server).oidcProviderServer! : h.server;
  return server.inject({ method: 'GET', url: url.slice((provider ? PROVIDER : PUBLIC).length), headers });
}

describe('mock: oidc strategy (docs/kratos-behavior.md#oidc)', () => {
  describe('nodes (docs/kratos-behavior.md#flow-shape)', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await harness({ config: KRATOS_TEST_PROVIDERS });
    });

    const agents: [string, boolean, Linked[], string[]][] = [
      ['password', true, [], ['link github', 'link google', 'link ory']],
      ['githuber', true, ['github', 'ory'], ['unlink github', 'link google', 'unlink ory']],
      ['multiuser', true, ['google', 'ory'], ['link github', 'unlink google', 'unlink ory']],
      ['oryer', false, ['ory'], ['link github', 'link google']],
    ];
    for (const [name, password, linked, expected] of agents) {
      it(`agent ${name}: link for unlinked providers, unlink only with ≥2 first factors (browser and api alike)`, async () => {
        const { token } = agent(h, name, password, linked);
        expect(summary(await browserFlow(h, browserClient(token)))).to.deep.equal(expected);
        expect(summary(await apiFlow(h, token))).to.deep.equal(expected);
      });

      it(`docs/kratos-behavior.md#snapshots, snapshot agent=${name}: the oidc nodes match Kratos's field by field`, async function () {
        requireSnapshots(this);
        const { token } = agent(h, name, password, linked);
        const expectedNodes = snapshot(
          `${SNAPSHOTS}case=should_adjust_linkable_providers_based_on_linked_credentials-agent=${name}.json`,
        ).filter((entry: any) => entry.group === 'oidc');
        expect(oidcNodes(await browserFlow(h, browserClient(token)))).to.deep.equal(expectedNodes);
      });
    }

    it('labels: 1050002 "Link <label or id>" / 1050003 "Unlink <label>", context {provider}', async () => {
      const { token } = agent(h, 'labels', true, ['ory']);
      const [github, , ory] = oidcNodes(await apiFlow(h, token));
      expect(github.meta.label).to.deep.equal({ id: 1050002, text: 'Link github', type: 'info', context: { provider: 'github' } });
      expect(ory.meta.label).to.deep.equal({ id: 1050003, text: 'Unlink Ory', type: 'info', context: { provider: 'Ory' } });
      expect(ory.attributes).to.deep.equal({ name: 'unlink', type: 'submit', value: 'ory', disabled: false, node_type: 'input' });
    });

    it('the default configuration offers the built-in fake provider', async () => {
      h = await harness();
      const { token } = await apiSession(h);
      expect(oidcNodes(await apiFlow(h, token)).map((entry) => entry.meta.label.text)).to.deep.equal(['Link Fake OIDC']);
    });
  });

  describe('submit errors (docs/kratos-behavior.md#oidc: 400, global 4000001)', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await harness({ config: KRATOS_TEST_PROVIDERS });
    });

    const cases: [string, boolean, Linked[], Record<string, string>, string][] = [
      [
        'both link and unlink',
        true,
        ['github'],
        { link: 'google', unlink: 'github' },
        'it is not possible to link and unlink providers in the same request',
      ],
      [
        'link an unknown provider',
        true,
        [],
        { link: 'i-do-not-exist' },
        'can not link unknown or already existing OpenID Connect connection',
      ],
      [
        'link an already linked provider',
        true,
        ['github'],
        { link: 'github' },
        'can not link unknown or already existing OpenID Connect connection',
      ],
      ['unlink a provider not yet linked', true, ['github'], { unlink: 'google' }, 'can not unlink non-existing OpenID Connect connection'],
      [
        'unlink an unknown provider',
        true,
        ['github'],
        { unlink: 'i-do-not-exist' },
        'can not unlink non-existing OpenID Connect connection',
      ],
      [
        'unlink the last first factor',
        false,
        ['ory'],
        { unlink: 'ory' },
        'can not unlink OpenID Connect connection because it is the last remaining first factor credential',
      ],
    ];
    for (const [name, password, linked, body, text] of cases) {
      it(`${name} → 400 with "${text}"`, async () => {
        const { token } = agent(h, 'errors', password, linked);
        const response = await submitApi(h, token, (await apiFlow(h, token)).id, body);
        expect(response.statusCode).to.equal(400);
        expect(messages(response)).to.deep.equal([generic(text)]);
      });
    }

    it('docs/kratos-behavior.md#snapshots, snapshot "unlink the last remaining connection": the error flow keeps the nodes unchanged', async function () {
      requireSnapshots(this);
      const { token } = agent(h, 'oryer', false, ['ory']);
      const response = await submitApi(h, token, (await apiFlow(h, token)).id, { unlink: 'ory' });
      const expected = snapshot(
        `${SNAPSHOTS}suite=unlink-case=should_not_be_able_to_unlink_the_last_remaining_connection-flow=json.json`,
      ).filter((entry: any) => entry.group === 'oidc');
      expect(oidcNodes(json(response))).to.deep.equal(expected);
    });

    it('docs/kratos-behavior.md#privileged-session: without privilege → 403 session_refresh_required (api) / 303 to login refresh (browser)', async () => {
      const { token } = agent(h, 'old', true, []);
      h.advance(2 * 60 * 60 * 1000);
      const api = await submitApi(h, token, (await apiFlow(h, token)).id, { link: 'github' });
      expect(api.statusCode).to.equal(403);
      expect(json(api).error.id).to.equal('session_refresh_required');
      const client = browserClient(token);
      const flow = await browserFlow(h, client);
      const browser = await h.inject({
        method: 'POST',
        url: `/self-service/settings?flow=${flow.id}`,
        headers: { ...BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(client.jar) },
        payload: 'link=github',
      });
      expect(browser.statusCode).to.equal(303);
      expect(browser.headers['location']).to.match(/\/self-service\/login\/browser\?refresh=true&return_to=/);
    });
  });

  describe('link through the fake provider and unlink', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await harness({ config: { oidc_provider: { url: PROVIDER } } });
    });

    it('JSON client → 422 browser_location_change_required; provider → callback → success; the provider then shows as unlink', async () => {
      const { token, identityId } = await apiSession(h);
      const flow = await apiFlow(h, token);
      const response = await submitApi(h, token, flow.id, { link: 'fake' });
      expect(response.statusCode).to.equal(422);
      const body = json(response);
      const url: string = body.redirect_browser_to;
      expect(url.startsWith(`${PROVIDER}/oidc/fake/auth?state=`)).to.equal(true);
      expect(body).to.deep.equal({
        error: {
          id: 'browser_location_change_required',
          code: 422,
          status: 'Unprocessable Entity',
          reason: `In order to complete this flow please redirect the browser to: ${url}`,
          message: 'browser location change required',
        },
        redirect_browser_to: url,
      });
      const provider = await follow(h, url);
      expect(provider.statusCode).to.equal(303);
      const callbackUrl = String(provider.headers['location']);
      expect(callbackUrl.startsWith(`${PUBLIC}/self-service/methods/oidc/callback/fake?`)).to.equal(true);
      const callback = await follow(h, callbackUrl, JSON_ACCEPT);
      expect(callback.statusCode).to.equal(200);
      const done = json(callback);
      expect(done.id).to.equal(flow.id);
      expect(done.state).to.equal('success');
      expect(done.ui.messages.map((message: any) => message.id)).to.deep.equal([1050001]);
      expect(summary(done)).to.deep.equal(['unlink fake']);
      expect(store(h).getIdentity(identityId)?.credentials['oidc']?.identifiers).to.deep.equal([`fake:${identityId}`]);
      expect(summary(await apiFlow(h, token))).to.deep.equal(['unlink fake']);

      const replay = await follow(h, callbackUrl, JSON_ACCEPT);
      expect(replay.statusCode).to.equal(400);

      const unlink = await submitApi(h, token, (await apiFlow(h, token)).id, { unlink: 'fake' });
      expect(unlink.statusCode).to.equal(200);
      expect(summary(json(unlink))).to.deep.equal(['link fake']);
      expect(store(h).getIdentity(identityId)?.credentials['oidc']).to.equal(undefined);
    });

    it('a browser form without csrf_token → 303 to the provider (no CSRF check); a cookie-less callback finishes with 303', async () => {
      const { jar } = await browserSession(h);
      const flow = await browserFlow(h, { jar });
      const response = await h.inject({
        method: 'POST',
        url: `/self-service/settings?flow=${flow.id}`,
        headers: { ...BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
        payload: 'link=fake',
      });
      expect(response.statusCode).to.equal(303);
      const provider = await follow(h, String(response.headers['location']), BROWSER_ACCEPT);
      const callback = await follow(h, String(provider.headers['location']), BROWSER_ACCEPT);
      expect(callback.statusCode).to.equal(303);
      expect(callback.headers['location']).to.equal(`${PUBLIC}/ui/settings?flow=${flow.id}`);
      expect(setCookies(callback).has('ory_kratos_session')).to.equal(true);
    });

    it('a JSON-client browser submit with a wrong csrf_token still links (422), and `link` is read from the query too', async () => {
      const { jar } = await browserSession(h);
      const flow = await browserFlow(h, { jar });
      const wrongToken = await submitBrowser(h, { jar }, flow, { link: 'fake', csrf_token: 'wrong' });
      expect(wrongToken.statusCode).to.equal(422);
      const { token } = await apiSession(h);
      const viaQuery = await submitApi(h, token, (await apiFlow(h, token)).id, {}, '&link=fake');
      expect(viaQuery.statusCode).to.equal(422);
    });

    it('docs/kratos-behavior.md#defaults: a pending link expires after 30 minutes', async () => {
      const { token } = await apiSession(h);
      const response = await submitApi(h, token, (await apiFlow(h, token)).id, { link: 'fake' });
      h.advance(31 * 60 * 1000);
      const provider = await follow(h, json(response).redirect_browser_to, JSON_ACCEPT);
      expect(provider.statusCode).to.equal(400);
      expect(json(provider).error.code).to.equal(400);
    });

    it('a pending link is bound to its session: after logout the callback fails without linking', async () => {
      const { token, identityId } = await apiSession(h);
      const response = await submitApi(h, token, (await apiFlow(h, token)).id, { link: 'fake' });
      const provider = await follow(h, json(response).redirect_browser_to);
      const session = store(h).activeSessionByToken(token)!;
      store(h).deleteSession(session.id);
      const callback = await follow(h, String(provider.headers['location']), JSON_ACCEPT);
      expect(callback.statusCode).to.equal(401);
      expect(store(h).getIdentity(identityId)?.credentials['oidc']).to.equal(undefined);
    });

    it('a forged state or code never links, and is a 4xx (not 500)', async () => {
      const { token } = await apiSession(h);
      const response = await submitApi(h, token, (await apiFlow(h, token)).id, { link: 'fake' });
      const state = new URL(json(response).redirect_browser_to).searchParams.get('state')!;
      for (const url of [
        `${PROVIDER}/oidc/fake/auth?state=forged`,
        `${PROVIDER}/oidc/other/auth?state=${state}`,
        `${PUBLIC}/self-service/methods/oidc/callback/fake?state=${state}&code=forged`,
        `${PUBLIC}/self-service/methods/oidc/callback/fake`,
      ]) {
        const answer = await follow(h, url, JSON_ACCEPT);
        expect(answer.statusCode, url).to.equal(400);
      }
      const browser = await follow(h, `${PROVIDER}/oidc/fake/auth?state=forged`, BROWSER_ACCEPT);
      expect(browser.statusCode).to.equal(303);
      expect(browser.headers['location']).to.match(/\/ui\/error\?id=/);
    });
  });
});
