/** Identities declared in the config exist from the start, with every credential they declare, over HTTP. */
import { expect } from 'chai';
import { ConfigError, init } from '../../mock/index.js';
import { totp } from '../../suites/totp.js';
import { Client, startMock, type Started } from './http-client.js';

const ALICE = '7a0f2d5e-3c1b-4e8a-9f6d-2b4c8e1a0d3f';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const IDENTITIES = [
  {
    id: ALICE,
    traits: { email: 'alice@example.com', name: { first: 'Alice' } },
    password: 'alice passphrase 1',
    totp_secret: SECRET,
    lookup_codes: ['code-one', 'code-two'],
    oidc: [{ provider: 'fake', subject: 'alice-subject' }],
  },
  { traits: { email: 'bob@example.com' }, password: 'bob passphrase 1', lookup_codes: ['bob-code'] },
];

async function apiLogin(client: Client, identifier: string, password: string): Promise<string> {
  const flow = await client.get('/self-service/login/api');
  const login = await client.request('POST', `/self-service/login?flow=${flow.json.id}`, {
    json: { method: 'password', identifier, password },
  });
  expect(login.status, login.text).to.equal(200);
  return login.json.session_token;
}

async function secondFactor(client: Client, token: string, body: Record<string, string>) {
  const flow = await client.get('/self-service/login/api?aal=aal2', { 'x-session-token': token });
  return client.request('POST', `/self-service/login?flow=${flow.json.id}`, { headers: { 'x-session-token': token }, json: body });
}

describe('mock: identities from the config (fixtures)', () => {
  let mock: Started;
  before(async () => {
    mock = await startMock({ config: { identities: IDENTITIES } });
  });
  after(() => mock.stop());

  it('exist with their id, traits and credential types', async () => {
    const listed = (await new Client(mock.base).get('/admin/identities')).json as any[];
    const alice = listed.find((identity) => identity.id === ALICE);
    expect(alice.traits).to.deep.equal({ email: 'alice@example.com', name: { first: 'Alice' } });
    expect(Object.keys(alice.credentials).sort()).to.deep.equal(['lookup_secret', 'oidc', 'password', 'totp']);
    expect(alice.credentials.oidc.identifiers).to.deep.equal(['fake:alice-subject']);
    expect(listed.map((identity) => identity.traits.email)).to.include('bob@example.com');
  });

  it('sign in with the declared password, then the TOTP secret or a backup code as second factor', async () => {
    const client = new Client(mock.base);
    const token = await apiLogin(client, 'alice@example.com', 'alice passphrase 1');
    const wrong = await secondFactor(client, token, { method: 'totp', totp_code: '000000' });
    expect(wrong.status).to.equal(400);
    const viaTotp = await secondFactor(client, token, { method: 'totp', totp_code: totp(SECRET, mock.clock.now) });
    expect(viaTotp.status, viaTotp.text).to.equal(200);
    expect(viaTotp.json.session.authenticator_assurance_level).to.equal('aal2');
    const bobToken = await apiLogin(client, 'bob@example.com', 'bob passphrase 1');
    const viaCode = await secondFactor(client, bobToken, { method: 'lookup_secret', lookup_secret: 'bob-code' });
    expect(viaCode.status, viaCode.text).to.equal(200);
    expect(viaCode.json.session.authenticator_assurance_level).to.equal('aal2');
  });

  it('show the declared OIDC link as linked in a settings flow', async () => {
    const client = new Client(mock.base);
    const token = await apiLogin(client, 'alice@example.com', 'alice passphrase 1');
    await secondFactor(client, token, { method: 'lookup_secret', lookup_secret: 'code-one' });
    const flow = await client.get('/self-service/settings/api', { 'x-session-token': token });
    expect(flow.status, flow.text).to.equal(200);
    const oidc = flow.json.ui.nodes
      .filter((node: any) => node.group === 'oidc')
      .map((node: any) => `${node.attributes.name}:${node.attributes.value}`);
    expect(oidc).to.deep.equal(['unlink:fake']);
  });

  for (const [identities, key] of [
    [[{ traits: { email: 'not an email' } }], 'identities[0].traits'],
    [[{ traits: { email: 'x@example.com' }, oidc: [{ provider: 'nope', subject: 's' }] }], 'identities[0].oidc[0].provider'],
    [
      [
        { traits: { email: 'x@example.com' }, password: 'pw pw pw pw' },
        { traits: { email: 'x@example.com' }, password: 'pw pw pw pw' },
      ],
      'identities[1].traits',
    ],
    [[{ traits: { email: 'x@example.com' }, totp_secret: 'not base32!' }], 'identities[0].totp_secret'],
    [[{ traits: { email: 'x@example.com' }, id: 'seven' }], 'identities[0].id'],
    [[{ traits: { email: 'x@example.com' }, colour: 'red' }], 'identities[0].colour'],
  ] as const) {
    it(`a bad fixture stops the start naming ${key}`, async () => {
      const error = await init({ config: { identities } }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.include(`"${key}"`);
    });
  }
});
