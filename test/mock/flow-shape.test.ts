import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { REFERENCE_DIR } from '../spec/shared-reference.js';
import { PUBLIC, apiSession, harness, json, store } from './harness.js';

const SNAPSHOTS = `${REFERENCE_DIR}kratos-snapshots`;
const SNAPSHOT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string' },
        name: { type: 'string', format: 'email' },
        stringy: { type: 'string' },
        numby: { type: 'number' },
        booly: { type: 'boolean' },
        should_big_number: { type: 'number' },
        should_long_string: { type: 'string' },
      },
    },
  },
};

function withoutCsrfValue(nodes: any[]): any[] {
  return nodes.map((node) => {
    if (node.attributes.name !== 'csrf_token') return node;
    const { value: _value, ...attributes } = node.attributes;
    return { ...node, attributes };
  });
}

describe('mock: settings flow JSON (docs/kratos-behavior.md#flow-shape)', () => {
  it('docs/kratos-behavior.md#flow-shape: top-level keys, organization_id null, identity without credentials, ui.action', async () => {
    const h = await harness();
    const { token } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    expect(Object.keys(flow)).to.deep.equal([
      'id',
      'type',
      'expires_at',
      'issued_at',
      'request_url',
      'ui',
      'identity',
      'state',
      'organization_id',
    ]);
    expect(flow.organization_id).to.equal(null);
    expect(flow.issued_at).to.equal('2026-01-01T10:00:00Z');
    expect(flow.expires_at).to.equal('2026-01-01T11:00:00Z');
    expect(flow.request_url).to.equal(`${PUBLIC}/self-service/settings/api`);
    expect(flow.identity).not.to.have.property('credentials');
    expect(flow.identity.schema_url).to.equal(`${PUBLIC}/schemas/ZGVmYXVsdA`);
    expect(flow.identity.organization_id).to.equal(null);
    expect(flow.ui.action).to.equal(`${PUBLIC}/self-service/settings?flow=${flow.id}`);
    expect(flow.ui).not.to.have.property('messages');
  });

  it('docs/kratos-behavior.md#profile, #kratos-e2e: verifiable and recovery addresses follow the traits the schema marks', async () => {
    const h = await harness();
    const { token, email } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    expect(flow.identity.verifiable_addresses).to.have.length(1);
    expect(flow.identity.verifiable_addresses[0]).to.include({ value: email, verified: false, via: 'email' });
    expect(flow.identity.recovery_addresses[0]).to.include({ value: email, via: 'email' });
    const changed = json(
      await h.inject({
        method: 'POST',
        url: `/self-service/settings?flow=${flow.id}`,
        headers: { 'content-type': 'application/json', 'x-session-token': token },
        payload: JSON.stringify({ method: 'profile', traits: { email: 'Moved@Example.com' } }),
      }),
    );
    expect(changed.identity.recovery_addresses.map((address: any) => address.value)).to.deep.equal(['moved@example.com']);
  });

  it('docs/kratos-behavior.md#flow-shape: groups follow default, profile, password, oidc, lookup_secret, webauthn, passkey, totp', async () => {
    const h = await harness();
    const { token } = await apiSession(h);
    const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
    const groups = flow.ui.nodes
      .map((node: any) => node.group)
      .filter((group: string, index: number, all: string[]) => all.indexOf(group) === index);
    const order = ['default', 'profile', 'password', 'oidc', 'lookup_secret', 'webauthn', 'passkey', 'totp'];
    expect(groups).to.deep.equal(order.filter((group) => groups.includes(group)));
    expect(groups).to.include.members(['default', 'profile', 'password', 'lookup_secret', 'totp']);
    const totpNames = flow.ui.nodes
      .filter((node: any) => node.group === 'totp')
      .map((node: any) => node.attributes.name ?? node.attributes.id);
    expect(totpNames).to.deep.equal(['totp_qr', 'totp_secret_key', 'totp_code', 'method']);
  });

  describe('against Kratos snapshots', () => {
    before(function () {
      if (!existsSync(SNAPSHOTS)) {
        console.log(`    skipped: ${SNAPSHOTS} is absent (it exists only in development and CI)`);
        this.skip();
      }
    });

    it('docs/kratos-behavior.md#flow-shape: a fresh API flow with profile+password has the nodes of flow-settings/…init_a_flow_as_API…success.json', async () => {
      const expected = JSON.parse(
        readFileSync(
          `${SNAPSHOTS}/flow-settings/TestHandler-endpoint=init-description=init_a_flow_as_API-description=success.json`,
          'utf8',
        ),
      );
      const h = await harness({
        config: {
          identity_schema: SNAPSHOT_SCHEMA,
          methods: {
            oidc: { enabled: false },
            totp: { enabled: false },
            lookup_secret: { enabled: false },
            webauthn: { enabled: false },
            passkey: { enabled: false },
          },
        },
      });
      const identity = store(h).createIdentity({ schemaId: 'default', traits: {} });
      const session = store(h).createSession({
        identityId: identity.id,
        lifespanMs: 60_000,
        methods: [{ method: 'password', aal: 'aal1', completedAt: h.clock.now }],
      });
      const flow = json(
        await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': session.token } }),
      );
      expect(withoutCsrfValue(flow.ui.nodes)).to.deep.equal(expected);
    });

    it('docs/kratos-behavior.md#totp: a TOTP setup shows the node set of strategy-totp/…no_totp_yet.json', async () => {
      const expected = JSON.parse(
        readFileSync(
          `${SNAPSHOTS}/strategy-totp/TestCompleteSettings-case=device_setup_is_available_when_identity_has_no_totp_yet.json`,
          'utf8',
        ),
      );
      const h = await harness();
      const { token } = await apiSession(h);
      const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
      const shape = (node: any) => [node.type, node.group, node.attributes.name ?? node.attributes.id, node.meta.label?.id];
      const actual = flow.ui.nodes.filter((node: any) => node.group === 'totp' || node.group === 'default').map(shape);
      expect(actual).to.deep.equal(expected.map(shape));
    });

    it('docs/kratos-behavior.md#lookup-secret: no codes yet shows the node set of strategy-lookup/…no_recovery_codes_yet-case=api.json', async () => {
      const expected = JSON.parse(
        readFileSync(
          `${SNAPSHOTS}/strategy-lookup/TestCompleteSettings-case=button_for_regeneration_is_displayed_when_identity_has_no_recovery_codes_yet-case=api.json`,
          'utf8',
        ),
      );
      const h = await harness();
      const { token } = await apiSession(h);
      const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
      const lookup = flow.ui.nodes.filter((node: any) => node.group === 'lookup_secret');
      expect(lookup).to.deep.equal(expected.filter((node: any) => node.group === 'lookup_secret'));
    });
  });
});
