/**
 * Hostile or broken targets never break the suite: the CLI runs against a proxy in front of the mock that misbehaves
 * on GET /self-service/settings/flows (hangs, resets, non-JSON, a 10 MB body, invalid UTF-8) and against a closed
 * port. A wrong answer must end in a clear failure that shows the exchange; no answer at all (hang, reset) is the
 * network's doing, not a requirement's: retried, then an error (exit 2) naming what got no answer. Always within a
 * bound, never a crash or a hang.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from '@hapi/hapi';
import { start } from '../../mock/index.js';
import type { Report } from '../../reporters/report.js';
import { runCli, type CliResult } from '../support/cli.js';
import type { TamperingProxy } from '../support/tampering-proxy.js';
import { startHostileProxy, type Misbehaviour } from './hostile-proxy.js';

const FAILED = 1;
const ERROR = 2;
/** A hostile run sends a handful of requests that each fail within --timeout; CLI start-up and provisioning add a few seconds. */
const RUN_BOUND_MS = 40_000;
const TIMEOUT = '700ms';
const CHEAP_HASHING = { methods: { password: { hash_cost: 1024 } } };

interface HostileRun {
  cli: CliResult;
  report: Report;
  elapsedMs: number;
  proxy: TamperingProxy;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectNoCrash(cli: CliResult): void {
  const output = cli.stdout + cli.stderr;
  expect(output).not.to.match(/Unhandled|uncaught|TypeError|RangeError|heap out of memory|^\s+at .+:\d+:\d+\)?$/m);
}

