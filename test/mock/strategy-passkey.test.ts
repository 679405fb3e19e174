import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { apiSession, browserSession, harness, json, node, store, type Harness } from './harness.js';
import {
  apiFlow,
  browserClient,
  browserFlow,
  except,
  identityWith,
  noneAttestation,
  optionsOf,
  requireSnapshots,
  snapshot,
  storedKey,
  submitApi,
  submitBrowser,
} from './strategy-support.js';

const LOCKOUT = 'unable to remove this security key because it would lock you out of your account';
const SNAPSHOTS = 'strategy-passkey/';

/** The csrf node, the webauthn script and the passkey group: what Kratos's passkey snapshots hold. */
function passkeyNodes(flow: any): any[] {
  return flow.ui.nodes.filter(
    (entry: any) => entry.attributes.name === 'csrf_token' || entry.attributes.id === 'webauthn_script' || entry.group === 'passkey',
  );
}

function challengeOf(flow: any): string {
  return optionsOf(node(flow, 'passkey_create_data')).publicKey.challenge;
}

function givePasskeys(h: Harness, identityId: string, passkeys: ReturnType<typeof storedKey>[]): void {
  const s = store(h);
  const identity = s.getIdentity(identityId)!;
  const passkey = s.newCredential('passkey', ['handle'], { credentials: passkeys, user_handle: 'aGFuZGxl' });
  s.saveIdentity({ ...identity, credentials: { ...identity.credentials, passkey } });
}

