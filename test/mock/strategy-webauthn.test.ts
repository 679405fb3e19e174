import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { cookieHeader, harness, json, node, START, store, type Harness } from './harness.js';
import { browserClient, browserFlow, identityWith, noneAttestation, snapshot, storedKey, submitBrowser } from './strategy-support.js';
import { LOCKOUT, flowMessages, giveKeys, signedIn, triggerChallenge } from './webauthn-settings.js';

describe('mock: webauthn strategy (docs/kratos-behavior.md#webauthn)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#webauthn: a "none" attestation registers a key: 1050001, a remove node, a stored credential, aal2 and AMR webauthn', async () => {
    const { client, identityId } = await signedIn(h);
    const flow = await browserFlow(h, client);
    const credentialId = randomBytes(16);
    const response = await submitBrowser(h, client, flow, {
      webauthn_register: noneAttestation({ challenge: triggerChallenge(flow), credentialId }),
      webauthn_register_displayname: 'My key',
    });
    expect(response.statusCode).to.equal(200);
    const body = json(response);
    expect(body.state).to.equal('success');
    expect(flowMessages(response)).to.deep.equal([1050001]);
    const remove = node(body, 'webauthn_remove');
    expect(remove.attributes.value).to.equal(credentialId.toString('hex'));
    expect(remove.meta.label.text).to.equal('Remove security key "My key"');
    expect(remove.meta.label.context).to.deep.equal({
      added_at: '2026-01-01T10:00:00Z',
      added_at_unix: START / 1000,
      display_name: 'My key',
    });
    expect(store(h).getIdentity(identityId)?.credentials['webauthn']).to.not.equal(undefined);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { cookie: cookieHeader(client.jar) } }));
    expect(whoami.authenticator_assurance_level).to.equal('aal2');
    expect(whoami.authentication_methods.map((method: any) => [method.method, method.aal])).to.deep.include(['webauthn', 'aal2']);
  });

  it('docs/kratos-behavior.md#webauthn: the same key twice → node message on webauthn_register', async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    const credentialId = randomBytes(16);
    const first = await submitBrowser(h, client, flow, {
      webauthn_register: noneAttestation({ challenge: triggerChallenge(flow), credentialId }),
      webauthn_register_displayname: 'one',
    });
    expect(first.statusCode).to.equal(200);
    const again = await submitBrowser(h, client, flow, {
      webauthn_register: noneAttestation({ challenge: triggerChallenge(json(first)), credentialId }),
      webauthn_register_displayname: 'two',
    });
    expect(again.statusCode).to.equal(400);
    expect(node(json(again), 'webauthn_register').messages).to.deep.equal([
      {
        id: 4000001,
        text: 'this security key or passkey is already registered with your account',
        type: 'error',
        context: { reason: 'this security key or passkey is already registered with your account' },
      },
    ]);
  });

  it('docs/kratos-behavior.md#webauthn: a register value that is not a WebAuthn response → 400, 4000001 "Unable to parse WebAuthn response: …"', async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    for (const broken of ['not json', '{}', JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'password', response: {} })]) {
      const response = await submitBrowser(h, client, flow, { webauthn_register: broken, webauthn_register_displayname: 'k' });
      expect(response.statusCode, broken).to.equal(400);
      const [message] = json(response).ui.messages;
      expect(message.id).to.equal(4000001);
      expect(message.text).to.match(/^Unable to parse WebAuthn response: /);
    }
  });

  it('docs/kratos-behavior.md#webauthn: a wrong challenge or ceremony → 400 with 4000001 "Unable to create WebAuthn credential: …" (Kratos: 500)', async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    const cases = [
      noneAttestation({ challenge: randomBytes(32).toString('base64url'), credentialId: randomBytes(16) }),
      noneAttestation({ challenge: triggerChallenge(flow), credentialId: randomBytes(16), ceremony: 'webauthn.get' }),
      noneAttestation({ challenge: triggerChallenge(flow), credentialId: randomBytes(16), origin: 'https://evil.example' }),
      noneAttestation({ challenge: triggerChallenge(flow), credentialId: randomBytes(16), rpId: 'evil.example' }),
    ];
    for (const attestation of cases) {
      const response = await submitBrowser(h, client, flow, { webauthn_register: attestation, webauthn_register_displayname: 'k' });
      expect(response.statusCode).to.equal(400);
      const [message] = json(response).ui.messages;
      expect(message.id).to.equal(4000001);
      expect(message.text).to.match(/^Unable to create WebAuthn credential: /);
    }
  });

  it('docs/kratos-behavior.md#webauthn: a register without a display name → 4000002 on webauthn_register_displayname', async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    const response = await submitBrowser(h, client, flow, {
      webauthn_register: noneAttestation({ challenge: triggerChallenge(flow), credentialId: randomBytes(16) }),
    });
    expect(response.statusCode).to.equal(400);
    expect(node(json(response), 'webauthn_register_displayname').messages.map((message: any) => message.id)).to.deep.equal([4000002]);
  });

  it('docs/kratos-behavior.md#webauthn: removing without any key, or an unknown key → the texts Kratos sends, as 4000001', async () => {
    const { client, identityId } = await signedIn(h);
    let flow = await browserFlow(h, client);
    let response = await submitBrowser(h, client, flow, { webauthn_remove: '666f6f666f6f' });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0]).to.include({
      id: 4000001,
      text: 'You tried to remove a WebAuthn but you have no WebAuthn set up.',
    });
    giveKeys(h, client, identityId, [storedKey('foofoo', 'foo', false)]);
    flow = await browserFlow(h, client);
    response = await submitBrowser(h, client, flow, { webauthn_remove: '626172626172' });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0]).to.include({
      id: 4000001,
      text: 'You tried to remove a WebAuthn credential which does not exist.',
    });
  });

  it('docs/kratos-behavior.md#webauthn: an MFA key can always be removed', async () => {
    const { client, identityId } = await signedIn(h);
    giveKeys(h, client, identityId, [storedKey('foofoo', 'foo', false)]);
    const flow = await browserFlow(h, client);
    const response = await submitBrowser(h, client, flow, {
      webauthn_remove: '666f6f666f6f',
      webauthn_register: '',
      webauthn_register_displayname: '',
    });
    expect(response.statusCode).to.equal(200);
    expect(node(json(response), 'webauthn_remove')).to.equal(undefined);
    expect(store(h).getIdentity(identityId)?.credentials['webauthn']).to.equal(undefined);
  });

  it('docs/kratos-behavior.md#webauthn: the last passwordless key is disabled and cannot be removed: 4000001 on webauthn_remove', async () => {
    const { token } = identityWith(h, 'only-key@example.com', {
      webauthn: { identifiers: ['only-key@example.com'], config: { credentials: [storedKey('foofoo', 'foo', true)] } },
    });
    const client = browserClient(token);
    const flow = await browserFlow(h, client);
    expect(node(flow, 'webauthn_remove').attributes.disabled).to.equal(true);
    const response = await submitBrowser(h, client, flow, {
      webauthn_remove: '666f6f666f6f',
      webauthn_register: '',
      webauthn_register_displayname: '',
    });
    expect(response.statusCode).to.equal(400);
    const remove = node(json(response), 'webauthn_remove');
    expect(remove.messages).to.deep.equal([{ id: 4000001, text: LOCKOUT, type: 'error', context: { reason: LOCKOUT } }]);
    const expected = snapshot(
      'strategy-webauthn/TestCompleteSettings-case=fails_to_remove_security_key_if_it_is_passwordless_and_the_last_credential_available-type=spa-response.json',
    );
    if (expected) expect(remove).to.deep.equal(expected);
  });

  it('docs/kratos-behavior.md#privileged-session: without privilege → 403 session_refresh_required (JSON client)', async () => {
    const { client } = await signedIn(h);
    h.advance(2 * 60 * 60 * 1000);
    const flow = await browserFlow(h, client);
    const response = await submitBrowser(h, client, flow, { webauthn_remove: '666f6f666f6f' });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_refresh_required');
  });

  it('docs/kratos-behavior.md#csrf: webauthn checks CSRF', async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    const response = await submitBrowser(h, client, flow, { webauthn_remove: '666f6f666f6f', csrf_token: 'wrong' });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('security_csrf_violation');
  });
});
