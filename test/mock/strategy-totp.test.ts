import { expect } from 'chai';
import { totp } from '../../mock/crypto/totp.js';
import { apiLogin, apiSession, harness, json, node, type Harness } from './harness.js';
import { apiFlow } from './settings-submit.js';
import { submit } from './strategy-submit.js';

describe('mock: totp strategy (docs/kratos-behavior.md#totp)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#totp: setup shows a QR code and a 32-character base32 secret; a wrong code → 4000008', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(node(flow, 'totp_qr').attributes.src).to.match(/^data:image\/png;base64,/);
    const secret = node(flow, 'totp_secret_key').attributes.text.text;
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    expect(node(flow, 'totp_secret_key').attributes.text).to.deep.include({ id: 1050006, context: { secret } });
    const response = await submit(h, flow.id, { method: 'totp', totp_code: '000000' }, token);
    expect(response.statusCode).to.equal(400);
    expect(node(json(response), 'totp_code').messages[0]).to.include({
      id: 4000008,
      text: 'The provided authentication code is invalid, please try again.',
    });
  });

  it('docs/kratos-behavior.md#kratos-e2e mfa/totp: a profile change first, then TOTP setup in the same flow works', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const saved = json(await submit(h, flow.id, { method: 'profile', traits: { email, name: { first: 'Ada' } } }, token));
    const secret = node(saved, 'totp_secret_key').attributes.text.text;
    const response = await submit(h, flow.id, { method: 'totp', totp_code: totp(secret, h.clock.now) }, token);
    expect(response.statusCode).to.equal(200);
    expect(json(response).ui.messages[0].id).to.equal(1050001);
  });

  it('docs/kratos-behavior.md#totp: a missing code → 4000002 on totp_code', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { method: 'totp' }, token);
    expect(node(json(response), 'totp_code').messages[0]).to.include({ id: 4000002, text: 'Property totp_code is missing.' });
  });

  it('docs/kratos-behavior.md#totp: a valid code links TOTP, the session gains aal2 + AMR totp; later flows only offer unlink; unlink works', async () => {
    const { token, email } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const secret = node(flow, 'totp_secret_key').attributes.text.text;
    const response = await submit(h, flow.id, { method: 'totp', totp_code: totp(secret, h.clock.now) }, token);
    expect(response.statusCode).to.equal(200);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    expect(whoami.authenticator_assurance_level).to.equal('aal2');
    expect(whoami.authentication_methods.map((method: any) => method.method)).to.deep.equal(['password', 'totp']);
    const next = await apiFlow(h, token);
    expect(
      next.ui.nodes.filter((candidate: any) => candidate.group === 'totp').map((candidate: any) => candidate.attributes.name),
    ).to.deep.equal(['totp_unlink']);

    const aal1 = await apiLogin(h, email);
    const blocked = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': aal1 } });
    expect(blocked.statusCode).to.equal(403);
    const upgrade = json(await h.inject({ method: 'GET', url: '/self-service/login/api?aal=aal2', headers: { 'x-session-token': aal1 } }));
    const upgraded = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${upgrade.id}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ method: 'totp', totp_code: totp(secret, h.clock.now) }),
    });
    expect(upgraded.statusCode).to.equal(200);
    expect(json(upgraded).session.authenticator_assurance_level).to.equal('aal2');

    const unlinkFlow = await apiFlow(h, token);
    const unlinked = await submit(h, unlinkFlow.id, { totp_unlink: true }, token);
    expect(unlinked.statusCode).to.equal(200);
    expect(node(json(unlinked), 'totp_qr')).to.not.equal(undefined);
  });
});
