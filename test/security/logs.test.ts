/**
 * Session tokens and passwords never appear in logs: the CLI runs against the mock (behind a proxy that records the
 * secrets the suite really used, and breaks GET flows so that failures print their exchanges); neither the CLI's
 * stdout/stderr nor the mock's `log` output may contain any of them.
 */
import { expect } from 'chai';
import type { Server } from '@hapi/hapi';
import { start } from '../../mock/index.js';
import { startHostileProxy } from '../reliability/hostile-proxy.js';
import type { PassedExchange, TamperingProxy } from '../support/tampering-proxy.js';
import { runCli, type CliResult } from '../support/cli.js';

function cookieValues(header: string | string[] | undefined, name: string): string[] {
  const list = header === undefined ? [] : Array.isArray(header) ? header : header.split(/;\s*/);
  return list
    .flatMap((cookie) => cookie.split(';'))
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
}

function passwordsIn(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return typeof parsed['password'] === 'string' ? [parsed['password']] : [];
  } catch {
    return new URLSearchParams(body).getAll('password');
  }
}

/** The session tokens, session cookies and passwords that crossed the proxy. */
function secretsOf(passed: PassedExchange[]): { tokens: string[]; passwords: string[] } {
  const tokens = new Set<string>();
  const passwords = new Set<string>();
  for (const exchange of passed) {
    const header = exchange.requestHeaders['x-session-token'];
    if (typeof header === 'string') tokens.add(header);
    for (const value of cookieValues(exchange.requestHeaders.cookie, 'ory_kratos_session')) tokens.add(value);
    for (const value of cookieValues(exchange.responseHeaders['set-cookie'], 'ory_kratos_session')) tokens.add(value);
    const token = /"session_token":"([^"]+)"/.exec(exchange.responseBody)?.[1];
    if (token) tokens.add(token);
    for (const password of passwordsIn(exchange.requestBody)) passwords.add(password);
  }
  const meaningful = (value: string) => value.length >= 8;
  return { tokens: [...tokens].filter(meaningful), passwords: [...passwords].filter(meaningful) };
}

describe('security: session tokens and passwords never appear in logs', function () {
  this.timeout(90_000);
  let mock: Server;
  let proxy: TamperingProxy;
  const mockLog: string[] = [];
  let cli: CliResult;

  before(async () => {
    mock = await start({ port: 0, log: (message) => mockLog.push(message) });
    proxy = await startHostileProxy(mock.info.uri, 'non-json');
    cli = await runCli(
      [
        'run',
        '--target',
        proxy.url,
        '--seed',
        '7',
        '--runs',
        '3',
        '--grep',
        '^SF-(GET|UPDATE|INIT):',
        '--timeout',
        '2s',
        '--max-wait',
        '1s',
      ],
      { timeoutMs: 80_000 },
    );
  });
  after(async () => {
    await proxy?.close();
    await mock?.stop({ timeout: 1_000 });
  });

  it('the run used session tokens and passwords, and printed failing exchanges', () => {
    const { tokens, passwords } = secretsOf(proxy.passed);
    expect(tokens.length, 'session tokens seen').to.be.at.least(2);
    expect(passwords.length, 'passwords seen').to.be.at.least(1);
    expect(cli.code, cli.stdout + cli.stderr).to.equal(1);
    expect(cli.stdout).to.include('curl ');
  });

  it("none of them is in the CLI's stdout or stderr", () => {
    const { tokens, passwords } = secretsOf(proxy.passed);
    for (const secret of [...tokens, ...passwords]) {
      expect(cli.stdout.includes(secret), `stdout shows ${secret}`).to.equal(false);
      expect(cli.stderr.includes(secret), `stderr shows ${secret}`).to.equal(false);
    }
  });

  it("none of them is in the mock's log", () => {
    const { tokens, passwords } = secretsOf(proxy.passed);
    const log = mockLog.join('\n');
    for (const secret of [...tokens, ...passwords]) expect(log.includes(secret), `the mock logged ${secret}`).to.equal(false);
  });
});
