/** --shrink-time bounds the time spent shrinking a failing property, which keeps the fault matrix fast. */
import { expect } from 'chai';
import fc from 'fast-check';
import { targetAnswered } from '../../suites/checks/generic.js';
import { runProperty, type CaseContext } from '../../suites/harness.js';
import { Recorder, type Observation } from '../../suites/recorder.js';
import type { Provisioner } from '../../suites/provisioner.js';
import type { TargetFacts } from '../../suites/target-facts.js';
import { exchange } from '../suites/fixtures.js';

/** An observation whose one check failed: the target answered 500. */
function failingObservation(): Observation {
  return {
    operationId: 'createNativeSettingsFlow',
    exchange: exchange(500, { body: '{}' }),
    body: {},
    evaluations: [{ check: targetAnswered, verdict: { outcome: 'fail', message: 'answered 500' } }],
  };
}

function caseContext(shrinkTimeMs: number | undefined): CaseContext {
  return {
    target: {} as TargetFacts,
    provisioner: {} as Provisioner,
    recorder: new Recorder({ replayTarget: undefined, showSecrets: false }),
    validator: {} as CaseContext['validator'],
    seed: 42,
    runs: 20,
    ...(shrinkTimeMs !== undefined ? { shrinkTimeMs } : {}),
  };
}

/**
 * Every value above 10 fails (the same failure each time), so fast-check shrinks a large failing value towards 11
 * step by step; after the shrunk failure the property goes on through the rest of its 21 runs looking for others.
 */
async function countRuns(shrinkTimeMs: number | undefined, delayMs = 0): Promise<{ runs: number; failed: boolean }> {
  let runs = 0;
  const result = await runProperty(
    caseContext(shrinkTimeMs),
    'values above 10 fail',
    fc.integer({ min: 0, max: 1_000_000 }),
    async (value) => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return value > 10 ? [failingObservation()] : [];
    },
    { examples: [999_999] },
  );
  return { runs, failed: result.failed };
}

/** 20 runs and the one example: each value runs once when nothing is shrunk. */
const NUM_RUNS = 21;

describe('shrink time', () => {
  it('without a limit, a failing property is shrunk (many runs after the failure)', async () => {
    const { runs, failed } = await countRuns(undefined);
    expect(failed).to.equal(true);
    expect(runs).to.be.greaterThan(NUM_RUNS + 5);
  });

  it('a budget stops shrinking once it is spent, keeping the last failure found', async () => {
    const { runs, failed } = await countRuns(1, 5);
    expect(failed).to.equal(true);
    expect(runs).to.be.within(NUM_RUNS + 1, NUM_RUNS + 2);
  });

  it('0 reports the first failing case without shrinking it', async () => {
    const { runs, failed } = await countRuns(0);
    expect(failed).to.equal(true);
    expect(runs).to.equal(NUM_RUNS);
  });
});
