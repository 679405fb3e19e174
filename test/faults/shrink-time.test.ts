/** --shrink-time bounds the time spent shrinking a failing property, which keeps the fault matrix fast. */
import { expect } from 'chai';
import fc from 'fast-check';
import { targetAnswered } from '../../suites/checks/generic.js';
import { runProperty, type CaseContext } from '../../suites/harness.js';
import { Recorder, type Observation } from '../../suites/recorder.js';
import type { World } from '../../suites/world.js';
import { exchange } from '../suites/fixtures.js';

/** An observation whose one check failed: the target did not answer. */
function failingObservation(): Observation {
  return {
    operationId: 'createNativeSettingsFlow',
    exchange: exchange(0, { error: 'ECONNREFUSED' }),
    evaluations: [{ check: targetAnswered, verdict: { outcome: 'fail', message: 'no response: ECONNREFUSED' } }],
  };
}

function caseContext(shrinkTimeMs: number | undefined): CaseContext {
  return {
    world: {} as World,
    recorder: new Recorder({ replayTarget: undefined, showSecrets: false }),
    validator: {} as CaseContext['validator'],
    seed: 42,
    runs: 20,
    ...(shrinkTimeMs !== undefined ? { shrinkTimeMs } : {}),
  };
}

/** Every value above 10 fails, so fast-check shrinks a large failing value towards 11 step by step. */
async function countRuns(shrinkTimeMs: number | undefined, delayMs = 0): Promise<{ runs: number; failed: boolean }> {
  let runs = 0;
  const result = await runProperty(caseContext(shrinkTimeMs), 'values above 10 fail', fc.integer({ min: 0, max: 1_000_000 }), async (value) => {
    runs += 1;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return value > 10 ? [failingObservation()] : [];
  }, { examples: [999_999] });
  return { runs, failed: result.failed };
}

describe('shrink time', () => {
  it('without a limit, a failing property is shrunk (many runs after the failure)', async () => {
    const { runs, failed } = await countRuns(undefined);
    expect(failed).to.equal(true);
    expect(runs).to.be.greaterThan(5);
  });

  it('a budget stops shrinking once it is spent, keeping the last failure found', async () => {
    const { runs, failed } = await countRuns(1, 5);
    expect(failed).to.equal(true);
    expect(runs).to.be.within(2, 3);
  });

  it('0 reports the first failing case without shrinking it', async () => {
    const { runs, failed } = await countRuns(0);
    expect(failed).to.equal(true);
    expect(runs).to.equal(1);
  });
});
