/**
 * The suite against the mock configured as a real deployment, over HTTP through the CLI as a user runs it: HTTPS with
 * a private CA, the public API under a prefix behind a gateway key, the admin API on its own port behind a bearer key,
 * a renamed session cookie and a username schema with required nested traits, all in one run; then the same mock with
 * handed-over identities only. No secret may reach any output.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../reporters/report.js';
import { CLI_PATH, runCli } from '../support/cli.js';
import { startCli, type RunningCli } from '../packaging/support.js';
import { USERNAME_AND_EMAIL } from './schemas.js';

const GATEWAY_KEY = 'gw-key-5f3b9c1e7a';
const ADMIN_KEY = 'admin-key-8d2e4a6c0b';
const USERINFO_SECRET = 'userinfo-secret-3c7e';
const HANDED_OVER = [
  { username: 'alice_ksc', email: 'alice@example.org', password: 'Alice-pw-4Rt!x9Qz' },
  { username: 'bob_ksc', email: 'bob@example.org', password: 'Bob-pw-4Rt!x9Qz7' },
  { username: 'carol_ksc', email: 'carol@example.org', password: 'Carol-pw-4Rt!x9Q' },
  { username: 'dave_ksc', email: 'dave@example.org', password: 'Dave-pw-4Rt!x9Qz' },
];
/** The tails of the passwords the suite sets (sessions.ts, properties.ts, model.ts): none may be shown. */
const SUITE_PASSWORD_TAILS = ['k7Q!x9z', 'Qx7!mZ2p', 'Zq8!'];

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A CA and a certificate for 127.0.0.1 and localhost signed by it. */
function privateCa(directory: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => join(directory, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Conformance Test CA',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('ext.cnf'),
  );
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

function everyOutput(reportDir: string, console: string): string {
  return [console, ...readdirSync(reportDir).map((name) => readFileSync(join(reportDir, name), 'utf8'))].join('\n');
}

function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of [...secrets, ...SUITE_PASSWORD_TAILS]) expect(text, `an output shows ${secret}`).not.to.include(secret);
  expect(text, 'a session token is shown').not.to.match(/"session_token":\s*"(?!\[Filtered\])/);
  expect(text, 'a session cookie is shown').not.to.match(/ory_session_acme=(?!\[Filtered\]|;|$)/m);
}

