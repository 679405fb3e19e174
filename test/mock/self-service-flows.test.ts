/**
 * Registration, verification and recovery over HTTP, with the codes read from the outbox (GET /admin/courier/messages),
 * and the continue_with items that hand one flow to the next.
 */
import { expect } from 'chai';
import { browserLogin, Client, createIdentity, findNode, JSON_HEADERS, nodeValue, startMock, type Started } from './http-client.js';

const PASSWORD = 'a passphrase for self-service';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function latestCode(mock: Started, recipient: string, template: string): Promise<string> {
  const messages = (await new Client(mock.base).get(`/admin/courier/messages?recipient=${encodeURIComponent(recipient)}`)).json as any[];
  const message = messages.find((candidate) => candidate.template_type === template);
  expect(message, `a ${template} message to ${recipient}`).not.to.equal(undefined);
  return /(\d{6})/.exec(message.body)![1]!;
}

describe('mock: registration, verification and recovery', function () {
  this.timeout(20_000);
  let mock: Started;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.stop());

  describe('registration', () => {
    it('an API flow signs up with a password, answers the session token and a verification flow whose code is in the outbox', async () => {
      const client = new Client(mock.base);
      const flow = await client.get('/self-service/registration/api');
      expect(flow.status).to.equal(200);
      expect(flow.json.ui.nodes.map((node: any) => `${node.group}:${node.attributes.name}`)).to.include.members([
        'default:csrf_token',
        'default:traits.email',
        'password:password',
        'password:method',
      ]);
      const email = 'new-api-person@example.com';
      const done = await client.request('POST', `/self-service/registration?flow=${flow.json.id}`, {
        json: { method: 'password', traits: { email }, password: PASSWORD },
      });
      expect(done.status, done.text).to.equal(200);
      expect(done.json.identity.traits.email).to.equal(email);
      expect(done.json.session_token).to.match(/^ory_st_/);
      const [token, verification] = done.json.continue_with;
      expect(token).to.deep.equal({ action: 'set_ory_session_token', ory_session_token: done.json.session_token });
      expect(verification.action).to.equal('show_verification_ui');
      expect(verification.flow.id).to.match(UUID);
      expect(verification.flow.verifiable_address).to.equal(email);

      const pending = await client.get(`/self-service/verification/flows?id=${verification.flow.id}`);
      expect(pending.json.state).to.equal('sent_email');
      const wrong = await client.request('POST', `/self-service/verification?flow=${verification.flow.id}`, {
        json: { method: 'code', code: '000000x' },
      });
      expect(wrong.status).to.equal(400);
      expect(wrong.json.ui.messages.map((message: any) => message.id)).to.deep.equal([4070006]);
      const code = await latestCode(mock, email, 'verification_code_valid');
      const verified = await client.request('POST', `/self-service/verification?flow=${verification.flow.id}`, {
        json: { method: 'code', code },
      });
      expect(verified.status, verified.text).to.equal(200);
      expect(verified.json.state).to.equal('passed_challenge');
      expect(verified.json.ui.messages.map((message: any) => message.id)).to.deep.equal([1080002]);
      const whoami = await client.get('/sessions/whoami', { 'x-session-token': done.json.session_token });
      expect(whoami.json.identity.verifiable_addresses[0]).to.include({ value: email, verified: true, status: 'completed' });
    });

    it("refuses a breached password, a taken identifier and a missing trait with Kratos's messages", async () => {
      await createIdentity(mock.base, 'taken@example.com', PASSWORD);
      const client = new Client(mock.base);
      const submit = async (body: Record<string, unknown>) => {
        const flow = await client.get('/self-service/registration/api');
        return client.request('POST', `/self-service/registration?flow=${flow.json.id}`, { json: { method: 'password', ...body } });
      };
      const breached = await submit({ traits: { email: 'fresh@example.com' }, password: 'password' });
      expect(breached.status).to.equal(400);
      expect(findNode(breached.json, 'password').messages.map((message: any) => message.id)).to.deep.equal([4000034]);
      const taken = await submit({ traits: { email: 'taken@example.com' }, password: PASSWORD });
      expect(taken.json.ui.messages.map((message: any) => message.id)).to.deep.equal([4000007]);
      expect(nodeValue(taken.json, 'traits.email')).to.equal('taken@example.com');
      const missing = await submit({ traits: {}, password: PASSWORD });
      expect(findNode(missing.json, 'traits.email').messages.map((message: any) => message.id)).to.deep.equal([4000002]);
    });

    it('a browser form signs up: 303 to the default return URL with a session cookie; a signed-in browser is sent on', async () => {
      const client = new Client(mock.base);
      const init = await client.get('/self-service/registration/browser');
      expect(init.status).to.equal(303);
      expect(init.location).to.match(new RegExp(`^${mock.base}/ui/registration\\?flow=`));
      const flow = await client.get(
        `/self-service/registration/flows?id=${new URL(init.location!).searchParams.get('flow')}`,
        JSON_HEADERS,
      );
      const done = await client.request('POST', `/self-service/registration?flow=${flow.json.id}`, {
        form: {
          method: 'password',
          'traits.email': 'browser-signup@example.com',
          password: PASSWORD,
          csrf_token: String(nodeValue(flow.json, 'csrf_token')),
        },
      });
      expect(done.status, done.text).to.equal(303);
      expect([...client.jar.keys()]).to.include('ory_kratos_session');
      expect((await client.get('/sessions/whoami')).json.identity.traits.email).to.equal('browser-signup@example.com');
      expect((await client.get('/self-service/registration/browser')).status).to.equal(303);
    });
  });

  describe('recovery', () => {
    it('an API flow: code to the outbox, a wrong code 4060006, the right one a session and a settings flow (show_settings_ui)', async () => {
      const email = 'forgetful@example.com';
      await createIdentity(mock.base, email, PASSWORD);
      const client = new Client(mock.base);
      const flow = await client.get('/self-service/recovery/api');
      const sent = await client.request('POST', `/self-service/recovery?flow=${flow.json.id}`, { json: { method: 'code', email } });
      expect(sent.status, sent.text).to.equal(200);
      expect(sent.json.state).to.equal('sent_email');
      expect(sent.json.ui.messages.map((message: any) => message.id)).to.deep.equal([1060003]);
      const wrong = await client.request('POST', `/self-service/recovery?flow=${flow.json.id}`, { json: { method: 'code', code: '12' } });
      expect(wrong.json.ui.messages.map((message: any) => message.id)).to.deep.equal([4060006]);
      const code = await latestCode(mock, email, 'recovery_code_valid');
      const done = await client.request('POST', `/self-service/recovery?flow=${flow.json.id}`, { json: { method: 'code', code } });
      expect(done.status, done.text).to.equal(200);
      expect(done.json.state).to.equal('passed_challenge');
      const [token, settingsUi] = done.json.continue_with;
      expect(token.action).to.equal('set_ory_session_token');
      expect(settingsUi.action).to.equal('show_settings_ui');
      const headers = { 'x-session-token': token.ory_session_token };
      const settings = await client.get(`/self-service/settings/flows?id=${settingsUi.flow.id}`, headers);
      expect(settings.status).to.equal(200);
      expect(settings.json.ui.messages.map((message: any) => message.id)).to.deep.equal([1060001]);
      // A new client: reading the flow set a CSRF cookie, which an API flow's submit must not carry.
      const changed = await new Client(mock.base).request('POST', `/self-service/settings?flow=${settingsUi.flow.id}`, {
        headers,
        json: { method: 'password', password: 'a brand new passphrase' },
      });
      expect(changed.status, changed.text).to.equal(200);
      expect(changed.json.state).to.equal('success');
      const replay = await client.request('POST', `/self-service/recovery?flow=${flow.json.id}`, { json: { method: 'code', code } });
      expect(replay.status).to.equal(400);
    });

    it('a browser form ends in a 303 to the settings UI with a session cookie; an unknown address gets no code', async () => {
      const email = 'browser-forgetful@example.com';
      await createIdentity(mock.base, email, PASSWORD);
      const client = new Client(mock.base);
      const flow = await client.get('/self-service/recovery/browser', JSON_HEADERS);
      const csrf = String(nodeValue(flow.json, 'csrf_token'));
      await client.request('POST', `/self-service/recovery?flow=${flow.json.id}`, { form: { method: 'code', email, csrf_token: csrf } });
      const code = await latestCode(mock, email, 'recovery_code_valid');
      const done = await client.request('POST', `/self-service/recovery?flow=${flow.json.id}`, {
        form: { method: 'code', code, csrf_token: csrf },
      });
      expect(done.status).to.equal(303);
      expect(done.location).to.match(new RegExp(`^${mock.base}/ui/settings\\?flow=`));
      expect((await client.get('/sessions/whoami')).json.identity.traits.email).to.equal(email);

      const stranger = new Client(mock.base);
      const other = await stranger.get('/self-service/recovery/api');
      await stranger.request('POST', `/self-service/recovery?flow=${other.json.id}`, {
        json: { method: 'code', email: 'nobody@example.com' },
      });
      const messages = (await stranger.get('/admin/courier/messages?recipient=nobody%40example.com')).json as any[];
      expect(messages.map((message) => message.template_type)).to.deep.equal(['recovery_code_invalid']);
    });
  });

  it('a settings change to a new address answers show_verification_ui with a code sent to it', async () => {
    await createIdentity(mock.base, 'mover@example.com', PASSWORD);
    const client = new Client(mock.base);
    const login = await client.get('/self-service/login/api');
    const session = await client.request('POST', `/self-service/login?flow=${login.json.id}`, {
      json: { method: 'password', identifier: 'mover@example.com', password: PASSWORD },
    });
    const headers = { 'x-session-token': session.json.session_token };
    const flow = await client.get('/self-service/settings/api', headers);
    const saved = await client.request('POST', `/self-service/settings?flow=${flow.json.id}`, {
      headers,
      json: { method: 'profile', traits: { email: 'moved@example.com' } },
    });
    expect(saved.status, saved.text).to.equal(200);
    expect(saved.json.continue_with).to.have.length(1);
    expect(saved.json.continue_with[0]).to.deep.include({ action: 'show_verification_ui' });
    expect(saved.json.continue_with[0].flow.verifiable_address).to.equal('moved@example.com');
    await latestCode(mock, 'moved@example.com', 'verification_code_valid');
  });

  it('a browser submit whose own query carries a forbidden return_to still changes the address (the verification flow takes none)', async () => {
    await createIdentity(mock.base, 'browser-mover@example.com', PASSWORD);
    const client = new Client(mock.base);
    await browserLogin(client, 'browser-mover@example.com', PASSWORD);
    const flow = await client.get('/self-service/settings/browser', JSON_HEADERS);
    const saved = await client.request('POST', `/self-service/settings?flow=${flow.json.id}&return_to=https%3A%2F%2Fforbidden.example%2F`, {
      headers: JSON_HEADERS,
      json: { method: 'profile', traits: { email: 'browser-moved@example.com' }, csrf_token: nodeValue(flow.json, 'csrf_token') },
    });
    expect(saved.status, saved.text).to.equal(200);
    expect(saved.json.continue_with.map((item: any) => item.action)).to.deep.equal(['show_verification_ui', 'redirect_browser_to']);
  });
});
