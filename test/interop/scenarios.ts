/**
 * What a client of the official SDK does against the mock over real HTTP: obtain sessions through the admin API and the
 * login flows, then every settings operation on native and browser flows, success paths and each documented error status.
 * Statuses, error ids and message ids are docs/kratos-behavior.md#error-shapes, docs/kratos-behavior.md#endpoints and docs/kratos-behavior.md#strategies; body shapes are the SDK's own models.
 */
import type { Server } from '@hapi/hapi';
import {
  ErrorAuthenticatorAssuranceLevelNotSatisfiedFromJSON,
  instanceOfErrorGeneric,
  instanceOfGenericError,
  instanceOfNeedsPrivilegedSessionError,
  instanceOfSettingsFlow,
  SelfServiceFlowExpiredErrorFromJSON,
} from '@ory/kratos-client-fetch';
import { expect } from 'chai';
import { start } from '../../mock/index.js';
import { totp } from '../../suites/totp.js';
import type { Answer, SdkClient } from './clients.js';

const PASSWORD = 'interop passphrase that is long enough';
const HOUR = 60 * 60 * 1000;
const UNKNOWN_FLOW = '3b1f8e2c-5d4a-4c8e-9f6b-2a7d9e0c1b3f';
const SAVED = { id: 1050001, text: 'Your changes have been saved!', type: 'success' };

function expectSuccess(answer: Answer, status = 200): void {
  expect(answer.thrown, `expected ${status}, got ${answer.status}: ${JSON.stringify(answer.json)}`).to.equal(false);
  expect(answer.status).to.equal(status);
}

/** An error status reaches the caller as the SDK's error, with a generic error body (docs/kratos-behavior.md#error-shapes). */
function expectSdkError(answer: Answer, status: number, errorId: string | undefined): void {
  expect(answer.thrown, `expected the SDK to throw for ${status}, got ${answer.status}`).to.equal(true);
  expect(answer.status).to.equal(status);
  expect(instanceOfErrorGeneric(answer.json), JSON.stringify(answer.json)).to.equal(true);
  expect(instanceOfGenericError(answer.json.error)).to.equal(true);
  expect(answer.json.error.code).to.equal(status);
  expect(answer.json.error.id).to.equal(errorId);
}

/** A 400 that carries the flow back with messages (docs/kratos-behavior.md#flow-error-dispatch): the SDK throws, the body is a SettingsFlow. */
function expectFlowError(answer: Answer): any {
  expect(answer.thrown).to.equal(true);
  expect(answer.status).to.equal(400);
  expect(instanceOfSettingsFlow(answer.json), JSON.stringify(answer.json)).to.equal(true);
  return answer.json;
}

function nodeNamed(flow: any, name: string): any {
  return flow.ui.nodes.find((node: any) => node.attributes.name === name || node.attributes.id === name);
}

