import { createHash, randomBytes } from 'node:crypto';
import type { ServerInjectResponse } from '@hapi/hapi';
import { expect } from 'chai';
import fc from 'fast-check';
import { RegistrationError, verifyRegistration } from '../../mock/webauthn/registration.js';
import { apiSession, browserSession, cookieHeader, harness, json, node, PUBLIC, START, store, type Harness } from './harness.js';
import {
  apiFlow,
  browserClient,
  browserFlow,
  except,
  identityWith,
  nodesOf,
  noneAttestation,
  optionsOf,
  requireSnapshots,
  snapshot,
  storedKey,
  submitApi,
  submitBrowser,
  type BrowserClient,
} from './strategy-support.js';

const SNAPSHOTS = 'strategy-webauthn/TestCompleteSettings-case=';
const LOCKOUT = 'unable to remove this security key because it would lock you out of your account';

/** docs/kratos-behavior.md#nodes-webauthn and #messages ids, for a browser flow without keys: group webauthn in order. */
const REGISTER_NODES = [
  {
    type: 'input',
    name: 'webauthn_register_displayname',
    inputType: 'text',
    label: { id: 1050013, text: 'Name of the security key', type: 'info' },
  },
  { type: 'input', name: 'webauthn_register', inputType: 'hidden', label: undefined },
  { type: 'input', name: 'webauthn_register_trigger', inputType: 'button', label: { id: 1050012, text: 'Add security key', type: 'info' } },
  { type: 'script', name: 'webauthn_script', inputType: 'text/javascript', label: undefined },
];

function shape(nodes: any[]) {
  return nodes.map((entry) => ({
    type: entry.type,
    name: entry.attributes.name ?? entry.attributes.id,
    inputType: entry.attributes.type,
    label: entry.meta.label,
  }));
}

async function signedIn(h: Harness): Promise<{ client: BrowserClient; identityId: string }> {
  const session = await browserSession(h);
  return { client: { jar: session.jar }, identityId: session.identityId };
}

/** Gives the identity MFA keys and its session the aal2 they make required (docs/kratos-behavior.md#aal, highest_available). */
function giveKeys(h: Harness, client: BrowserClient, identityId: string, keys: ReturnType<typeof storedKey>[]): void {
  const s = store(h);
  const identity = s.getIdentity(identityId)!;
  const webauthn = s.newCredential('webauthn', [String(identity.traits['email'])], { credentials: keys });
  s.saveIdentity({ ...identity, credentials: { ...identity.credentials, webauthn } });
  const session = s.activeSessionByToken(client.jar.get('ory_kratos_session')!)!;
  s.addAuthenticationMethod(session.id, { method: 'webauthn', aal: 'aal2', completedAt: h.clock.now });
}

function triggerChallenge(flow: any): string {
  return optionsOf(node(flow, 'webauthn_register_trigger')).publicKey.challenge;
}

function flowMessages(response: ServerInjectResponse): number[] {
  return (json(response).ui.messages ?? []).map((message: any) => message.id);
}

