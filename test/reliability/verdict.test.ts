/**
 * The verdict is the product: PASS only when every cell was tested and conforms, FAIL only when the server is wrong.
 * Each case runs the CLI as a user would, over HTTP, against the mock (clean, with a fault, or behind a proxy that
 * changes what passes) and reads what the user reads: the exit code, the console and report.json.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from '@hapi/hapi';
import { start } from '../../mock/index.js';
import type { Failure, Report } from '../../reporters/report.js';
import { runCli, type CliResult } from '../support/cli.js';
import { startTamperingProxy, type TamperingProxy } from '../support/tampering-proxy.js';

const LIFESPANS = ['--flow-lifespan', '1s', '--privileged-max-age', '1s'];
const RUN_TIMEOUT_MS = 120_000;

function expectNoStackTrace(cli: CliResult): void {
  expect(`${cli.stdout}\n${cli.stderr}`).not.to.match(/^\s+at .+:\d+:\d+\)?$/m);
}

function readReport(dir: string): Report {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
}

/** The CLI line a report prints, run as printed (only the launcher differs: this checkout's instead of npx's). */
function replayArguments(line: string): string[] {
  const words = line.match(/'[^']*'|\S+/g) ?? [];
  const unquoted = words.map((word) => (word.startsWith("'") ? word.slice(1, -1) : word));
  expect(unquoted.slice(0, 3)).to.deep.equal(['npx', 'kratos-settings-conformance', 'run']);
  return unquoted.slice(2);
}

const keyOf = (failure: Failure) => `${failure.requirement} ${failure.operationId} ${failure.status} ${failure.check}`;

