import { expect } from 'chai';
import type { Check } from '../../suites/checks/types.js';
import { Recorder, type Observation } from '../../suites/recorder.js';
import { FLOW_ID, exchange, flowBody } from './fixtures.js';

const failingCheck: Check = {
  name: 'expiredFlowIsRejectedWith410',
  requirements: ['SF-GET-410-EXPIRED'],
  evaluate: () => ({ outcome: 'skip' }),
};
const cookieCheck: Check = {
  name: 'apiFlowSubmittedByBrowserIsRejectedWith400',
  requirements: ['SF-UPDATE-API-BROWSER'],
  evaluate: () => ({ outcome: 'skip' }),
};

function observation(verdict: Observation['evaluations'][number]['verdict'], check = failingCheck): Observation {
  return {
    operationId: 'getSettingsFlow',
    exchange: exchange(200, {
      body: flowBody(),
      path: `/self-service/settings/flows?id=${FLOW_ID}`,
      requestHeaders: { accept: 'application/json', 'x-session-token': 'secret-token' },
    }),
    body: flowBody(),
    evaluations: [{ check, verdict }],
  };
}

const replay = { seed: 7, path: '3:1:0', title: 'SF-GET: a flow is returned to its owner only' };

describe('recorder', () => {
  it('turns a failing evaluation into a failure naming requirement, check, exchange, filtered curl, seed, path and replay line', () => {
    const recorder = new Recorder({ replayTarget: 'http://127.0.0.1:4433', showSecrets: false });
    const observations = [observation({ outcome: 'fail', message: 'expected 410, got 200' })];
    expect(Recorder.fails(observations)).to.equal(true);
    recorder.commit(observations, replay);
    const [failure] = recorder.failures;
    expect(failure).to.deep.include({
      requirement: 'SF-GET-410-EXPIRED',
      check: 'expiredFlowIsRejectedWith410',
      operationId: 'getSettingsFlow',
      status: 200,
      message: 'expected 410, got 200',
    });
    expect(failure?.reproduce).to.deep.include({ seed: 7, path: '3:1:0' });
    expect(failure?.reproduce.curl).to.include("-H 'x-session-token: [Filtered]'").and.not.include('secret-token');
    expect(failure?.exchange?.request.headers['x-session-token']).to.equal('[Filtered]');
    expect(failure?.reproduce.replay).to.equal(
      "npx kratos-settings-conformance run --target http://127.0.0.1:4433 --seed 7 --path '3:1:0' --grep '^SF-GET:'",
    );
    expect(recorder.buildCells().find((cell) => cell.operationId === 'getSettingsFlow' && cell.status === 200)).to.deep.include({
      outcome: 'failed',
      checks: 1,
    });
  });

  it('leaves --target out of the replay line for the embedded mock, and shows secrets when asked', () => {
    const recorder = new Recorder({ replayTarget: undefined, showSecrets: true });
    recorder.commit([observation({ outcome: 'fail', message: 'x' })], replay);
    expect(recorder.failures[0]?.reproduce.replay).to.equal(
      "npx kratos-settings-conformance run --seed 7 --path '3:1:0' --grep '^SF-GET:'",
    );
    expect(recorder.failures[0]?.reproduce.curl).to.include('secret-token');
  });

  it('reports a failed `should` requirement as a warning, not a failure', () => {
    const recorder = new Recorder({ replayTarget: undefined, showSecrets: false });
    const observations = [observation({ outcome: 'fail', message: 'accepted a cookie' }, cookieCheck)];
    expect(Recorder.fails(observations)).to.equal(false);
    recorder.commit(observations, replay);
    expect(recorder.failures).to.deep.equal([]);
    expect(recorder.warnings).to.deep.equal([
      {
        requirement: 'SF-UPDATE-API-BROWSER',
        operationId: 'getSettingsFlow',
        status: 200,
        message: 'apiFlowSubmittedByBrowserIsRejectedWith400: accepted a cookie',
      },
    ]);
  });

  it('counts passing checks into cells and requirements; unreached cells are not_reached or not_applicable with a reason', () => {
    const recorder = new Recorder({ replayTarget: undefined, showSecrets: false });
    recorder.markNotApplicable('SF-UPDATE-422-OIDC', 'updateSettingsFlow', 422, 'target has no oidc method enabled');
    recorder.commit([observation({ outcome: 'pass' }), observation({ outcome: 'pass' })], replay);
    const cells = recorder.buildCells();
    expect(cells).to.have.length(21);
    expect(cells.find((cell) => cell.operationId === 'getSettingsFlow' && cell.status === 200)).to.deep.equal({
      operationId: 'getSettingsFlow',
      status: 200,
      checks: 2,
      outcome: 'passed',
    });
    expect(cells.find((cell) => cell.status === 422)).to.deep.include({
      outcome: 'not_applicable',
      reason: 'target has no oidc method enabled',
    });
    expect(cells.find((cell) => cell.operationId === 'getSettingsFlow' && cell.status === 410)?.outcome).to.equal('not_reached');
    const requirements = recorder.buildRequirements();
    expect(requirements.find((requirement) => requirement.id === 'SF-GET-410-EXPIRED')?.cells).to.deep.equal([
      { operationId: 'getSettingsFlow', status: 200, outcome: 'passed', checks: 2 },
    ]);
    expect(requirements.find((requirement) => requirement.id === 'SF-UPDATE-422-OIDC')?.cells).to.deep.equal([
      { operationId: 'updateSettingsFlow', status: 422, outcome: 'not_applicable', checks: 0, reason: 'target has no oidc method enabled' },
    ]);
  });
});