describe('mock: webauthn strategy (docs/kratos-behavior.md#webauthn)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#flow-shape: a browser flow offers display name, hidden register input, trigger button and script, in that order', async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    expect(shape(flow.ui.nodes.filter((entry: any) => entry.group === 'webauthn'))).to.deep.equal(REGISTER_NODES);
    const trigger = node(flow, 'webauthn_register_trigger');
    expect(trigger.attributes.onclickTrigger).to.equal('oryWebAuthnRegistration');
    const options = optionsOf(trigger).publicKey;
    expect(options.rp.id).to.equal('127.0.0.1');
    expect(options.challenge).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(options.attestation).to.equal('none');
    expect(node(flow, 'webauthn_script').attributes.src).to.equal(`${PUBLIC}/.well-known/ory/webauthn.js`);
  });

  it('docs/kratos-behavior.md#snapshots, snapshot "one activation element is shown": same nodes, attributes and labels', async function () {
    requireSnapshots(this);
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    // Kratos's test strips the csrf value, the trigger's onclick and value and the script's src and nonce; the integrity is the
    // hash of Kratos's own script, which the mock does not ship.
    const ours = except(nodesOf(flow, ['webauthn']), [
      '0.attributes.value',
      '3.attributes.onclick',
      '3.attributes.value',
      '4.attributes.src',
      '4.attributes.nonce',
      '4.attributes.integrity',
    ]);
    expect(ours).to.deep.equal(except(snapshot(`${SNAPSHOTS}one_activation_element_is_shown.json`), ['4.attributes.integrity']));
  });

  it('docs/kratos-behavior.md#snapshots, snapshot "a device is shown which can be unlinked": one enabled webauthn_remove per key, hex id, label 1050018', async function () {
    requireSnapshots(this);
    const { client, identityId } = await signedIn(h);
    giveKeys(h, client, identityId, [storedKey('barbar', 'bar', false), storedKey('foofoo', 'foo', false)]);
    const flow = await browserFlow(h, client);
    const ours = except(nodesOf(flow, ['webauthn']), [
      '0.attributes.value',
      '5.attributes.onclick',
      '5.attributes.value',
      '6.attributes.src',
      '6.attributes.nonce',
      '6.attributes.integrity',
    ]);
    expect(ours).to.deep.equal(except(snapshot(`${SNAPSHOTS}a_device_is_shown_which_can_be_unlinked.json`), ['6.attributes.integrity']));
  });

  it('docs/kratos-behavior.md#flow-shape: the remove button carries the hex id and `Remove security key "<name>"` with added_at context', async () => {
    const { client, identityId } = await signedIn(h);
    giveKeys(h, client, identityId, [storedKey('foofoo', 'foo', false, '2026-01-01T09:00:00Z')]);
    const remove = node(await browserFlow(h, client), 'webauthn_remove');
    expect(remove.attributes).to.include({ type: 'submit', value: '666f6f666f6f', disabled: false });
    expect(remove.meta.label).to.deep.equal({
      id: 1050018,
      text: 'Remove security key "foo"',
      type: 'info',
      context: { added_at: '2026-01-01T09:00:00Z', added_at_unix: Date.parse('2026-01-01T09:00:00Z') / 1000, display_name: 'foo' },
    });
  });

  it('docs/kratos-behavior.md#webauthn: api flows have no webauthn nodes, and a webauthn body there ends in 4010004', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(flow.ui.nodes.filter((entry: any) => entry.group === 'webauthn')).to.deep.equal([]);
    const response = await submitApi(h, token, flow.id, { webauthn_remove: '666f6f666f6f' });
    expect(response.statusCode).to.equal(400);
    expect(flowMessages(response)).to.deep.equal([4010004]);
  });

  it("serves the script at /.well-known/ory/webauthn.js as JavaScript matching the node's integrity", async () => {
    const { client } = await signedIn(h);
    const script = node(await browserFlow(h, client), 'webauthn_script');
    const response = await h.inject({ method: 'GET', url: '/.well-known/ory/webauthn.js' });
    expect(response.statusCode).to.equal(200);
    expect(response.headers['content-type']).to.match(/^application\/javascript/);
    expect(script.attributes.integrity).to.equal(`sha512-${createHash('sha512').update(response.rawPayload).digest('base64')}`);
  });

  it("the served script passes the trigger's options to navigator.credentials.create and submits what the strategy accepts", async () => {
    const { client } = await signedIn(h);
    const flow = await browserFlow(h, client);
    const options = optionsOf(node(flow, 'webauthn_register_trigger'));
    const credential = JSON.parse(noneAttestation({ challenge: options.publicKey.challenge, credentialId: randomBytes(16) }));
    const bytes = (value: string) => Uint8Array.from(Buffer.from(value, 'base64url')).buffer;
    const script = (await h.inject({ method: 'GET', url: '/.well-known/ory/webauthn.js' })).payload;
    let requested: any;
    let formSubmitted!: () => void;
    const submitted = new Promise<void>((resolve) => {
      formSubmitted = resolve;
    });
    const form = { submit: () => formSubmitted() };
    const resultInput = { value: '', closest: () => form };
    const elements: Record<string, unknown> = {
      '[name="webauthn_register"]': resultInput,
      '[name="webauthn_register_trigger"]': { closest: () => form },
    };
    const navigator = {
      credentials: {
        create: async (request: any) => {
          requested = request;
          return {
            id: credential.id,
            rawId: bytes(credential.rawId),
            type: 'public-key',
            response: {
              attestationObject: bytes(credential.response.attestationObject),
              clientDataJSON: bytes(credential.response.clientDataJSON),
            },
          };
        },
      },
    };
    const window: Record<string, any> = { PublicKeyCredential: () => undefined };
    const document = { querySelector: (selector: string) => elements[selector] };
    new Function('window', 'document', 'navigator', 'atob', 'btoa', 'alert', script)(
      window,
      document,
      navigator,
      atob,
      btoa,
      () => undefined,
    );
    window['oryWebAuthnRegistration'](options);
    await submitted;
    expect(Buffer.from(requested.publicKey.challenge).toString('base64url')).to.equal(options.publicKey.challenge);
    const response = await submitBrowser(h, client, flow, {
      webauthn_register: resultInput.value,
      webauthn_register_displayname: 'scripted',
    });
    expect(response.statusCode).to.equal(200);
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

describe('mock: WebAuthn registration parsing never fails with anything but a registration error', () => {
  const expected = { session: { challenge: 'AAAA', userId: 'AAAA' }, rpId: '127.0.0.1', origins: [PUBLIC] };

  it('arbitrary strings and arbitrary attestation bytes are rejected as parse or verify errors', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => verifyRegistration(text, expected)).to.throw(RegistrationError);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 100 }), (attestation, clientData) => {
        const json = JSON.stringify({
          id: 'AQID',
          rawId: 'AQID',
          type: 'public-key',
          response: {
            attestationObject: Buffer.from(attestation).toString('base64url'),
            clientDataJSON: Buffer.from(clientData).toString('base64url'),
          },
        });
        expect(() => verifyRegistration(json, expected)).to.throw(RegistrationError);
      }),
    );
  });

  it('authData with arbitrary bytes after the credential id is rejected as a registration error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (tail) => {
        const valid = JSON.parse(noneAttestation({ challenge: 'AAAA', credentialId: Buffer.from([1, 2, 3]) }));
        const authData = Buffer.concat([
          createHash('sha256').update('127.0.0.1').digest(),
          Buffer.from([0x45, 0, 0, 0, 0]),
          Buffer.alloc(16),
          Buffer.from([0, 3, 1, 2, 3]),
          tail,
        ]);
        const attestation = Buffer.concat([
          Buffer.from([0xa3, 0x63]),
          Buffer.from('fmt'),
          Buffer.from([0x64]),
          Buffer.from('none'),
          Buffer.from([0x67]),
          Buffer.from('attStmt'),
          Buffer.from([0xa0, 0x68]),
          Buffer.from('authData'),
          Buffer.from([0x58, authData.length]),
          authData,
        ]);
        valid.response.attestationObject = attestation.toString('base64url');
        try {
          verifyRegistration(JSON.stringify(valid), expected);
        } catch (failure) {
          expect(failure).to.be.instanceOf(RegistrationError);
        }
      }),
    );
  });
});
