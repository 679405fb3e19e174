/**
 * Tolerance: a suite that fails a valid server is as broken as one that passes a broken one. Over real HTTP through
 * the CLI, the suite passes the mock with each named variant (valid variations of a conforming server).
 */
import { expect } from 'chai';
import { VARIANTS } from '../../mock/variants/index.js';
import { LIFESPANS, mapConcurrently, runPair, type PairResult } from './cli-matrix.js';

const CONCURRENCY = 4;
/** More generated situations than the fault matrix needs: a false failure may hide off the pinned examples. */
const TOLERANCE_RUN_ARGS = ['--seed', '1', '--runs', '3', ...LIFESPANS];

describe('tolerance: the suite passes the CLI mock with each valid variant', function () {
  this.timeout(300_000);
  const results = new Map<string, PairResult>();

  before(async () => {
    const names = [...VARIANTS.keys()];
    const outcomes = await mapConcurrently(names, CONCURRENCY, (name) => runPair(['--variant', name], TOLERANCE_RUN_ARGS));
    names.forEach((name, index) => {
      const outcome = outcomes[index];
      if (outcome) results.set(name, outcome);
    });
  });

  it('has at least 8 variants, each saying why it is valid', () => {
    expect(VARIANTS.size).to.be.at.least(8);
    for (const variant of VARIANTS.values()) expect(variant.allowedBy, variant.name).to.not.equal('');
  });

  for (const variant of VARIANTS.values()) {
    it(`passes with ${variant.name}`, () => {
      const result = results.get(variant.name);
      const failures = result?.report?.failures
        .slice(0, 5)
        .map((failure) => `${failure.requirement} ${failure.check}: ${failure.message}`)
        .join('\n');
      expect(result?.exitCode, failures || result?.output.slice(-1500)).to.equal(0);
      // A documented alternative may answer in another cell (e.g. 403 instead of 400), so a cell may go unreached.
      expect(
        result?.report?.cells.filter((cell) => cell.outcome === 'failed'),
        'failed cells',
      ).to.deep.equal([]);
    });
  }
});
