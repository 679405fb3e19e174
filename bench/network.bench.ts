/**
 * Time to a verdict over a slow network: a whole run through a proxy that holds every request 300 ms, with
 * production lifespans (flows 1h, privileged sessions 15m), with the default concurrency next to the same run one
 * run after another (--concurrency 1), measured side by side. Two figures: the speed-up over the sequential run, and
 * the run against the goal of a verdict within 60 s (before this was measured, that run took 194 s).
 */
import { runConformance } from '../api/run.js';
import { start } from '../mock/index.js';
import { DEFAULT_CONCURRENCY } from '../suites/index.js';
import type { BenchResult } from './bench-result.js';
import { startLatencyProxy } from './support/latency-proxy.js';

const LATENCY_MS = 300;
/** Side by side must be at least this many times faster than one after another. */
const TARGET_SPEED_UP = 3;
const GOAL_SECONDS = 60;

async function runSeconds(target: string, concurrency: number): Promise<number> {
  const startedAt = performance.now();
  const report = await runConformance({ target, seed: 7, flowLifespan: '1h', privilegedMaxAge: '15m', concurrency });
  if (report.verdict !== 'pass')
    throw new Error(`the run through the latency proxy did not pass: ${report.error ?? report.failures[0]?.message}`);
  return (performance.now() - startedAt) / 1000;
}

export default async function networkSpeed(): Promise<BenchResult[]> {
  const mock = await start({ port: 0, flowLifespanMs: 3_600_000, privilegedMaxAgeMs: 900_000, log: () => {} });
  const proxy = await startLatencyProxy(mock.info.uri, LATENCY_MS);
  try {
    const sequential = await runSeconds(proxy.url, 1);
    const concurrent = await runSeconds(proxy.url, DEFAULT_CONCURRENCY);
    const run = `run through a ${LATENCY_MS} ms proxy, production lifespans`;
    return [
      {
        name: `${run}: --concurrency ${DEFAULT_CONCURRENCY} vs 1 (s, lower is better)`,
        value: concurrent,
        unit: 's',
        reference: sequential,
        ratio: sequential / concurrent,
        target: TARGET_SPEED_UP,
      },
      {
        name: `${run}: --concurrency ${DEFAULT_CONCURRENCY} vs the ${GOAL_SECONDS} s goal (s, lower is better)`,
        value: concurrent,
        unit: 's',
        reference: GOAL_SECONDS,
        ratio: GOAL_SECONDS / concurrent,
        target: 1,
      },
    ];
  } finally {
    await proxy.close();
    await mock.stop();
  }
}