function csrfOf(flow: any): string {
  return nodeNamed(flow, 'csrf_token').attributes.value;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export function describeSdkInterop(makeClient: (basePath: string) => SdkClient): void {
  let server: Server;
  let sdk: SdkClient;
  const clock = { now: Date.now() };
  let counter = 0;

  before(async () => {
    server = await start({ port: 0, clock: () => clock.now, validateResponses: true, log: () => {} });
    sdk = makeClient(server.info.uri);
  });

  after(async () => {
    await server?.stop({ timeout: 1_000 });
  });

  async function newIdentity(): Promise<{ id: string; email: string }> {
    counter += 1;
    const email = `interop-${counter}@example.com`;
    const created = await sdk.createIdentity({
      schema_id: 'default',
      traits: { email },
      credentials: { password: { config: { password: PASSWORD } } },
    });
    expectSuccess(created, 201);
    return { id: created.json.id, email };
  }

  async function nativeLogin(email: string): Promise<string> {
    const flow = await sdk.createNativeLoginFlow({});
    expectSuccess(flow);
    const login = await sdk.updateLoginFlow(flow.json.id, { method: 'password', identifier: email, password: PASSWORD }, {});
    expectSuccess(login);
    expect(login.json.session_token).to.be.a('string');
    return login.json.session_token;
  }

  async function browserLogin(email: string): Promise<CookieJar> {
    const jar = new CookieJar();
    const flow = await sdk.createBrowserLoginFlow({});
    expectSuccess(flow);
    jar.take(flow.setCookies);
    const login = await sdk.updateLoginFlow(
      flow.json.id,
      { method: 'password', identifier: email, password: PASSWORD, csrf_token: csrfOf(flow.json) },
      { cookie: jar.header() },
    );
    expectSuccess(login);
    jar.take(login.setCookies);
    expect(jar.has('ory_kratos_session'), 'session cookie after browser login').to.equal(true);
    return jar;
  }

  async function nativeFlow(token: string): Promise<any> {
    const flow = await sdk.createNativeSettingsFlow(token);
    expectSuccess(flow);
    return flow.json;
  }

  async function setUpTotp(token: string): Promise<string> {
    const flow = await nativeFlow(token);
    const secret = nodeNamed(flow, 'totp_secret_key').attributes.text.context.secret as string;
    const done = await sdk.updateSettingsFlow(flow.id, { method: 'totp', totp_code: totp(secret, clock.now) }, { token });
    expectSuccess(done);
    return secret;
  }

  describe('sessions', () => {
    it('creates an identity with the admin API and reads it back', async () => {
      const identity = await newIdentity();
      const read = await sdk.getIdentity(identity.id);
      expectSuccess(read);
      expect(read.json.traits.email).to.equal(identity.email);
    });

    it('logs in natively and resolves the token with toSession; no token is a 401', async () => {
      const identity = await newIdentity();
      const token = await nativeLogin(identity.email);
      const session = await sdk.toSession({ token });
      expectSuccess(session);
      expect(session.json.identity.id).to.equal(identity.id);
      expect(session.json.authenticator_assurance_level).to.equal('aal1');
      expectSdkError(await sdk.toSession({}), 401, 'session_inactive');
    });

    it('logs in through a browser flow with the CSRF cookie and token, and the session cookie works', async () => {
      const identity = await newIdentity();
      const jar = await browserLogin(identity.email);
      const session = await sdk.toSession({ cookie: jar.header() });
      expectSuccess(session);
      expect(session.json.identity.id).to.equal(identity.id);
    });
  });

  describe('native settings flows (session token)', () => {
    let token: string;
    let identityId: string;
    let email: string;

    before(async () => {
      const identity = await newIdentity();
      ({ id: identityId, email } = identity);
      token = await nativeLogin(email);
    });

    it('creates and reads an api flow', async () => {
      const created = await sdk.createNativeSettingsFlow(token);
      expectSuccess(created);
      expect(instanceOfSettingsFlow(created.json)).to.equal(true);
      expect(created.json.type).to.equal('api');
      expect((created.value as { id: string }).id).to.equal(created.json.id);
      const read = await sdk.getSettingsFlow(created.json.id, { token });
      expectSuccess(read);
      expect(read.json.id).to.equal(created.json.id);
      expect(read.json.identity.id).to.equal(identityId);
    });

    it('updates the profile: 200, state success, message 1050001', async () => {
      const flow = await nativeFlow(token);
      const done = await sdk.updateSettingsFlow(flow.id, { method: 'profile', traits: { email, name: { first: 'Grace' } } }, { token });
      expectSuccess(done);
      expect(done.json.state).to.equal('success');
      expect(done.json.ui.messages).to.deep.include(SAVED);
      const identity = await sdk.getIdentity(identityId);
      expect(identity.json.traits.name).to.deep.equal({ first: 'Grace' });
    });

    it('rejects a short password with 400 and message 4000032 on the password node, then accepts a strong one', async () => {
      const flow = await nativeFlow(token);
      const weak = expectFlowError(await sdk.updateSettingsFlow(flow.id, { method: 'password', password: 'short' }, { token }));
      const messages = nodeNamed(weak, 'password').messages.map((message: any) => message.id);
      expect(messages).to.include(4000032);
      const strong = await sdk.updateSettingsFlow(flow.id, { method: 'password', password: 'Quartz-Meadow-Lantern-77' }, { token });
      expectSuccess(strong);
      expect(strong.json.ui.messages).to.deep.include(SAVED);
    });

    it('generates lookup codes (200, state unchanged, 12 codes) and confirms them (1050001)', async () => {
      const flow = await nativeFlow(token);
      const generated = await sdk.updateSettingsFlow(flow.id, { method: 'lookup_secret', lookup_secret_regenerate: true }, { token });
      expectSuccess(generated);
      expect(generated.json.state).to.equal(flow.state);
      const secrets = nodeNamed(generated.json, 'lookup_secret_codes').attributes.text.context.secrets;
      expect(secrets).to.have.length(12);
      const confirmed = await sdk.updateSettingsFlow(flow.id, { method: 'lookup_secret', lookup_secret_confirm: true }, { token });
      expectSuccess(confirmed);
      expect(confirmed.json.ui.messages).to.deep.include(SAVED);
    });

    it('links an OIDC provider on an api flow: 422 browser_location_change_required with redirect_browser_to', async () => {
      const flow = await nativeFlow(token);
      const provider = flow.ui.nodes.find((node: any) => node.group === 'oidc' && node.attributes.name === 'link').attributes.value;
      const link = await sdk.updateSettingsFlow(flow.id, { method: 'oidc', link: provider }, { token });
      expectSdkError(link, 422, 'browser_location_change_required');
      expect(link.json.redirect_browser_to).to.be.a('string').and.match(/^http/);
    });

    it('answers a webauthn submit on an api flow with 400 and message 4010004 (no strategy)', async () => {
      const flow = await nativeFlow(token);
      const answer = expectFlowError(
        await sdk.updateSettingsFlow(
          flow.id,
          { method: 'webauthn', webauthn_register: '{}', webauthn_register_displayname: 'key' },
          { token },
        ),
      );
      expect(answer.ui.messages.map((message: any) => message.id)).to.include(4010004);
    });

    it("sets up TOTP from the flow's secret and the session becomes aal2", async () => {
      await setUpTotp(token);
      const session = await sdk.toSession({ token });
      expect(session.json.authenticator_assurance_level).to.equal('aal2');
    });

    it('refuses an aal1 session of a TOTP identity with 403 session_aal2_required until it logs in with aal2', async () => {
      const identity = await newIdentity();
      const totpSecret = await setUpTotp(await nativeLogin(identity.email));
      const aal1 = await nativeLogin(identity.email);
      const refused = await sdk.createNativeSettingsFlow(aal1);
      expectSdkError(refused, 403, 'session_aal2_required');
      expect(ErrorAuthenticatorAssuranceLevelNotSatisfiedFromJSON(refused.json).redirect_browser_to).to.match(
        /\/self-service\/login\/browser\?aal=aal2/,
      );
      const loginFlow = await sdk.createNativeLoginFlow({ aal: 'aal2', token: aal1 });
      expectSuccess(loginFlow);
      clock.now += 30_000;
      const upgraded = await sdk.updateLoginFlow(
        loginFlow.json.id,
        { method: 'totp', totp_code: totp(totpSecret, clock.now) },
        { token: aal1 },
      );
      expectSuccess(upgraded);
      expectSuccess(await sdk.createNativeSettingsFlow(aal1));
    });
  });

  describe('browser settings flows (Cookie header, csrf_token)', () => {
    let jar: CookieJar;
    let email: string;

    before(async () => {
      ({ email } = await newIdentity());
      jar = await browserLogin(email);
    });

    it('creates and reads a browser flow with the cookie', async () => {
      const created = await sdk.createBrowserSettingsFlow(jar.header());
      expectSuccess(created);
      jar.take(created.setCookies);
      expect(created.json.type).to.equal('browser');
      expect(csrfOf(created.json)).to.be.a('string').and.not.equal('');
      const read = await sdk.getSettingsFlow(created.json.id, { cookie: jar.header() });
      expectSuccess(read);
      expect(read.json.id).to.equal(created.json.id);
    });

    it('updates the profile with the csrf_token: 200, continue_with redirect_browser_to, a fresh session cookie', async () => {
      const flow = (await sdk.createBrowserSettingsFlow(jar.header())).json;
      const done = await sdk.updateSettingsFlow(
        flow.id,
        { method: 'profile', traits: { email, name: { last: 'Hopper' } }, csrf_token: csrfOf(flow) },
        { cookie: jar.header() },
      );
      expectSuccess(done);
      expect(done.json.state).to.equal('success');
      expect(done.json.continue_with.map((item: any) => item.action)).to.include('redirect_browser_to');
      expect(done.setCookies.some((line) => line.startsWith('ory_kratos_session='))).to.equal(true);
    });

    it('rejects a wrong csrf_token with 403 security_csrf_violation', async () => {
      const flow = (await sdk.createBrowserSettingsFlow(jar.header())).json;
      const answer = await sdk.updateSettingsFlow(
        flow.id,
        { method: 'password', password: 'Another-Strong-Passphrase-1', csrf_token: 'not-the-token' },
        { cookie: jar.header() },
      );
      expectSdkError(answer, 403, 'security_csrf_violation');
      expect(answer.json.error.details.docs).to.equal('https://www.ory.com/docs/troubleshooting/csrf');
    });

    it('rejects a return_to outside the allow-list with 400 self_service_flow_return_to_forbidden', async () => {
      expectSdkError(
        await sdk.createBrowserSettingsFlow(jar.header(), 'https://evil.example.org/'),
        400,
        'self_service_flow_return_to_forbidden',
      );
    });

    it('refuses an aal1 browser session of a TOTP identity with 403 session_aal2_required', async () => {
      const identity = await newIdentity();
      await setUpTotp(await nativeLogin(identity.email));
      const aal1 = await browserLogin(identity.email);
      const answer = await sdk.createBrowserSettingsFlow(aal1.header());
      expectSdkError(answer, 403, 'session_aal2_required');
      expect(answer.json.redirect_browser_to).to.match(/\/self-service\/login\/browser\?aal=aal2/);
    });
  });

  describe('error statuses without a session or with a bad flow', () => {
    it('createBrowserSettingsFlow and createNativeSettingsFlow without a session: 401 session_inactive', async () => {
      expectSdkError(await sdk.createBrowserSettingsFlow(), 401, 'session_inactive');
      expectSdkError(await sdk.createNativeSettingsFlow(), 401, 'session_inactive');
    });

    it('getSettingsFlow: 401 without a session, 404 unknown, 403 security_identity_mismatch for another identity', async () => {
      const owner = await nativeLogin((await newIdentity()).email);
      const other = await nativeLogin((await newIdentity()).email);
      const flow = await nativeFlow(owner);
      expectSdkError(await sdk.getSettingsFlow(flow.id, {}), 401, undefined);
      expectSdkError(await sdk.getSettingsFlow(UNKNOWN_FLOW, { token: owner }), 404, undefined);
      expectSdkError(await sdk.getSettingsFlow(flow.id, { token: other }), 403, 'security_identity_mismatch');
    });

    it('updateSettingsFlow: 400 malformed flow id, 404 unknown flow, 401 without a session, 403 security_identity_mismatch', async () => {
      const owner = await nativeLogin((await newIdentity()).email);
      const other = await nativeLogin((await newIdentity()).email);
      const flow = await nativeFlow(owner);
      const body = { method: 'password', password: 'Granite-Harbor-Willow-42' };
      expectSdkError(await sdk.updateSettingsFlow('not-a-uuid', body, { token: owner }), 400, undefined);
      expectSdkError(await sdk.updateSettingsFlow(UNKNOWN_FLOW, body, { token: owner }), 404, undefined);
      expectSdkError(await sdk.updateSettingsFlow(flow.id, body, {}), 401, undefined);
      expectSdkError(await sdk.updateSettingsFlow(flow.id, body, { token: other }), 403, 'security_identity_mismatch');
    });

    it('after an hour: 410 on getSettingsFlow and updateSettingsFlow (self_service_flow_expired), 403 session_refresh_required', async () => {
      const token = await nativeLogin((await newIdentity()).email);
      const stale = await nativeFlow(token);
      clock.now += HOUR + 60_000;
      expectSdkError(await sdk.getSettingsFlow(stale.id, { token }), 410, undefined);
      const expired = await sdk.updateSettingsFlow(stale.id, { method: 'password', password: 'Granite-Harbor-Willow-42' }, { token });
      expectSdkError(expired, 410, 'self_service_flow_expired');
      const parsed = SelfServiceFlowExpiredErrorFromJSON(expired.json);
      expect(parsed.expired_at).to.be.instanceOf(Date);
      expect(parsed.use_flow_id).to.match(/^[0-9a-f-]{36}$/);
      const fresh = await nativeFlow(token);
      const refresh = await sdk.updateSettingsFlow(fresh.id, { method: 'password', password: 'Granite-Harbor-Willow-42' }, { token });
      expectSdkError(refresh, 403, 'session_refresh_required');
      expect(instanceOfNeedsPrivilegedSessionError(refresh.json)).to.equal(true);
      expect(refresh.json.redirect_browser_to).to.match(/\/self-service\/login\/browser\?refresh=true/);
    });
  });
}
