/** Ctrl-C during a run writes a partial report marked interrupted and exits 130. */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../../reporters/report.js';
import { CLI_PATH } from '../support/cli.js';

const EXIT_INTERRUPTED = 130;
/** After the signal: the current request is aborted, the report written; a few seconds at most. */
const WIND_DOWN_BOUND_MS = 10_000;

interface Interrupted {
  code: number | null;
  output: string;
  windDownMs: number;
}

/** Starts `run --report-dir DIR` on the embedded mock, sends SIGINT once a case has finished, and waits for the exit. */
function interruptRun(reportDir: string): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, 'run', '--seed', '1', '--report-dir', reportDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let signalledAt: number | undefined;
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the run did not end after SIGINT\n${output}`));
    }, 60_000);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      // "1/9 PASS …": the first case is done, the run is in the middle of its cases.
      if (signalledAt === undefined && /^\s*1\/\d+ /m.test(output)) {
        signalledAt = Date.now();
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      if (signalledAt === undefined) reject(new Error(`the run ended before any case finished\n${output}`));
      else resolve({ code, output, windDownMs: Date.now() - signalledAt });
    });
  });
}

describe('reliability: Ctrl-C during a run', function () {
  this.timeout(90_000);
  let directory: string;

  before(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'kratos-settings-interrupt-'));
  });
  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('exits 130 soon after SIGINT and writes a partial report.json with interrupted: true', async () => {
    const reportDir = path.join(directory, 'report');
    const run = await interruptRun(reportDir);
    expect(run.code, run.output).to.equal(EXIT_INTERRUPTED);
    expect(run.windDownMs, run.output).to.be.below(WIND_DOWN_BOUND_MS);
    expect(run.output).to.include('interrupted');
    const file = path.join(reportDir, 'report.json');
    expect(existsSync(file), run.output).to.equal(true);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(report.interrupted).to.equal(true);
    expect(report.verdict).not.to.equal('pass');
    // Partial, not empty: what ran before the signal is in the report.
    expect(
      report.cells.some((cell) => cell.checks > 0),
      JSON.stringify(report.cells),
    ).to.equal(true);
  });
});
