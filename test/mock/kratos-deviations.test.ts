/**
 * The deviations from Kratos that front-end teams met (issue 13), each checked over HTTP against a started mock and
 * each citing the Kratos source at the pinned commit it follows.
 */
import { request as httpRequest } from 'node:http';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { mockContextOf } from '../../mock/index.js';
import { withConnection } from '../../mock/oidc/connections.js';
import { totp } from '../../suites/totp.js';
import { browserLogin, Client, createIdentity, findNode, JSON_HEADERS, nodeValue, startMock, type Started } from './http-client.js';

const PASSWORD = 'a long and unusual passphrase';
const KRATOS = 'https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909';
let counter = 0;
const email = () => `deviation${++counter}@example.com`;

async function signedIn(mock: Started, query = ''): Promise<{ client: Client; identityId: string; email: string }> {
  const address = email();
  const identityId = await createIdentity(mock.base, address, PASSWORD);
  const client = new Client(mock.base);
  const login = await browserLogin(client, address, PASSWORD, query);
  expect(login.status, login.text).to.equal(303);
  return { client, identityId, email: address };
}

/** A JSON POST from a server (no Sec-Fetch-* headers), with the client's cookies. */
function serverSidePost(url: string, client: Client, body: unknown): Promise<{ json: any }> {
  return new Promise((resolve, reject) => {
    const cookie = [...client.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const outgoing = httpRequest(
      url,
      { method: 'POST', headers: { ...JSON_HEADERS, 'content-type': 'application/json', cookie } },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
        incoming.on('end', () => resolve({ json: JSON.parse(text) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

async function settingsFlow(client: Client): Promise<any> {
  const init = await client.get('/self-service/settings/browser', JSON_HEADERS);
  expect(init.status, init.text).to.equal(200);
  return init.json;
}

describe('mock: what front ends found different from Kratos', function () {
  this.timeout(20_000);
  const APP = 'http://app.localhost:3000';
  let mock: Started;

  before(async () => {
    mock = await startMock({
      config: {
        default_browser_return_url: `${APP}/home`,
        allowed_return_urls: [`${APP}/`],
        methods: { oidc: { providers: [{ id: 'zeta' }, { id: 'alpha' }, { id: 'mid' }] } },
      },
    });
  });
  after(() => mock.stop());

  it(`a relative return_to becomes absolute against the default browser return URL (${KRATOS}/x/redir/secure_redirect.go#L140-L141)`, async () => {
    const { client } = await signedIn(mock);
    const address = email();
    await createIdentity(mock.base, address, PASSWORD);
    const fresh = new Client(mock.base);
    const login = await browserLogin(fresh, address, PASSWORD, '?return_to=/welcome');
    expect(login.location).to.equal(`${APP}/welcome`);
    const already = await client.get('/self-service/login/browser?return_to=/dashboard');
    expect(already.location).to.equal(`${APP}/dashboard`);
  });

  it(`a browser login submitted as JSON answers continue_with with the return_to (${KRATOS}/selfservice/flow/login/hook.go#L173-L175)`, async () => {
    const address = email();
    await createIdentity(mock.base, address, PASSWORD);
    const client = new Client(mock.base);
    const init = await client.get('/self-service/login/browser?return_to=/settings/password', JSON_HEADERS);
    const submit = await client.request('POST', `/self-service/login?flow=${init.json.id}`, {
      headers: JSON_HEADERS,
      json: { method: 'password', identifier: address, password: PASSWORD, csrf_token: nodeValue(init.json, 'csrf_token') },
    });
    expect(submit.status, submit.text).to.equal(200);
    expect(submit.json.session.identity.traits.email).to.equal(address);
    expect(submit.json.continue_with).to.deep.equal([{ action: 'redirect_browser_to', redirect_browser_to: `${APP}/settings/password` }]);
  });

  it(`API settings flows carry a csrf_token value, without a cookie (${KRATOS}/selfservice/strategy/profile/strategy_test.go#L220)`, async () => {
    const address = email();
    await createIdentity(mock.base, address, PASSWORD);
    const api = new Client(mock.base);
    const init = await api.get('/self-service/login/api');
    const login = await api.request('POST', `/self-service/login?flow=${init.json.id}`, {
      json: { method: 'password', identifier: address, password: PASSWORD },
    });
    const flow = await api.get('/self-service/settings/api', { 'x-session-token': login.json.session_token });
    expect(flow.status).to.equal(200);
    expect(nodeValue(flow.json, 'csrf_token')).to.be.a('string').with.length.greaterThan(40);
    expect(flow.headers.getSetCookie()).to.deep.equal([]);
  });

  it(`CSRF violations carry Kratos's hint texts (${KRATOS}/x/nosurfx/nosurf.go#L55-L95)`, async () => {
    const { client } = await signedIn(mock);
    const flow = await settingsFlow(client);
    const body = { method: 'profile', traits: { email: email() }, csrf_token: 'not-the-token' };
    const ajax = await client.request('POST', `/self-service/settings?flow=${flow.id}`, {
      headers: { ...JSON_HEADERS, 'sec-fetch-mode': 'cors' },
      json: body,
    });
    expect(ajax.status).to.equal(403);
    expect(ajax.json.error.details.hint).to.equal(
      "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded.",
    );
    // Node's fetch always sends Sec-Fetch-Mode: cors; node:http sends only what it is given, as a server-side caller does.
    const server = await serverSidePost(`${mock.base}/self-service/settings?flow=${flow.id}`, client, body);
    expect(server.json.error.details.hint).to.equal(
      "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.",
    );
    expect(server.json.error.details.reject_reason).to.match(
      /^The HTTP Cookie Header was set and a CSRF token was sent but they do not match/,
    );
    const empty = await client.request('POST', `/self-service/settings?flow=${flow.id}`, {
      headers: JSON_HEADERS,
      form: { method: 'profile', 'traits.email': email() },
    });
    expect(empty.json.error.details).to.deep.equal({
      docs: 'https://www.ory.com/docs/troubleshooting/csrf',
      hint: 'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).',
    });
  });

  it(`setting up TOTP refreshes the session's authenticated_at (${KRATOS}/session/manager_http.go#L450-L453)`, async () => {
    const { client } = await signedIn(mock);
    const before = (await client.get('/sessions/whoami')).json;
    mock.clock.now += 10 * 60 * 1000;
    const flow = await settingsFlow(client);
    const secret = findNode(flow, 'totp_secret_key').attributes.text.context.secret;
    const submit = await client.request('POST', `/self-service/settings?flow=${flow.id}`, {
      headers: JSON_HEADERS,
      json: { method: 'totp', totp_code: totp(secret, mock.clock.now), csrf_token: nodeValue(flow, 'csrf_token') },
    });
    expect(submit.status, submit.text).to.equal(200);
    const after = (await client.get('/sessions/whoami')).json;
    expect(after.authenticator_assurance_level).to.equal('aal2');
    expect(Date.parse(after.authenticated_at) - Date.parse(before.authenticated_at)).to.equal(10 * 60 * 1000);
  });

  it(`OIDC link and unlink buttons come sorted by provider id (${KRATOS}/ui/node/node.go#L314-L337)`, async () => {
    const { client, identityId } = await signedIn(mock);
    const store = mockContextOf(mock.server).store;
    store.saveIdentity(withConnection(store.getIdentity(identityId)!, store, { provider: 'mid', subject: 'subject-1' }));
    const flow = await settingsFlow(client);
    const oidc = flow.ui.nodes
      .filter((node: any) => node.group === 'oidc')
      .map((node: any) => `${node.attributes.name}:${node.attributes.value}`);
    expect(oidc).to.deep.equal(['link:alpha', 'unlink:mid', 'link:zeta']);
  });

  it(`the WebAuthn trigger's value holds the options, and the script works called without them (${KRATOS}/x/webauthnx/nodes.go#L23-L31)`, async () => {
    const { client } = await signedIn(mock);
    const flow = await settingsFlow(client);
    const trigger = findNode(flow, 'webauthn_register_trigger').attributes;
    const options = JSON.parse(trigger.value);
    expect(trigger.onclick).to.equal(`window.oryWebAuthnRegistration(${trigger.value})`);
    expect(options.publicKey.rp.id).to.equal(new URL(mock.base).hostname);
    const script = await client.get('/.well-known/ory/webauthn.js');
    const created: any[] = [];
    const element = { value: trigger.value, closest: () => ({ submit: () => undefined }) };
    const window: Record<string, any> = { PublicKeyCredential: class {} };
    runInNewContext(script.text, {
      window,
      atob,
      btoa,
      Uint8Array,
      JSON,
      Object,
      String,
      console,
      document: { querySelector: () => element },
      navigator: {
        credentials: {
          create: (request: any) => {
            created.push(request);
            return new Promise(() => undefined);
          },
        },
      },
    });
    window['oryWebAuthnRegistration']();
    expect(created).to.have.length(1);
    expect(Buffer.from(created[0].publicKey.challenge).toString('base64url')).to.equal(options.publicKey.challenge);
  });

  it(`an empty security key name is "Property webauthn_register_displayname is missing." (${KRATOS}/selfservice/strategy/webauthn/settings_test.go#L242-L253)`, async () => {
    const { client } = await signedIn(mock);
    const flow = await settingsFlow(client);
    for (const body of [
      { json: { webauthn_register: '{}', webauthn_register_displayname: '', csrf_token: nodeValue(flow, 'csrf_token') } },
      { form: { webauthn_register: '{}', webauthn_register_displayname: '', csrf_token: String(nodeValue(flow, 'csrf_token')) } },
    ]) {
      const submit = await client.request('POST', `/self-service/settings?flow=${flow.id}`, { headers: JSON_HEADERS, ...body });
      expect(submit.status, submit.text).to.equal(400);
      expect(findNode(submit.json, 'webauthn_register_displayname').messages).to.deep.equal([
        {
          id: 4000002,
          text: 'Property webauthn_register_displayname is missing.',
          type: 'error',
          context: { property: 'webauthn_register_displayname' },
        },
      ]);
    }
  });

  it(`"password" is refused as a new password as breached (${KRATOS}/selfservice/strategy/password/validator.go#L233-L235)`, async () => {
    const { client } = await signedIn(mock);
    const flow = await settingsFlow(client);
    const submit = await client.request('POST', `/self-service/settings?flow=${flow.id}`, {
      headers: JSON_HEADERS,
      json: { method: 'password', password: 'password', csrf_token: nodeValue(flow, 'csrf_token') },
    });
    expect(submit.status, submit.text).to.equal(400);
    expect(findNode(submit.json, 'password').messages.map((message: any) => message.id)).to.deep.equal([4000034]);
  });
});

describe('mock: UI URLs may be paths, as Kratos accepts them', () => {
  it(`a relative ui.settings is accepted at start and sent as the Location (${KRATOS}/driver/config/config.go#L1313-L1325)`, async () => {
    const mock = await startMock({ config: { ui: { settings: '/account/settings', login: '/account/login' } } });
    try {
      const address = email();
      await createIdentity(mock.base, address, PASSWORD);
      const client = new Client(mock.base);
      expect((await client.get('/self-service/login/browser')).location).to.match(/^\/account\/login\?flow=/);
      await browserLogin(client, address, PASSWORD);
      const init = await client.get('/self-service/settings/browser');
      expect(init.status).to.equal(303);
      expect(init.location).to.match(/^\/account\/settings\?flow=[0-9a-f-]{36}$/);
    } finally {
      await mock.stop();
    }
  });
});

describe('mock: the WebAuthn relying party id', () => {
  it("is the public URL's host name unless methods.webauthn.rp_id names another, for security keys and passkeys alike", async () => {
    const mock = await startMock({ config: { methods: { webauthn: { rp_id: 'localhost' } } } });
    try {
      const { client } = await signedIn(mock);
      const flow = await settingsFlow(client);
      expect(JSON.parse(nodeValue(flow, 'webauthn_register_trigger') as string).publicKey.rp.id).to.equal('localhost');
      expect(JSON.parse(nodeValue(flow, 'passkey_create_data') as string).publicKey.rp.id).to.equal('localhost');
    } finally {
      await mock.stop();
    }
  });
});
