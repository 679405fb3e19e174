/**
 * 60 s of mixed traffic at 20 keep-alive connections across all settings endpoints (bench/mixed-traffic.ts) against
 * the mock in its own process: every request answered without a transport error, a 5xx or an unexpected status; p99
 * latency; and no heap growth. The mock's clock runs 360× faster, so the hour a flow lives and the hour an expired
 * flow is kept pass within the first 20 s: the live heap is then in its steady state, and is compared at 30 s and 60 s.
 */
import type { BenchResult } from './bench-result.js';
import { runLoad } from './load.js';
import { createAccount, mixedIteration } from './mixed-traffic.js';
import { startServerProcess } from './support/child.js';
import type { MockServeOptions } from './support/serve.js';

const CONNECTIONS = 20;
const DURATION_MS = 60_000;
const STEADY_AT_MS = 30_000;
const CLOCK_SPEED = 360;
/** Sessions must stay privileged through the run's simulated six hours, so password changes keep succeeding. */
const PRIVILEGED_MAX_AGE_MS = 48 * 3_600_000;
/**
 * Our budget for the mixed load's p99 on a 2-core machine: every interaction answered within half a second. The load
 * is closed-loop, so the mean latency is 20 connections / throughput (Little's law); flow renders draw QR codes and
 * password changes hash with scrypt, so the tail is several times the mean.
 */
const P99_BUDGET_MS = 500;
/** Heap after GC may wobble by a few MB with what is in flight; more than 10% is growth. */
const HEAP_TOLERANCE = 0.9;
const MB = 1024 * 1024;

export default async function mixedLoad(): Promise<BenchResult[]> {
  const options: MockServeOptions = { clockSpeed: CLOCK_SPEED, privilegedMaxAgeMs: PRIVILEGED_MAX_AGE_MS };
  const mock = await startServerProcess('mock', JSON.stringify(options));
  try {
    const accounts = await Promise.all(Array.from({ length: CONNECTIONS }, (_, index) => createAccount(mock.url, `mixed-${index}`)));
    let steady: Promise<{ heapUsedBytes: number }> | undefined;
    const timer = setTimeout(() => (steady = mock.measure()), STEADY_AT_MS);
    const result = await runLoad({
      baseUrl: mock.url,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      iteration: mixedIteration(accounts),
    });
    clearTimeout(timer);
    const atSteady = await steady!;
    const atEnd = await mock.measure();
    const failed = result.errors + result.serverErrors + result.unexpected;
    const sound = ((result.requests - failed) / result.requests) * 100;
    if (failed > 0) console.log(`mixed load problems (${JSON.stringify(result.statuses)}):\n${result.samples.join('\n')}`);
    return [
      {
        name: `mixed load, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s: ${result.requests.toLocaleString('en-US')} requests (${Math.round(result.requestsPerSecond)}/s), ${result.errors} transport errors, ${result.serverErrors} 5xx, ${result.unexpected} unexpected statuses; share answered as expected`,
        value: sound,
        unit: '%',
        reference: 100,
        ratio: sound / 100,
        target: 1,
      },
      {
        name: `mixed load p99 latency (p50 ${result.latencyMs.p50.toFixed(1)} ms, max ${result.latencyMs.max.toFixed(0)} ms) vs our budget; ratio = budget / p99`,
        value: result.latencyMs.p99,
        unit: 'ms',
        reference: P99_BUDGET_MS,
        ratio: P99_BUDGET_MS / result.latencyMs.p99,
        target: 1,
      },
      {
        name: `mock heap after GC at ${DURATION_MS / 1000} s vs at ${STEADY_AT_MS / 1000} s of mixed load (RSS ${Math.round(atEnd.rssBytes / MB)} MB); ratio = earlier / later`,
        value: atEnd.heapUsedBytes / MB,
        unit: 'MB',
        reference: atSteady.heapUsedBytes / MB,
        ratio: atSteady.heapUsedBytes / atEnd.heapUsedBytes,
        target: HEAP_TOLERANCE,
      },
    ];
  } finally {
    await mock.stop();
  }
}