describe('mock: passkey strategy (docs/kratos-behavior.md#passkey)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#flow-shape: browser flows get the script, a trigger with onclick, the hidden register input and the options', async () => {
    const { jar } = await browserSession(h);
    const nodes = passkeyNodes(await browserFlow(h, { jar }));
    expect(nodes.map((entry) => entry.attributes.name ?? entry.attributes.id)).to.deep.equal([
      'csrf_token',
      'webauthn_script',
      'passkey_register_trigger',
      'passkey_settings_register',
      'passkey_create_data',
    ]);
    const trigger = nodes[2];
    expect(trigger.attributes).to.include({ type: 'button', value: '', onclickTrigger: 'oryPasskeySettingsRegistration' });
    expect(trigger.meta.label).to.deep.equal({ id: 1050019, text: 'Add passkey', type: 'info' });
    const options = optionsOf(nodes[4]).publicKey;
    expect(options.authenticatorSelection.residentKey).to.equal('required');
    expect(options.user.name).to.match(/@example\.com$/);
  });

  it('docs/kratos-behavior.md#flow-shape: api flows get the trigger without onclick and no script', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(node(flow, 'webauthn_script')).to.equal(undefined);
    expect(node(flow, 'passkey_register_trigger').attributes).to.not.have.property('onclick');
    expect(node(flow, 'passkey_create_data').attributes.value).to.be.a('string');
  });

  it('docs/kratos-behavior.md#snapshots, snapshots "PopulateSettingsMethod" api and browser: same nodes, attributes in Kratos\'s key order', async function () {
    requireSnapshots(this);
    const { token } = await apiSession(h);
    const api = passkeyNodes(await apiFlow(h, token));
    const apiSnapshot = snapshot(`${SNAPSHOTS}TestPopulateSettingsMethod-method=PopulateSettingsMethod-type=api.json`);
    const apiOurs = except(api, ['0.attributes.value', '3.attributes.value']);
    expect(apiOurs).to.deep.equal(apiSnapshot);
    expect(apiOurs.map((entry) => Object.keys(entry.attributes))).to.deep.equal(
      apiSnapshot.map((entry: any) => Object.keys(entry.attributes)),
    );

    const { jar } = await browserSession(h);
    const browser = passkeyNodes(await browserFlow(h, { jar }));
    const browserSnapshot = snapshot(`${SNAPSHOTS}TestPopulateSettingsMethod-method=PopulateSettingsMethod-type=browser.json`);
    // Stripped by Kratos's test (csrf value, script src and nonce, options); the integrity hashes Kratos's own script.
    const browserOurs = except(browser, [
      '0.attributes.value',
      '1.attributes.src',
      '1.attributes.nonce',
      '1.attributes.integrity',
      '4.attributes.value',
    ]);
    expect(browserOurs).to.deep.equal(except(browserSnapshot, ['1.attributes.integrity']));
    expect(browserOurs.map((entry) => Object.keys(entry.attributes))).to.deep.equal(
      except(browserSnapshot, ['1.attributes.integrity']).map((entry: any) => Object.keys(entry.attributes)),
    );
  });

  it('docs/kratos-behavior.md#snapshots, snapshots "one activation element" and "a device is shown which can be unlinked"', async function () {
    requireSnapshots(this);
    const { jar, identityId } = await browserSession(h);
    const fresh = except(passkeyNodes(await browserFlow(h, { jar })), [
      '0.attributes.value',
      '1.attributes.src',
      '1.attributes.nonce',
      '1.attributes.integrity',
      '4.attributes.value',
    ]);
    expect(fresh).to.deep.equal(
      except(snapshot(`${SNAPSHOTS}TestCompleteSettings-case=one_activation_element_is_shown.json`), ['1.attributes.integrity']),
    );
    givePasskeys(h, identityId, [storedKey('barbar', 'bar', true), storedKey('foofoo', 'foo', true)]);
    const withDevices = except(passkeyNodes(await browserFlow(h, { jar })), [
      '0.attributes.value',
      '1.attributes.src',
      '1.attributes.nonce',
      '1.attributes.integrity',
      '6.attributes.value',
    ]);
    expect(withDevices).to.deep.equal(
      except(snapshot(`${SNAPSHOTS}TestCompleteSettings-case=a_device_is_shown_which_can_be_unlinked.json`), ['1.attributes.integrity']),
    );
  });

  it('with webauthn disabled a browser flow still carries the script, once', async () => {
    h = await harness({ config: { methods: { webauthn: { enabled: false } } } });
    const { jar } = await browserSession(h);
    const flow = await browserFlow(h, { jar });
    expect(flow.ui.nodes.filter((entry: any) => entry.attributes.id === 'webauthn_script')).to.have.length(1);
    expect(flow.ui.nodes.filter((entry: any) => entry.group === 'webauthn').map((entry: any) => entry.type)).to.deep.equal(['script']);
  });

  it('docs/kratos-behavior.md#flow-shape: without a passkey display name trait → global 4000009 and no register nodes', async () => {
    h = await harness({
      config: {
        identity_schema: {
          type: 'object',
          properties: {
            traits: {
              type: 'object',
              properties: {
                email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
              },
            },
          },
        },
      },
    });
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(flow.ui.messages.map((message: any) => message.id)).to.deep.equal([4000009]);
    expect(flow.ui.nodes.filter((entry: any) => entry.group === 'passkey')).to.deep.equal([]);
  });

  it('docs/kratos-behavior.md#passkey: an api flow registers a passkey: 1050001, passkey_remove appears, AMR passkey', async () => {
    const { token, email, identityId } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const credentialId = randomBytes(16);
    const response = await submitApi(h, token, flow.id, {
      passkey_settings_register: noneAttestation({ challenge: challengeOf(flow), credentialId }),
    });
    expect(response.statusCode).to.equal(200);
    const body = json(response);
    expect(body.ui.messages.map((message: any) => message.id)).to.deep.equal([1050001]);
    const remove = node(body, 'passkey_remove');
    expect(remove.attributes).to.include({ value: credentialId.toString('hex'), disabled: false });
    expect(remove.meta.label).to.include({ id: 1050020, text: `Remove passkey "${email}"` });
    const session = store(h).activeSessionByToken(token)!;
    expect(session.methods.map((method) => [method.method, method.aal])).to.deep.include(['passkey', 'aal1']);
    expect(store(h).getIdentity(identityId)?.credentials['passkey']).to.not.equal(undefined);
  });

  it('docs/kratos-behavior.md#passkey: browser flows register too, with CSRF checked', async () => {
    const { jar } = await browserSession(h);
    const flow = await browserFlow(h, { jar });
    const attestation = noneAttestation({ challenge: challengeOf(flow), credentialId: randomBytes(16) });
    const forged = await submitBrowser(h, { jar }, flow, { passkey_settings_register: attestation, csrf_token: 'forged' });
    expect(forged.statusCode).to.equal(403);
    const response = await submitBrowser(h, { jar }, flow, { passkey_settings_register: attestation });
    expect(response.statusCode).to.equal(200);
  });

  it('docs/kratos-behavior.md#passkey: a broken register value → 400 "Unable to parse WebAuthn response: …"', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submitApi(h, token, flow.id, { passkey_settings_register: '{"id":' });
    expect(response.statusCode).to.equal(400);
    const [message] = json(response).ui.messages;
    expect(message.id).to.equal(4000001);
    expect(message.text).to.match(/^Unable to parse WebAuthn response: /);
  });

  it('docs/kratos-behavior.md#passkey: removing without passkeys, or an unknown passkey → the texts Kratos sends', async () => {
    const { token, identityId } = await apiSession(h);
    let response = await submitApi(h, token, (await apiFlow(h, token)).id, { passkey_remove: '666f6f666f6f' });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0]).to.include({
      id: 4000001,
      text: 'You tried to remove a WebAuthn but you have no WebAuthn set up.',
    });
    givePasskeys(h, identityId, [storedKey('foofoo', 'foo', true)]);
    response = await submitApi(h, token, (await apiFlow(h, token)).id, { passkey_remove: '626172626172' });
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages[0]).to.include({ id: 4000001, text: 'You tried to remove a passkey which does not exist.' });
  });

  it('docs/kratos-behavior.md#passkey: a passkey next to a password can be removed', async () => {
    const { token, identityId } = await apiSession(h);
    givePasskeys(h, identityId, [storedKey('foofoo', 'foo', true)]);
    const response = await submitApi(h, token, (await apiFlow(h, token)).id, { passkey_remove: '666f6f666f6f' });
    expect(response.statusCode).to.equal(200);
    expect(node(json(response), 'passkey_remove')).to.equal(undefined);
  });

  for (const type of ['api', 'browser'] as const) {
    it(`docs/kratos-behavior.md#passkey: the last first factor (${type}): passkey_remove disabled, the message on a synthetic webauthn_remove node`, async () => {
      const { token } = identityWith(h, `passkey-only-${type}@example.com`, {
        passkey: { identifiers: ['handle'], config: { credentials: [storedKey('foofoo', 'foo', true)], user_handle: 'aGFuZGxl' } },
      });
      const client = browserClient(token);
      const flow = type === 'api' ? await apiFlow(h, token) : await browserFlow(h, client);
      const remove = { passkey_remove: '666f6f666f6f', passkey_register_trigger: '' };
      const response = type === 'api' ? await submitApi(h, token, flow.id, remove) : await submitBrowser(h, client, flow, remove);
      expect(response.statusCode).to.equal(400);
      const body = json(response);
      const synthetic = body.ui.nodes.filter((entry: any) => entry.attributes.name === 'webauthn_remove');
      expect(synthetic).to.have.length(1);
      expect(synthetic[0]).to.include({ type: 'input', group: 'default' });
      expect(synthetic[0].messages).to.deep.equal([{ id: 4000001, text: LOCKOUT, type: 'error', context: { reason: LOCKOUT } }]);
      const passkeyRemove = node(body, 'passkey_remove');
      expect(passkeyRemove.attributes.disabled).to.equal(true);
      expect(passkeyRemove.messages).to.deep.equal([]);
      const expected = snapshot(
        `${SNAPSHOTS}TestCompleteSettings-case=fails_to_remove_passkey_if_it_is_the_last_credential_available-type=${type}-response.json`,
      );
      if (expected) expect(passkeyRemove).to.deep.equal(expected);
    });
  }

  it('docs/kratos-behavior.md#privileged-session: without privilege → 403 session_refresh_required', async () => {
    const { token } = await apiSession(h);
    h.advance(2 * 60 * 60 * 1000);
    const response = await submitApi(h, token, (await apiFlow(h, token)).id, { passkey_remove: '666f6f666f6f' });
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_refresh_required');
  });
});
