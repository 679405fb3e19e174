import { expect } from 'chai';
import { apiSession, harness, json, node, type Harness } from './harness.js';
import { HOUR, apiFlow } from './settings-submit.js';
import { submit } from './strategy-submit.js';

describe('mock: lookup_secret strategy (docs/kratos-behavior.md#lookup-secret)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('docs/kratos-behavior.md#lookup-secret: regenerate returns to the UI with 12 codes of 8 characters and a confirm button; no 1050001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_regenerate: true }, token);
    expect(response.statusCode).to.equal(200);
    const body = json(response);
    expect(body.state).to.equal('show_form');
    expect(body.ui).not.to.have.property('messages');
    const codes = node(body, 'lookup_secret_codes').attributes.text;
    expect(codes.id).to.equal(1050015);
    expect(codes.context.secrets).to.have.length(12);
    for (const secret of codes.context.secrets) {
      expect(secret.id).to.equal(1050009);
      expect(secret.text).to.have.length(8);
    }
    expect(node(body, 'lookup_secret_confirm').meta.label).to.include({ id: 1050011, text: 'Confirm backup recovery codes' });
  });

  it('docs/kratos-behavior.md#lookup-secret: confirm without a prior regenerate → 400 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_confirm: true }, token);
    expect(response.statusCode).to.equal(400);
    expect(json(response).ui.messages).to.deep.equal([
      { id: 4000001, text: 'You must (re-)generate recovery backup codes before you can save them.', type: 'error' },
    ]);
  });

  it('docs/kratos-behavior.md#lookup-secret: reveal with no codes → 400 4000001', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_reveal: true }, token);
    expect(json(response).ui.messages[0].text).to.equal('Can not reveal lookup codes because you have none.');
  });

  it('docs/kratos-behavior.md#lookup-secret: regenerate → confirm (1050001, aal2) → reveal lists the codes → disable', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const regenerated = json(await submit(h, flow.id, { lookup_secret_regenerate: true }, token));
    const codes = node(regenerated, 'lookup_secret_codes').attributes.text.context.secrets.map((secret: any) => secret.text);
    const confirmed = await submit(h, flow.id, { lookup_secret_confirm: true }, token);
    expect(confirmed.statusCode).to.equal(200);
    expect(json(confirmed).ui.messages[0].id).to.equal(1050001);
    const whoami = json(await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } }));
    expect(whoami.authentication_methods.map((method: any) => method.method)).to.include('lookup_secret');

    const next = await apiFlow(h, token);
    expect(node(next, 'lookup_secret_reveal')).to.not.equal(undefined);
    expect(node(next, 'lookup_secret_disable')).to.not.equal(undefined);
    const revealed = json(await submit(h, next.id, { lookup_secret_reveal: true }, token));
    expect(node(revealed, 'lookup_secret_codes').attributes.text.context.secrets.map((secret: any) => secret.text)).to.deep.equal(codes);

    const disabled = await submit(h, next.id, { lookup_secret_disable: true }, token);
    expect(disabled.statusCode).to.equal(200);
    expect(node(json(disabled), 'lookup_secret_regenerate')).to.not.equal(undefined);
  });

  it('docs/kratos-behavior.md#lookup-secret: confirm wins over reveal, disable and regenerate', async () => {
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    const response = await submit(
      h,
      flow.id,
      {
        lookup_secret_confirm: true,
        lookup_secret_reveal: true,
        lookup_secret_disable: true,
        lookup_secret_regenerate: true,
      },
      token,
    );
    expect(json(response).ui.messages[0].text).to.equal('You must (re-)generate recovery backup codes before you can save them.');
  });

  it('docs/kratos-behavior.md#lookup-secret: without privilege → session_refresh_required', async () => {
    const { token } = await apiSession(h);
    h.advance(HOUR + 1000);
    const flow = await apiFlow(h, token);
    const response = await submit(h, flow.id, { lookup_secret_regenerate: true }, token);
    expect(response.statusCode).to.equal(403);
    expect(json(response).error.id).to.equal('session_refresh_required');
  });
});
