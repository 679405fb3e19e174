import { expect } from 'chai';
import { apiSession, harness, json } from './harness.js';
import { apiFlow } from './settings-submit.js';
import { submit } from './strategy-submit.js';

describe('mock: disabled strategies (docs/kratos-behavior.md#dispatch-forward)', () => {
  it('docs/kratos-behavior.md#dispatch-forward: a disabled method that claims the submit → 404 "disabled"', async () => {
    const h = await harness({ config: { methods: { password: { enabled: false } } } });
    const { token } = await apiSession(h);
    const flow = await apiFlow(h, token);
    expect(flow.ui.nodes.some((candidate: any) => candidate.group === 'password')).to.equal(false);
    const response = await submit(h, flow.id, { method: 'password', password: 'a brand new secret' }, token);
    expect(response.statusCode).to.equal(404);
    expect(json(response).error.reason).to.equal(
      'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
    );
  });
});
