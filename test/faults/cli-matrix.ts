/** Runs the CLI's suite against the CLI's mock, both as real processes over real HTTP, a few pairs at a time. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_PATH, runCli } from '../support/cli.js';

/** Short lifespans on both sides, so expiry and privilege cells are reached in a second. */
export const LIFESPANS = ['--flow-lifespan', '1s', '--privileged-max-age', '1s'];
/**
 * The suite pins an example per cell, so one run per property reaches all 21 cells (the clean run checks it); no
 * shrinking, as only the verdict and the requirements named matter here.
 */
export const RUN_ARGS = ['--seed', '1', '--runs', '1', '--shrink-time', '0s', ...LIFESPANS];
/**
 * A cheaper password hash than the mock's default: every login and new identity hashes a password, which was most of
 * a pair's CPU; no check looks at how long a login takes (Kratos's own tests lower hashers.bcrypt.cost the same way).
 */
const CHEAP_HASHING = path.join(import.meta.dirname, 'cheap-hashing.json');
const MOCK_START_TIMEOUT_MS = 20_000;
const RUN_TIMEOUT_MS = 120_000;

export interface ReportSummary {
  verdict: string;
  cells: Array<{ operationId: string; status: number; outcome: string }>;
  failures: Array<{ requirement: string; check: string; operationId: string; status: number; message: string }>;
}

export interface PairResult {
  exitCode: number | null;
  report: ReportSummary | undefined;
  output: string;
}

export interface RunningMock {
  url: string;
  stop(): Promise<void>;
}

/** Starts `mock --port 0 ...` and resolves with the URL it prints once it listens. */
export function startMock(mockArgs: readonly string[]): Promise<RunningMock> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, 'mock', '--port', '0', '--config', CHEAP_HASHING, ...LIFESPANS, ...mockArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the mock did not start in ${MOCK_START_TIMEOUT_MS} ms:\n${output}`));
    }, MOCK_START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited with ${code} before listening:\n${output}`));
    });
  });
}

/** One mock process with `mockArgs` and one `run --target` against it; the report is read from --report-dir. */
export async function runPair(mockArgs: readonly string[], runArgs: readonly string[] = RUN_ARGS): Promise<PairResult> {
  const mock = await startMock(mockArgs);
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'ksc-matrix-'));
  try {
    const run = await runCli(['run', '--target', mock.url, ...runArgs, '--report-dir', reportDir], { timeoutMs: RUN_TIMEOUT_MS });
    let report: ReportSummary | undefined;
    try {
      report = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as ReportSummary;
    } catch {
      report = undefined;
    }
    return { exitCode: run.code, report, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    await mock.stop();
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** Maps `items` through `task`, at most `concurrency` at a time, keeping the order. */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