describe('reliability: hostile or broken targets never break the suite', function () {
  this.timeout(120_000);
  const mocks: Server[] = [];
  let directory: string;
  const runs = new Map<Misbehaviour, HostileRun>();
  const MISBEHAVIOURS: Misbehaviour[] = ['hang', 'reset', 'non-json', 'huge-body', 'invalid-utf8'];

  before(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'kratos-settings-hostile-'));
    // All five runs at once, each against its own mock: each mostly waits on timeouts and its own start-up.
    await Promise.all(
      MISBEHAVIOURS.map(async (misbehaviour) => {
        // Five mocks share this process: cheap password hashes keep provisioning inside the 700 ms timeout.
        const mock = await start({ port: 0, log: () => {}, config: CHEAP_HASHING });
        mocks.push(mock);
        const proxy = await startHostileProxy(mock.info.uri, misbehaviour);
        const reportDir = path.join(directory, misbehaviour);
        const startedAt = Date.now();
        const cli = await runCli(
          [
            'run',
            '--target',
            proxy.url,
            '--seed',
            '1',
            '--runs',
            '2',
            '--grep',
            '^SF-GET:',
            '--timeout',
            TIMEOUT,
            '--max-wait',
            '1s',
            '--report-dir',
            reportDir,
          ],
          { timeoutMs: RUN_BOUND_MS + 20_000 },
        );
        const elapsedMs = Date.now() - startedAt;
        await proxy.close();
        let report: Report;
        try {
          report = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as Report;
        } catch (error) {
          throw new Error(`${misbehaviour}: no report.json (${(error as Error).message})\n${cli.stdout}\n${cli.stderr}`);
        }
        runs.set(misbehaviour, { cli, report, elapsedMs, proxy });
      }),
    );
  });
  after(async () => {
    await Promise.all(mocks.map((mock) => mock.stop({ timeout: 1_000 })));
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  function hostileFailures(run: HostileRun) {
    return run.report.failures.filter((failure) => failure.exchange?.request.url.includes('/self-service/settings/flows'));
  }

  for (const misbehaviour of ['hang', 'reset'] as const) {
    it(`${misbehaviour}: the run completes with exit 2 in bounded time, the request retried and named, no failure blamed on a requirement`, () => {
      const run = runs.get(misbehaviour)!;
      const output = `${run.cli.stdout}\n${run.cli.stderr}`;
      expect(run.proxy.tampered(), output).to.be.greaterThan(1);
      expect(run.cli.code, output).to.equal(ERROR);
      expect(run.elapsedMs, output).to.be.below(RUN_BOUND_MS);
      expect(run.report.verdict).to.equal('error');
      expect(run.report.failures, output).to.deep.equal([]);
      expect(run.report.transport?.retriedRequests, output).to.be.greaterThan(0);
      expect(run.report.transport?.failedRequests, output).to.be.greaterThan(0);
      expect(run.report.transport?.inconclusive.some((item) => item.reason.includes('/self-service/settings/flows?id='))).to.equal(true);
      expect(run.cli.stdout).to.include('/self-service/settings/flows?id=');
      expectNoCrash(run.cli);
    });
  }

  for (const misbehaviour of ['non-json', 'huge-body', 'invalid-utf8'] as const) {
    it(`${misbehaviour}: the run completes with exit 1, in bounded time, the failure showing the exchange`, () => {
      const run = runs.get(misbehaviour)!;
      const output = `${run.cli.stdout}\n${run.cli.stderr}`;
      expect(run.proxy.tampered(), output).to.be.greaterThan(0);
      expect(run.cli.code, output).to.equal(FAILED);
      expect(run.elapsedMs, output).to.be.below(RUN_BOUND_MS);
      expect(run.report.verdict).to.equal('fail');
      expect(hostileFailures(run), output).not.to.be.empty;
      expect(run.cli.stdout).to.include('/self-service/settings/flows?id=');
      expectNoCrash(run.cli);
    });
  }

  it('hang: the report says no response arrived within the per-request timeout', () => {
    const run = runs.get('hang')!;
    expect(run.report.transport?.inconclusive.every((item) => /timeout/.test(item.reason))).to.equal(true);
    expect(run.cli.stdout).to.include('timeout');
  });

  it('reset: the report names the reset connection', () => {
    const run = runs.get('reset')!;
    expect(run.report.transport?.inconclusive.some((item) => /ECONNRESET|socket hang up/.test(item.reason))).to.equal(true);
    expect(run.cli.stdout).to.match(/ECONNRESET|socket hang up/);
  });

  it('non-JSON where JSON is documented: the failure quotes the body', () => {
    const run = runs.get('non-json')!;
    expect(hostileFailures(run).some((failure) => failure.exchange!.response.body?.includes('Service temporarily unavailable'))).to.equal(
      true,
    );
    // The console wraps long lines.
    expect(run.cli.stdout.replace(/\s+/g, ' ')).to.include('Service temporarily unavailable');
  });

  it('a 10 MB body: the exchange keeps a truncated body, the report stays small', () => {
    const run = runs.get('huge-body')!;
    const bodies = hostileFailures(run).map((failure) => failure.exchange!.response.body ?? '');
    expect(bodies.some((body) => body.includes('[truncated'))).to.equal(true);
    expect(Math.max(...bodies.map((body) => body.length))).to.be.below(100 * 1024);
    expect(readFileSync(path.join(directory, 'huge-body', 'report.json')).length).to.be.below(5 * 1024 * 1024);
  });

  it('invalid UTF-8: the body is kept with replacement characters', () => {
    const run = runs.get('invalid-utf8')!;
    expect(hostileFailures(run).some((failure) => failure.exchange!.response.body?.includes('\uFFFD'))).to.equal(true);
  });

  it('connection refused: exit 2 within seconds, naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const startedAt = Date.now();
    const cli = await runCli(['run', '--target', url, '--timeout', '2s'], { timeoutMs: 30_000 });
    const output = `${cli.stdout}\n${cli.stderr}`;
    expect(cli.code, output).to.equal(ERROR);
    expect(Date.now() - startedAt, output).to.be.below(15_000);
    expect(output).to.include(url);
    expect(output).to.include('ECONNREFUSED');
    expectNoCrash(cli);
  });
});
