/**
 * The published package works from a clean directory: `npm pack`, install the tarball into a temporary project (offline
 * from the npm cache first, online if the cache misses), then `npx kratos-settings-conformance mock` and `run`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startProcess, type RunningCli } from './support.js';

const run = promisify(execFile);
const REPOSITORY = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What the runtime needs (DESIGN.md layout): the CLI, the spec with its YAML, the mock, the suite and the reporters. */
const REQUIRED_PATHS = ['package.json', 'bin/kratos-settings-conformance.js', 'bin/cli.ts', 'spec/settings.openapi.yaml', 'spec/index.ts',
  'mock/index.ts', 'mock/pages/plugin.ts', 'suites/index.ts', 'reporters/index.ts'];

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(NPM, args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return stdout;
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

describe('packaging: npm pack, install into a clean directory, npx', function () {
  this.timeout(120_000);
  let workspace: string;
  let consumer: string;
  let installed: string;
  let packedPaths: string[];
  let mock: RunningCli | undefined;
  let mockUrl: string;

  before(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'ksc-pack-'));
    const packed = JSON.parse(await npm(['pack', '--json', '--pack-destination', workspace], REPOSITORY)) as
      { filename: string; files: { path: string }[] }[];
    const tarball = join(workspace, packed[0]!.filename);
    packedPaths = packed[0]!.files.map((file) => file.path);
    consumer = join(workspace, 'consumer');
    await mkdir(consumer);
    await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    try {
      await npm(['install', '--offline', '--no-audit', '--no-fund', tarball], consumer);
    } catch (offline) {
      console.log(`    offline install missed the npm cache (${(offline as Error).message.split('\n')[0]}); installing online`);
      await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], consumer);
    }
    installed = join(consumer, 'node_modules', 'kratos-settings-conformance');
  });

  after(async () => {
    await mock?.stop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('packs the runtime: bin/, spec/ with its YAML, mock/, suites/, reporters/ and package.json', () => {
    for (const path of REQUIRED_PATHS) expect(packedPaths, path).to.include(path);
  });

  it('declares every package the shipped code imports in "dependencies"', async () => {
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const dependencies = Object.keys(manifest.dependencies ?? {});
    const imported = new Set<string>();
    for (const directory of ['bin', 'spec', 'mock', 'suites', 'reporters']) {
      for (const file of await sourceFiles(join(installed, directory))) {
        const text = await readFile(file, 'utf8');
        for (const match of text.matchAll(/(?:^|\s)(?:import|export)\s[^'";]*?from\s+'([^'.][^']*)'|import\(\s*'([^'.][^']*)'\s*\)/gm)) {
          const specifier = match[1] ?? match[2]!;
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
          if (!name.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
        }
      }
    }
    expect(imported.size).to.be.greaterThan(3);
    expect([...imported].filter((name) => !dependencies.includes(name)), 'imported but not in dependencies').to.deep.equal([]);
    expect(dependencies).to.include('tsx');
  });

  it('`npx kratos-settings-conformance mock` starts, answers /health/ready and prints the settings UI URL', async () => {
    mock = startNpx(consumer, ['mock', '--port', '0']);
    const [, url] = await mock.waitFor(/listening on (http:\/\/\S+)/, 30_000);
    mockUrl = url!;
    const [, settingsUi] = await mock.waitFor(/settings UI: (\S+)/, 5_000);
    expect(settingsUi).to.equal(`${mockUrl}/ui/settings`);
    const ready = await fetch(`${mockUrl}/health/ready`);
    expect(ready.status).to.equal(200);
    const page = await fetch(`${mockUrl}/ui/error?id=00000000-0000-4000-8000-000000000000`);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
  });

  it('`npx kratos-settings-conformance run --help` exits 0', async () => {
    const help = startNpx(consumer, ['run', '--help']);
    expect(await help.exit).to.equal(0);
    expect(help.output()).to.include('--target');
  });

  it('`npx kratos-settings-conformance run --target <mock>` finishes with a verdict (exit 0 or 1) and writes report.json', async function () {
    if (!mockUrl) this.skip();
    const reportDir = join(workspace, 'report');
    const conformance = startNpx(consumer, ['run', '--target', mockUrl, '--runs', '2', '--max-wait', '2s', '--report-dir', reportDir]);
    const code = await conformance.exit;
    expect(code, conformance.output()).to.be.oneOf([0, 1]);
    expect(existsSync(join(reportDir, 'report.json'))).to.equal(true);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as { verdict: string; cells: unknown[]; target: string };
    expect(report.verdict).to.equal(code === 0 ? 'pass' : 'fail');
    expect(report.target).to.equal(mockUrl);
    expect(report.cells).to.have.length(21);
  });
});

/** npx in its own process group, so stopping it also stops the CLI it started. */
function startNpx(cwd: string, args: string[]): RunningCli {
  return startProcess(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--no-install', 'kratos-settings-conformance', ...args], {
    cwd, group: true, env: { npm_config_update_notifier: 'false' },
  });
}
