/**
 * Mock RSS after creating 100,000 settings flows against the 200 MB budget, in a child process whose V8 heap is held
 * to that budget (old space 160 MB, 1 MB semi-spaces): a mock that needed more would die of it, and RSS then shows
 * what the mock keeps rather than how much garbage V8 chose not to return (with default flags the same run reads
 * about 290 MB RSS for 46 MB of live heap). Measured twice:
 * once at one flow per two seconds of the mock's clock, where the expiry sweep keeps what the store holds to the flows
 * of the last lifespan + retention (2 h: 3,600 flows), and once as a burst within one simulated hour, where nothing
 * expires and only the store's per-collection bound (5,000) limits it.
 */
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { forkScript } from './support/child.js';
import type { FillReport } from './support/fill-flows.js';

const BUDGET_MB = 200;
const MB = 1024 * 1024;
const HEAP_LIMITS = ['--max-old-space-size=160', '--max-semi-space-size=1'];
const SCENARIOS = [
  { label: 'one per two simulated seconds, expiry sweeping', stepMs: 2_000 },
  { label: 'a burst within one simulated hour', stepMs: 30 },
];

function fill(stepMs: number): Promise<FillReport> {
  return new Promise((resolve, reject) => {
    const child = forkScript(fileURLToPath(new URL('./support/fill-flows.ts', import.meta.url)), [String(stepMs)], HEAP_LIMITS);
    let report: FillReport | undefined;
    child.on('message', (message) => (report = message as FillReport));
    child.on('exit', (code, signal) =>
      report ? resolve(report) : reject(new Error(`the mock filling flows died (exit ${code ?? signal}) within ${HEAP_LIMITS.join(' ')}`)),
    );
  });
}

export default async function memoryAfterManyFlows(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const scenario of SCENARIOS) {
    const report = await fill(scenario.stepMs);
    const rssMb = report.rssBytes / MB;
    results.push({
      name: `mock RSS after ${report.flows.toLocaleString('en-US')} flows, ${scenario.label} (${HEAP_LIMITS.join(' ')}; fresh mock ${Math.round(report.baselineRssBytes / MB)} MB, peak ${Math.round(report.peakRssBytes / MB)} MB, heap after ${Math.round(report.heapUsedBytes / MB)} MB, ${report.storeSizes['settingsFlows']} flows kept) vs budget; ratio = budget / RSS`,
      value: rssMb,
      unit: 'MB',
      reference: BUDGET_MB,
      ratio: BUDGET_MB / rssMb,
      target: 1,
    });
  }
  return results;
}
