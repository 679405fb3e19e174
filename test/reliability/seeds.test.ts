/**
 * Never fail a correct server: against the clean mock (real `mock` processes, over HTTP) the model run — the stateful
 * sequences, where the state a target may change between answers (TOTP secrets, lookup codes, CSRF tokens) decides
 * the outcome — passes for each of 100 seeds, the full suite for 5 more, and seed 11, whose model run once failed
 * because the suite kept a TOTP secret the target had replaced, passes too. A failure names the seed and its replay
 * line. A full suite run per seed costs a few CPU-seconds (its pinned examples do not depend on the seed), so the
 * full suite gets fewer seeds.
 */
import { expect } from 'chai';
import { runConformance } from '../../api/run.js';
import type { Report } from '../../reporters/report.js';
import { LIFESPANS, mapConcurrently, startMock, type RunningMock } from '../faults/cli-matrix.js';

const seeds = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);
/** Runs overlap their waits for flows to expire; more at once only queue on the CPU. */
const CONCURRENCY = 6;
/** The mock's work (QR codes, password hashes) outweighs the suite's: two mock processes use both cores. */
const MOCKS = 2;

function problems(seed: number, report: Report): string[] {
  if (report.verdict === 'pass') return [];
  const failures = report.failures.map(
    (failure) =>
      `${failure.requirement} ${failure.operationId} ${failure.status} ${failure.check}: ${failure.message}\n    ${failure.reproduce.replay ?? ''}`,
  );
  const unreached = report.cells
    .filter((cell) => cell.outcome === 'not_reached')
    .map((cell) => `${cell.operationId} ${cell.status} not reached: ${cell.reason ?? ''}`);
  return [`seed ${seed}: ${report.verdict}${report.error ? ` (${report.error})` : ''}`, ...failures, ...unreached];
}

describe('seeds: the suite never fails the clean mock', function () {
  this.timeout(480_000);
  let mocks: RunningMock[] = [];

  before(async () => {
    mocks = await Promise.all(Array.from({ length: MOCKS }, () => startMock([])));
  });
  after(async () => {
    await Promise.all(mocks.map((mock) => mock.stop()));
  });

  const options = (seed: number, runs: number, grep?: RegExp) => ({
    target: mocks[seed % MOCKS]!.url,
    seed,
    runs,
    flowLifespan: LIFESPANS[1]!,
    privilegedMaxAge: LIFESPANS[3]!,
    maxWait: '2s',
    ...(grep ? { grep } : {}),
  });

  it('seed 11 (its model run sets TOTP up after the secret changed) passes', async () => {
    const report = await runConformance(options(11, 25, /^SF-MODEL:/));
    expect(problems(11, report).join('\n')).to.equal('');
  });

  async function expectPasses(list: number[], runs: number, grep?: RegExp): Promise<void> {
    const reports = await mapConcurrently(list, CONCURRENCY, (seed) => runConformance(options(seed, runs, grep)));
    const found = reports.flatMap((report, index) => problems(list[index]!, report));
    expect(found.join('\n')).to.equal('');
  }

  it('the model run passes for each of 100 seeds', async () => {
    // 8 runs per property give the model run one sequence of up to 10 commands.
    await expectPasses(seeds(1, 100), 8, /^SF-MODEL:/);
  });

  it('the full suite passes for each of 5 more seeds, one run per property', async () => {
    await expectPasses(seeds(101, 5), 1);
  });
});