describe('verdict: PASS means tested and conforming, FAIL means the server is wrong', function () {
  this.timeout(RUN_TIMEOUT_MS * 2);
  let directory: string;
  const servers: Server[] = [];
  const proxies: TamperingProxy[] = [];

  async function mock(faults: string[] = [], config?: Record<string, unknown>): Promise<string> {
    const server = await start({
      port: 0,
      flowLifespanMs: 1000,
      privilegedMaxAgeMs: 1000,
      faults,
      ...(config ? { config } : {}),
      log: () => {},
    });
    servers.push(server);
    return server.info.uri;
  }

  async function run(name: string, target: string, extra: string[] = []): Promise<{ cli: CliResult; report: Report; reportDir: string }> {
    const reportDir = path.join(directory, name);
    const cli = await runCli(['run', '--target', target, '--seed', '1', '--runs', '2', ...LIFESPANS, '--report-dir', reportDir, ...extra], {
      timeoutMs: RUN_TIMEOUT_MS,
    });
    let report: Report;
    try {
      report = readReport(reportDir);
    } catch (error) {
      throw new Error(`${name}: no report.json (${(error as Error).message})\n${cli.stdout}\n${cli.stderr}`);
    }
    return { cli, report, reportDir };
  }

  before(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'ksc-verdict-'));
  });
  after(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await Promise.all(servers.map((server) => server.stop({ timeout: 1_000 })));
    rmSync(directory, { recursive: true, force: true });
  });

  describe('a run narrowed with --grep', () => {
    it('selecting nothing does not say PASS: exit 2, naming the pattern', async () => {
      const cli = await runCli(['run', '--grep', 'NO-SUCH-CASE', '--report-dir', path.join(directory, 'nothing')], {
        timeoutMs: RUN_TIMEOUT_MS,
      });
      const output = `${cli.stdout}\n${cli.stderr}`;
      expect(cli.code, output).to.equal(2);
      expect(cli.stdout).not.to.include('PASS');
      expect(output).to.include('--grep NO-SUCH-CASE selects none');
      expect(readReport(path.join(directory, 'nothing')).verdict).to.equal('error');
    });

    it('records its scope and options, marks the other cells not_selected, and never says PASS or certifies', async () => {
      const { cli, report, reportDir } = await run('partial', await mock(), [
        '--grep',
        '^SF-GET:',
        '--max-wait',
        '5s',
        '--timeout',
        '4s',
        '--retries',
        '1',
      ]);
      const output = `${cli.stdout}\n${cli.stderr}`;
      expect(cli.code, output).to.equal(0);
      expect(cli.stdout)
        .to.match(/Verdict: PARTIAL RUN/)
        .and.not.match(/Verdict: PASS/);
      expect(cli.stdout.replace(/\s+/g, ' ')).to.match(/partial run: \d+ of 21 cells tested/);
      expect(report.scope).to.deep.equal({ grep: '^SF-GET:', partial: true });
      expect(report.options).to.deep.include({
        grep: '^SF-GET:',
        runs: 2,
        flowLifespanMs: 1000,
        privilegedMaxAgeMs: 1000,
        maxWaitMs: 5000,
        timeoutMs: 4000,
        retries: 1,
      });
      const outcomes = new Set(report.cells.map((cell) => cell.outcome));
      expect(outcomes.has('not_selected') && outcomes.has('passed')).to.equal(true);
      expect(report.cells.some((cell) => cell.outcome === 'not_reached')).to.equal(false);
      const html = readFileSync(path.join(reportDir, 'report.html'), 'utf8');
      expect(html).to.include('PARTIAL RUN').and.include('Not a certificate of conformance').and.not.include('PASS: the target conforms');
      const verify = await runCli(['verify', path.join(reportDir, 'report.json')]);
      expect(verify.code).to.equal(0);
      expect(verify.stdout).to.include('not a certificate of conformance').and.include('partial run');
    });
  });

  describe('every failure is seen', () => {
    it('a server answering 403 where 401 is due fails at every endpoint, and a one-entry baseline accepts exactly one of them', async () => {
      const target = await mock(['unauthenticated-403']);
      const first = await run('all-403', target, ['--grep', '^SF-UNAUTHENTICATED:']);
      expect(first.cli.code, first.cli.stdout).to.equal(1);
      const failing = first.report.failures.filter((failure) => failure.requirement === 'SF-UNAUTHENTICATED' && failure.status === 403);
      expect(new Set(failing.map((failure) => failure.operationId)), first.cli.stdout).to.have.keys(
        'createBrowserSettingsFlow',
        'createNativeSettingsFlow',
        'getSettingsFlow',
        'updateSettingsFlow',
      );
      const accepted = failing.find((failure) => failure.operationId === 'createBrowserSettingsFlow')!;
      const baseline = path.join(directory, 'all-403-baseline.json');
      const entry = {
        requirement: accepted.requirement,
        operationId: accepted.operationId,
        status: accepted.status,
        ...(accepted.errorId ? { errorId: accepted.errorId } : {}),
        comment: 'known: our gateway answers 403',
      };
      writeFileSync(baseline, JSON.stringify({ entries: [entry] }));

      const second = await run('all-403-baselined', target, [
        '--grep',
        '^SF-UNAUTHENTICATED:',
        '--baseline',
        baseline,
        '--write-baseline',
        baseline,
      ]);
      expect(second.cli.code, second.cli.stdout).to.equal(1);
      const open = second.report.failures.filter((failure) => !failure.baselined);
      expect(new Set(open.map((failure) => failure.operationId))).to.include.keys(
        'createNativeSettingsFlow',
        'getSettingsFlow',
        'updateSettingsFlow',
      );
      expect(
        open.some(
          (failure) =>
            failure.operationId === 'createBrowserSettingsFlow' && failure.status === 403 && failure.requirement === 'SF-UNAUTHENTICATED',
        ),
      ).to.equal(false);
      // --write-baseline over the file keeps the comment written there.
      const written = JSON.parse(readFileSync(baseline, 'utf8')) as { entries: Array<{ operationId: string; comment: string }> };
      expect(written.entries.find((item) => item.operationId === 'createBrowserSettingsFlow')?.comment).to.equal(
        'known: our gateway answers 403',
      );
      expect(written.entries.length).to.be.greaterThan(1);
    });

    it('a 500 on GET /flows shows as a failed cell of getSettingsFlow and in the totals', async () => {
      const proxy = await startTamperingProxy(await mock(), (request) =>
        request.method === 'GET' && (request.url ?? '').startsWith('/self-service/settings/flows')
          ? { kind: 'answer', status: 500, body: '{"error":{"code":500,"status":"Internal Server Error","message":"boom"}}' }
          : { kind: 'pass' },
      );
      proxies.push(proxy);
      const { cli, report } = await run('flows-500', proxy.url, ['--grep', '^SF-GET:']);
      expect(cli.code, cli.stdout).to.equal(1);
      const cell = report.cells.find((candidate) => candidate.operationId === 'getSettingsFlow' && candidate.status === 500);
      expect(cell, JSON.stringify(report.cells)).to.deep.include({ outcome: 'failed', undocumented: true });
      expect(cli.stdout).to.match(/getSettingsFlow .*FAIL/);
      expect(cli.stdout.replace(/\s+/g, ' ')).to.match(/22 cells: \d+ passed, [1-9]\d* failed/);
      expect(readFileSync(path.join(directory, 'flows-500', 'junit.xml'), 'utf8')).to.include('getSettingsFlow 500');
    });
  });

  describe('transport trouble is not non-conformance', () => {
    it('a proxy dropping 1 connection in 20 never fails a requirement: the run passes (or is incomplete when a dropped POST was the only case for a cell), retries and inconclusive cases counted', async () => {
      const proxy = await startTamperingProxy(await mock(), (_request, index) =>
        index % 20 === 19 ? { kind: 'reset' } : { kind: 'pass' },
      );
      proxies.push(proxy);
      const { cli, report } = await run('dropping', proxy.url);
      const output = `${cli.stdout}\n${cli.stderr}`;
      expect(proxy.tampered(), output).to.be.greaterThan(5);
      // Every dropped GET is answered when sent again; a dropped POST only makes its case inconclusive. When that case
      // was the only one reaching a cell, the cell is untested and the run incomplete: never a failure.
      expect(report.failures, output).to.deep.equal([]);
      if (report.verdict === 'incomplete') {
        expect(cli.code, output).to.equal(2);
        expect(report.transport?.inconclusiveCases ?? 0, output).to.be.greaterThan(0);
      } else {
        expect(report.verdict, output).to.equal('pass');
        expect(cli.code, output).to.equal(0);
      }
      expect(report.transport?.retriedRequests ?? 0, output).to.be.greaterThan(0);
      expect(cli.stdout).to.match(/requests retried/);
      expectNoStackTrace(cli);
    });
  });

  describe('partial provisioning', () => {
    it('settings endpoints ignoring X-Session-Token fail the requirement they break (exit 1), with curl and replay, and the browser half is still tested', async () => {
      const proxy = await startTamperingProxy(await mock(), (request) =>
        (request.url ?? '').startsWith('/self-service/settings') ? { kind: 'pass', dropHeaders: ['x-session-token'] } : { kind: 'pass' },
      );
      proxies.push(proxy);
      const { cli, report } = await run('token-ignored', proxy.url);
      expect(cli.code, cli.stdout).to.equal(1);
      expect(report.verdict).to.equal('fail');
      const refused = report.failures.find(
        (failure) =>
          failure.requirement === 'SF-INIT-SUCCESS' && failure.operationId === 'createNativeSettingsFlow' && failure.status === 401,
      );
      expect(refused, cli.stdout).not.to.equal(undefined);
      expect(refused!.reproduce.curl).to.include('/self-service/settings/api');
      expect(refused!.reproduce.replay).to.match(/^npx kratos-settings-conformance run .*--grep/);
      for (const status of [200, 303, 400, 401]) {
        expect(
          report.cells.find((cell) => cell.operationId === 'createBrowserSettingsFlow' && cell.status === status)?.outcome,
          `browser ${status}`,
        ).to.equal('passed');
      }
    });

    /** A proxy answering 500 to every native password login (an AAL2 upgrade of a native session still passes). */
    async function nativeLoginDown(config?: Record<string, unknown>): Promise<string> {
      const proxy = await startTamperingProxy(await mock([], config), (request) =>
        (request.url ?? '').startsWith('/self-service/login/api') && request.headers['x-session-token'] === undefined
          ? {
              kind: 'answer',
              status: 500,
              body: '{"error":{"code":500,"status":"Internal Server Error","message":"native login is down"}}',
            }
          : { kind: 'pass' },
      );
      proxies.push(proxy);
      return proxy.url;
    }

    /** Exit 2 and incomplete, no failure; the browser cells (AAL2 included) tested; each unreached cell says why. */
    function expectBrowserHalfTested(cli: CliResult, report: Report): string[] {
      const output = `${cli.stdout}\n${cli.stderr}`;
      expect(cli.code, output).to.equal(2);
      expect(report.verdict).to.equal('incomplete');
      expect(report.error, output).to.equal(undefined);
      expect(report.failures, output).to.deep.equal([]);
      for (const status of [200, 303, 401, 403]) {
        expect(
          report.cells.find((cell) => cell.operationId === 'createBrowserSettingsFlow' && cell.status === status)?.outcome,
          `browser ${status}\n${output}`,
        ).to.equal('passed');
      }
      const unreached = report.cells.filter((cell) => cell.outcome === 'not_reached');
      expect(unreached.length, output).to.be.greaterThan(0);
      for (const cell of unreached)
        expect(cell.reason, `${cell.operationId} ${cell.status}`).to.match(/no native session .*native login is down/);
      expect(cli.stdout).not.to.include('could not be tested');
      return unreached.map((cell) => `${cell.operationId} ${cell.status}`);
    }

    it('a native login the target refuses leaves only the cells that need a native session unreached: incomplete (exit 2), the browser half tested, AAL2 through a browser flow', async () => {
      const { cli, report } = await run('native-login-refused', await nativeLoginDown());
      expectBrowserHalfTested(cli, report);
    });

    it('handed-over identities and a native login the target refuses: incomplete (exit 2), not an error, the browser half tested', async () => {
      const people = ['ann', 'ben', 'cid', 'dot'].map((name) => ({ email: `${name}@example.org`, password: `${name}-pw-4Rt!x9Qz` }));
      const target = await nativeLoginDown({ identities: people.map(({ email, password }) => ({ traits: { email }, password })) });
      const given = people.flatMap(({ email, password }) => ['--identity', `${email}:${password}`]);
      const { cli, report } = await run('handed-over-native-login-refused', target, given);
      expectBrowserHalfTested(cli, report);
      expect(report.notices ?? [], cli.stdout).to.deep.equal([]);
    });
  });

  describe('exact replay', () => {
    it('the replay lines of a failing property case and of a failing model run, run verbatim, give the same failure', async () => {
      const target = await mock(['success-state-typo']);
      const { cli, report } = await run('replay-source', target, ['--runs', '8']);
      expect(cli.code, cli.stdout).to.equal(1);
      const property = report.failures.find((failure) => failure.reproduce.replay?.includes("--grep '^SF-UPDATE:'"));
      const model = report.failures.find((failure) => failure.reproduce.replay?.includes('--replay-path'));
      expect(property, cli.stdout).not.to.equal(undefined);
      expect(model, cli.stdout).not.to.equal(undefined);
      for (const [name, failure] of [
        ['property', property!],
        ['model', model!],
      ] as const) {
        const replayDir = path.join(directory, `replay-${name}`);
        const replay = await runCli([...replayArguments(failure.reproduce.replay!), '--report-dir', replayDir], {
          timeoutMs: RUN_TIMEOUT_MS,
        });
        expect(replay.code, `${name}: ${replay.stdout}`).to.equal(1);
        expect(readReport(replayDir).failures.map(keyOf), name).to.include(keyOf(failure));
      }
    });
  });

  describe('exact replay behind a gateway', () => {
    const GATEWAY_KEY = 'gw-replay-key-7c1d';
    const ADMIN_KEY = 'admin-replay-key-2f9a';

    it('the replay line of a target behind a gateway carries no secret and, run verbatim where the environment and configuration file give them, fails the same way', async () => {
      const target = await mock(['success-state-typo'], {
        deployment: { public_api_header: `X-Gateway-Key: ${GATEWAY_KEY}`, admin_api_key: ADMIN_KEY },
      });
      const cwd = path.join(directory, 'gateway');
      mkdirSync(cwd);
      writeFileSync(
        path.join(cwd, 'kratos-settings-conformance.config.json'),
        JSON.stringify({ run: { 'admin-header': [`Authorization: Bearer ${ADMIN_KEY}`] } }),
      );
      const env = { CONFORMANCE_HEADER: `X-Gateway-Key: ${GATEWAY_KEY}` };
      const reportDir = path.join(cwd, 'first');
      const first = await runCli(
        ['run', '--target', target, '--seed', '1', '--runs', '2', ...LIFESPANS, '--grep', '^SF-UPDATE:', '--report-dir', reportDir],
        { env, cwd, timeoutMs: RUN_TIMEOUT_MS },
      );
      expect(first.code, `${first.stdout}\n${first.stderr}`).to.equal(1);
      const report = readReport(reportDir);
      const failure = report.failures.find((candidate) => candidate.reproduce.replay?.includes("--grep '^SF-UPDATE:'"));
      expect(failure, first.stdout).not.to.equal(undefined);
      expect(failure!.reproduce.replayNote).to.equal(
        'Run it with CONFORMANCE_HEADER set and next to kratos-settings-conformance.config.json as for this run.',
      );
      expect(first.stdout.replace(/\s+/g, ' ')).to.include(failure!.reproduce.replayNote);
      for (const output of [first.stdout, first.stderr, readFileSync(path.join(reportDir, 'report.json'), 'utf8')]) {
        expect(output).not.to.include(GATEWAY_KEY).and.not.to.include(ADMIN_KEY);
      }
      const replayDir = path.join(cwd, 'replay');
      const replay = await runCli([...replayArguments(failure!.reproduce.replay!), '--report-dir', replayDir], {
        env,
        cwd,
        timeoutMs: RUN_TIMEOUT_MS,
      });
      expect(replay.code, replay.stdout).to.equal(1);
      expect(readReport(replayDir).failures.map(keyOf)).to.include(keyOf(failure!));
    });
  });

  describe('a run is never lost', () => {
    it('a report dir through a regular file or under /proc stops before testing: exit 2 naming the path, no stack trace', async () => {
      const file = path.join(directory, 'a-regular-file');
      writeFileSync(file, 'not a directory');
      for (const reportDir of [path.join(file, 'reports'), '/proc/x']) {
        const startedAt = Date.now();
        const cli = await runCli(['run', '--report-dir', reportDir], { timeoutMs: 30_000 });
        expect(cli.code, cli.stderr).to.equal(2);
        expect(cli.stderr).to.include(reportDir);
        expect(cli.stderr).not.to.include('embedded mock listening');
        expect(Date.now() - startedAt).to.be.below(10_000);
        expectNoStackTrace(cli);
      }
    });

    it('a baseline naming an unknown requirement or operation is refused when loaded, before testing', async () => {
      const baseline = path.join(directory, 'typo-baseline.json');
      writeFileSync(
        baseline,
        JSON.stringify({
          entries: [{ requirement: 'SF-UNAUTHENTICATD', operationId: 'createBrowserSettingsFlow', status: 403, comment: 'a typo' }],
        }),
      );
      const cli = await runCli(['run', '--baseline', baseline], { timeoutMs: 30_000 });
      expect(cli.code).to.equal(2);
      expect(cli.stderr).to.include('unknown requirement "SF-UNAUTHENTICATD"');
      expect(cli.stderr).not.to.include('embedded mock listening');
      writeFileSync(
        baseline,
        JSON.stringify({
          entries: [{ requirement: 'SF-UNAUTHENTICATED', operationId: 'createBrowserFlow', status: 403, comment: 'a typo' }],
        }),
      );
      const operation = await runCli(['run', '--baseline', baseline], { timeoutMs: 30_000 });
      expect(operation.code).to.equal(2);
      expect(operation.stderr).to.include('unknown operationId "createBrowserFlow"');
    });
  });
});
