import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { apiSession, harness, node, PUBLIC, type Harness } from './harness.js';
import {
  apiFlow,
  browserFlow,
  except,
  nodesOf,
  noneAttestation,
  optionsOf,
  requireSnapshots,
  snapshot,
  storedKey,
  submitApi,
  submitBrowser,
} from './strategy-support.js';
import { REGISTER_NODES, SNAPSHOTS, flowMessages, giveKeys, shape, signedIn } from './webauthn-settings.js';

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
});
