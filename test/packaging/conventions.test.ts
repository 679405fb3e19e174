/**
 * The CLI conventions users rely on: --help on every command names every option of the CLI contract (README.md, "Command reference"), and the
 * project file kratos-settings-conformance.config.{json,yaml} with precedence flags > environment > file > defaults.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { resolveSettings } from '../../bin/config-file.js';
import { COMMANDS, parseCommand, UsageError } from '../../bin/options.js';
import { CLI_PATH, runCli } from '../support/cli.js';
import { startCli } from './support.js';

/** The CLI contract (README.md, "Command reference"), option by option. */
const CONTRACT: Record<string, string[]> = {
  mock: ['host', 'port', 'config', 'flow-lifespan', 'privileged-max-age', 'fault', 'help'],
  run: [
    'target',
    'admin-url',
    'seed',
    'path',
    'runs',
    'report-dir',
    'baseline',
    'write-baseline',
    'grep',
    'flow-lifespan',
    'privileged-max-age',
    'max-wait',
    'timeout',
    'show-secrets',
    'help',
  ],
  diff: ['help'],
  verify: ['help'],
};

async function directoryWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'ksc-conventions-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text, 'utf8');
  return directory;
}

describe('CLI conventions: --help', function () {
  this.timeout(30_000);

  for (const [command, options] of Object.entries(CONTRACT)) {
    it(`${command} --help exits 0 and names every option`, async () => {
      const result = await runCli([command, '--help']);
      expect(result.code, result.stderr).to.equal(0);
      for (const option of options) expect(result.stdout).to.match(new RegExp(`--${option}\\b`), `--${option} in ${command} --help`);
    });
  }

  it('--help alone lists every command', async () => {
    const result = await runCli(['--help']);
    expect(result.code).to.equal(0);
    for (const command of Object.keys(CONTRACT)) expect(result.stdout).to.match(new RegExp(`^\\s+${command}\\s`, 'm'));
  });
});

describe('CLI conventions: kratos-settings-conformance.config.{json,yaml}', function () {
  this.timeout(30_000);
  const directories: string[] = [];

  after(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  async function project(files: Record<string, string>): Promise<string> {
    const directory = await directoryWith(files);
    directories.push(directory);
    return directory;
  }

  it('ranks flags over environment over the file over defaults', async () => {
    const directory = await project({
      'kratos-settings-conformance.config.json': JSON.stringify({
        run: { target: 'http://file.example:4433', seed: 1, runs: 3, 'max-wait': '5s' },
      }),
    });
    const parsed = parseCommand(COMMANDS['run']!, ['--seed', '9']);
    const { values } = resolveSettings(parsed, { target: 'http://environment.example:4433' }, directory);
    expect(values['target']).to.equal('http://environment.example:4433');
    expect(values['seed']).to.equal(9);
    expect(values['runs']).to.equal(3);
    expect(values['max-wait']).to.equal(5_000);
    expect(values['timeout']).to.equal(undefined);
  });

  it('reads YAML and refuses unknown sections, unknown keys, bad values and two files at once', async () => {
    const yaml = await project({ 'kratos-settings-conformance.config.yaml': 'run:\n  runs: 7\n  show-secrets: true\n' });
    const { values } = resolveSettings(parseCommand(COMMANDS['run']!, []), {}, yaml);
    expect(values).to.include({ runs: 7, 'show-secrets': true });
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'kratos-settings-conformance.config.json': '{"rum": {}}' }, /unknown key "rum"/],
      [{ 'kratos-settings-conformance.config.json': '{"run": {"tagret": "http://x.example"}}' }, /run\.tagret is not an option of "run"/],
      [{ 'kratos-settings-conformance.config.json': '{"run": {"runs": 0}}' }, /run\.runs: --runs must be between 1 and/],
      [{ 'kratos-settings-conformance.config.json': '{"run": {"show-secrets": "yes"}}' }, /run\.show-secrets must be true or false/],
      [{ 'kratos-settings-conformance.config.json': '{"run": ' }, /cannot be read as JSON/],
      [
        { 'kratos-settings-conformance.config.json': '{}', 'kratos-settings-conformance.config.yml': 'run: {}' },
        /keep one configuration file/,
      ],
    ];
    for (const [files, message] of cases) {
      const directory = await project(files);
      expect(() => resolveSettings(parseCommand(COMMANDS['run']!, []), {}, directory)).to.throw(UsageError, message);
    }
  });

  it('a bad file makes the command exit 2 with the file and key named', async () => {
    const directory = await project({ 'kratos-settings-conformance.config.json': '{"run": {"tagret": "http://x.example"}}' });
    const result = await runCli(['run'], { cwd: directory });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('kratos-settings-conformance.config.json: run.tagret');
  });

  it('the mock section applies to `mock`: port, flow lifespan and an inline mock configuration', async () => {
    const directory = await project({
      'kratos-settings-conformance.config.yaml':
        'mock:\n  port: 0\n  flow-lifespan: 5m\n  config:\n    methods:\n      passkey: { enabled: false }\n',
    });
    const mock = startCli(CLI_PATH, ['mock'], { cwd: directory });
    try {
      const [, url] = await mock.waitFor(/listening on (http:\/\/\S+)/, 20_000);
      const [, email, password] = await mock.waitFor(/demo identity: (\S+) \/ (\S+)/, 5_000);
      expect(url).not.to.match(/:4433$/);
      const loginFlow = (await (await fetch(`${url}/self-service/login/api`)).json()) as { id: string };
      const login = await fetch(`${url}/self-service/login?flow=${loginFlow.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'password', identifier: email, password }),
      });
      const token = ((await login.json()) as { session_token: string }).session_token;
      const flow = (await (await fetch(`${url}/self-service/settings/api`, { headers: { 'x-session-token': token } })).json()) as {
        issued_at: string;
        expires_at: string;
        ui: { nodes: { group: string }[] };
      };
      expect(Date.parse(flow.expires_at) - Date.parse(flow.issued_at)).to.equal(5 * 60 * 1000);
      expect(flow.ui.nodes.map((node) => node.group)).not.to.include('passkey');
    } finally {
      expect(await mock.stop()).to.equal(0);
    }
  });
});
