import { expect } from 'chai';
import fc from 'fast-check';
import type { ResponseValidator } from '../../spec/index.js';
import type { Check } from '../../suites/checks/types.js';
import { runProperty, type CaseContext } from '../../suites/harness.js';
import { Lanes } from '../../suites/lanes.js';
import { Recorder, type Observation } from '../../suites/recorder.js';
import type { Provisioner } from '../../suites/provisioner.js';
import type { TargetFacts } from '../../suites/target-facts.js';
import { FLOW_ID, exchange, flowBody } from './fixtures.js';

const check: Check = { name: 'expiredFlowIsRejectedWith410', requirements: ['SF-GET-410-EXPIRED'], evaluate: () => ({ outcome: 'skip' }) };

function observation(failed: boolean): Observation {
  return {
    operationId: 'getSettingsFlow',
    exchange: exchange(200, { body: flowBody(), path: `/self-service/settings/flows?id=${FLOW_ID}` }),
    body: flowBody(),
    evaluations: [{ check, verdict: failed ? { outcome: 'fail', message: 'expected 410, got 200' } : { outcome: 'pass' } }],
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A property over integers whose body fails above 700, run with the given lanes; what it saw and reported. */
async function runIntegers(lanes: Lanes | undefined) {
  const recorder = new Recorder({ replayTarget: undefined, showSecrets: false });
  const context: CaseContext = {
    target: {} as TargetFacts,
    provisioner: {} as Provisioner,
    recorder,
    validator: {} as ResponseValidator,
    seed: 42,
    runs: 30,
    ...(lanes ? { lanes } : {}),
  };
  const bodyInputs: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const result = await runProperty(
    context,
    'SF-GET: integers',
    fc.integer({ min: 0, max: 1000 }),
    async (input) => {
      bodyInputs.push(input);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await tick();
      inFlight -= 1;
      return [observation(input > 700)];
    },
    { examples: [1, 999] },
  );
  return { result, bodyInputs, mostInFlight, failures: recorder.failures, cells: recorder.buildCells() };
}

describe('lanes', () => {
  it('keeps at most `capacity` tasks in flight and serves waiting owners in turn', async () => {
    const lanes = new Lanes(1);
    const started: string[] = [];
    const task = (name: string) => async () => {
      started.push(name);
      await tick();
    };
    const all = [
      ...['a1', 'a2', 'a3', 'a4'].map((name) => lanes.run('a', task(name))),
      ...['b1', 'b2'].map((name) => lanes.run('b', task(name))),
    ];
    await Promise.all(all);
    expect(started).to.deep.equal(['a1', 'a2', 'b1', 'a3', 'b2', 'a4']);
  });

  it('runs a property side by side with the same inputs, passing runs, counterexample and path as one at a time', async () => {
    const sequential = await runIntegers(undefined);
    const sideBySide = await runIntegers(new Lanes(4));
    expect(sequential.mostInFlight).to.equal(1);
    expect(sideBySide.mostInFlight).to.equal(4);
    expect(sideBySide.result).to.deep.equal(sequential.result);
    expect(sideBySide.result.failed).to.equal(true);
    expect(sideBySide.failures.map((failure) => failure.reproduce)).to.deep.equal(sequential.failures.map((failure) => failure.reproduce));
    expect(sideBySide.cells).to.deep.equal(sequential.cells);
    // Every generated run is made once, ahead; shrinking then tries its candidates as before.
    const generated = new Set(sequential.bodyInputs);
    for (const input of sideBySide.bodyInputs) expect(generated.has(input), String(input)).to.equal(true);
    expect(new Set(sideBySide.bodyInputs)).to.deep.equal(generated);
  });

  it('runs a sequential property one run at a time even with lanes to spare', async () => {
    const context: CaseContext = {
      target: {} as TargetFacts,
      provisioner: {} as Provisioner,
      recorder: new Recorder({ replayTarget: undefined, showSecrets: false }),
      validator: {} as ResponseValidator,
      seed: 1,
      runs: 12,
      lanes: new Lanes(4),
    };
    let inFlight = 0;
    let mostInFlight = 0;
    await runProperty(
      context,
      'SF-MODEL: x',
      fc.nat(),
      async () => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await tick();
        inFlight -= 1;
        return [observation(false)];
      },
      { sequential: true },
    );
    expect(mostInFlight).to.equal(1);
  });
});