describe('certifying a real deployment: the mock configured like production, through the CLI', function () {
  this.timeout(240_000);
  let directory: string;
  let mock: RunningCli;
  let tls: { ca: string; cert: string; key: string };
  let publicUrl: string;
  let adminUrl: string;

  before(async function () {
    if (!hasOpenssl()) this.skip();
    directory = mkdtempSync(join(tmpdir(), 'ksc-deployment-'));
    tls = privateCa(directory);
    const config = {
      identity_schema: USERNAME_AND_EMAIL,
      deployment: {
        base_path: '/auth',
        public_api_header: `X-Gateway-Key: ${GATEWAY_KEY}`,
        admin_api_key: ADMIN_KEY,
        admin_port: 0,
        session_cookie: 'ory_session_acme',
        tls: { cert: tls.cert, key: tls.key },
      },
      identities: HANDED_OVER.map(({ username, email, password }) => ({
        traits: { username, email, name: { first: 'Test', last: username } },
        password,
      })),
    };
    writeFileSync(join(directory, 'mock.json'), JSON.stringify(config));
    mock = startCli(CLI_PATH, [
      'mock',
      '--port',
      '0',
      '--config',
      join(directory, 'mock.json'),
      '--flow-lifespan',
      '2s',
      '--privileged-max-age',
      '2s',
    ]);
    [, publicUrl] = (await mock.waitFor(/public URL: (\S+)/, 20_000)) as unknown as [string, string];
    [, adminUrl] = (await mock.waitFor(/admin API: (\S+)/, 20_000)) as unknown as [string, string];
  });

  after(async () => {
    await mock?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('HTTPS with a private CA, a prefix behind a gateway key, an admin port behind a bearer key, a renamed session cookie and a username schema: 21/21 passed, no secret shown', async () => {
    const reportDir = join(directory, 'full');
    const admin = new URL(adminUrl);
    admin.username = 'ci';
    admin.password = USERINFO_SECRET;
    const result = await runCli(
      [
        'run',
        '--target',
        publicUrl,
        '--admin-url',
        admin.toString(),
        '--ca-file',
        tls.ca,
        '--seed',
        '11',
        '--runs',
        '3',
        '--flow-lifespan',
        '2s',
        '--privileged-max-age',
        '2s',
        '--report-dir',
        reportDir,
      ],
      {
        env: { CONFORMANCE_HEADER: `X-Gateway-Key: ${GATEWAY_KEY}`, CONFORMANCE_ADMIN_HEADER: `Authorization: Bearer ${ADMIN_KEY}` },
        timeoutMs: 200_000,
      },
    );
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Report;
    expect(
      report.cells.filter((cell) => cell.outcome === 'passed'),
      result.stdout,
    ).to.have.length(21);
    expect(result.code).to.equal(0);
    expect(report.adminUrl).to.include('[Filtered]');
    expectNoSecrets(everyOutput(reportDir, result.stdout + result.stderr), [GATEWAY_KEY, ADMIN_KEY, USERINFO_SECRET]);
  });

  it('without the trusted CA the run stops at the certificate and names --ca-file', async () => {
    const result = await runCli(['run', '--target', publicUrl, '--header', `X-Gateway-Key: ${GATEWAY_KEY}`, '--runs', '1'], {
      timeoutMs: 60_000,
    });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.match(/--ca-file/);
  });

  it('handed-over identities and no admin API: no cell failed or not reached, and the identities are left as they were', async () => {
    const reportDir = join(directory, 'handed-over');
    const identities = HANDED_OVER.map(({ username, password }) => `${username}:${password}`);
    writeFileSync(join(directory, 'identities.txt'), `${identities.slice(2).join('\n')}\n`);
    const result = await runCli(
      [
        'run',
        '--target',
        publicUrl,
        '--ca-file',
        tls.ca,
        '--header',
        `X-Gateway-Key: ${GATEWAY_KEY}`,
        '--seed',
        '12',
        '--runs',
        '3',
        '--flow-lifespan',
        '2s',
        '--privileged-max-age',
        '2s',
        '--report-dir',
        reportDir,
        '--identity',
        identities[0]!,
        '--identity',
        identities[1]!,
        '--identity',
        join(directory, 'identities.txt'),
      ],
      { timeoutMs: 200_000 },
    );
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Report;
    const outcomes = report.cells.map((cell) => cell.outcome);
    expect(
      outcomes.filter((outcome) => outcome === 'failed' || outcome === 'not_reached'),
      result.stdout,
    ).to.deep.equal([]);
    expect(result.code).to.equal(0);
    expect(report.notices ?? []).to.deep.equal([]);
    expectNoSecrets(everyOutput(reportDir, result.stdout + result.stderr), [
      GATEWAY_KEY,
      ...HANDED_OVER.map((identity) => identity.password),
    ]);
    // A second run provisions again: every identity logs in with its own password, and the TOTP identity can set up
    // TOTP afresh (it could not if the first run had left its TOTP behind), so the AAL2 cell is tested, not skipped.
    const checkDir = join(directory, 'after');
    const check = await runCli(
      [
        'run',
        '--target',
        publicUrl,
        '--ca-file',
        tls.ca,
        '--header',
        `X-Gateway-Key: ${GATEWAY_KEY}`,
        '--seed',
        '13',
        '--runs',
        '1',
        '--grep',
        '^SF-AAL2-REQUIRED:',
        '--report-dir',
        checkDir,
        ...identities.flatMap((identity) => ['--identity', identity]),
      ],
      { timeoutMs: 120_000 },
    );
    expect(check.code, check.stdout).to.equal(0);
    const after = JSON.parse(readFileSync(join(checkDir, 'report.json'), 'utf8')) as Report;
    expect(after.cells.find((cell) => cell.operationId === 'createNativeSettingsFlow' && cell.status === 403)?.outcome).to.equal('passed');
  });
});
