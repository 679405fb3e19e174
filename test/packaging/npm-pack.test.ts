/**
 * The published package works from a clean directory: the tarball holds compiled JavaScript with its assets and
 * declarations, installs without any TypeScript loader or development-only package, and its CLI (`mock`, `run`,
 * `verify`, `diff`, `--version`) runs under plain `node`.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { expect } from 'chai';
import { installedPackage, node, npm, REPOSITORY, type InstalledPackage } from './install.js';
import { startProcess, type RunningCli } from './support.js';

/** What the runtime needs: the compiled CLI, the spec with its YAML, the mock, the suite, the reporters and their schema. */
const REQUIRED_PATHS = [
  'package.json',
  'LICENSE',
  'README.md',
  'dist/bin/main.js',
  'dist/bin/cli.js',
  'dist/spec/settings.openapi.yaml',
  'dist/spec/index.js',
  'dist/mock/index.js',
  'dist/mock/index.d.ts',
  'dist/mock/pages/plugin.js',
  'dist/suites/index.js',
  'dist/reporters/index.js',
  'dist/reporters/report.schema.json',
];
/** Packages that only development needs: a TypeScript loader or compiler, test libraries, browsers. */
const LOADERS = ['tsx', 'esbuild', 'typescript'];

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

async function compiledFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((entry) => join(entry.parentPath, entry.name));
}

interface Tree {
  dependencies?: Record<string, Tree>;
}

function packageNames(tree: Tree, names = new Set<string>()): Set<string> {
  for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
    names.add(name);
    packageNames(child, names);
  }
  return names;
}

describe('packaging: npm pack, install into a clean directory, plain node', function () {
  this.timeout(180_000);
  let pack: InstalledPackage;
  let manifest: Manifest;
  let bin: string;
  let mock: RunningCli | undefined;
  let mockUrl: string;

  before(async () => {
    pack = await installedPackage();
    manifest = JSON.parse(await readFile(join(pack.installed, 'package.json'), 'utf8')) as Manifest;
    bin = join(pack.consumer, 'node_modules', '.bin', 'kratos-settings-conformance');
  });

  after(async () => {
    await mock?.stop();
  });

  function cli(args: string[]) {
    return node([bin, ...args], pack.consumer);
  }

  it('packs compiled JavaScript with declarations and assets, and no TypeScript sources, tests or benches', () => {
    for (const path of REQUIRED_PATHS) expect(pack.packedPaths, path).to.include(path);
    expect(
      pack.packedPaths.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts')),
      'TypeScript sources',
    ).to.deep.equal([]);
    expect(
      pack.packedPaths.filter((path) => /^(test|bench|scripts)\//.test(path)),
      'development files',
    ).to.deep.equal([]);
  });

  it('every relative link in a packed Markdown file reaches a packed file (spec/DEVIATIONS.md ↔ docs/)', async () => {
    const markdown = pack.packedPaths.filter((path) => path.endsWith('.md'));
    expect(markdown).to.include.members(['spec/DEVIATIONS.md', 'docs/kratos-behavior.md']);
    const broken: string[] = [];
    let links = 0;
    for (const path of markdown) {
      const text = await readFile(join(pack.installed, path), 'utf8');
      for (const [, target] of text.matchAll(/\]\((?![a-z][a-z0-9+.-]*:|[/#])([^)#\s]+)/gi)) {
        links += 1;
        const resolved = posix.normalize(posix.join(posix.dirname(path), target!));
        if (!pack.packedPaths.includes(resolved)) broken.push(`${path} → ${target}`);
      }
    }
    expect(links).to.be.greaterThan(10);
    expect(broken).to.deep.equal([]);
  });

  it('declares every package the compiled code imports in "dependencies"', async () => {
    const dependencies = Object.keys(manifest.dependencies ?? {});
    const imported = new Set<string>();
    for (const file of await compiledFiles(join(pack.installed, 'dist'))) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(
        /(?:^|\s)(?:import|export)\s[^'";]*?from\s+['"]([^'".][^'"]*)['"]|import\(\s*['"]([^'".][^'"]*)['"]\s*\)/gm,
      )) {
        const specifier = match[1] ?? match[2]!;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!name.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
      }
    }
    expect(imported.size).to.be.greaterThan(3);
    expect(
      [...imported].filter((name) => !dependencies.includes(name)),
      'imported but not in dependencies',
    ).to.deep.equal([]);
  });

  it('`npm ls --omit=dev` in the installed tree lists no loader and no development-only package', async () => {
    const tree = JSON.parse(await npm(['ls', '--omit=dev', '--all', '--json'], pack.consumer)) as Tree;
    const names = packageNames(tree);
    expect(names).to.include('kratos-settings-conformance');
    expect(names).to.include('@hapi/hapi');
    const developmentOnly = Object.keys(manifest.devDependencies ?? {}).filter((name) => !(name in (manifest.dependencies ?? {})));
    expect(developmentOnly).to.include.members(['tsx', 'chai']);
    expect([...names].filter((name) => [...LOADERS, ...developmentOnly, 'supertest'].includes(name))).to.deep.equal([]);
    for (const loader of LOADERS) expect(existsSync(join(pack.consumer, 'node_modules', loader)), loader).to.equal(false);
  });

  it('`--version` prints the version from package.json', async () => {
    const repositoryManifest = JSON.parse(await readFile(join(REPOSITORY, 'package.json'), 'utf8')) as Manifest;
    const result = await cli(['--version']);
    expect(result.code, result.output).to.equal(0);
    expect(result.output.trim()).to.equal(repositoryManifest.version);
  });

  it('`npx kratos-settings-conformance mock` starts, answers /health/ready and prints the settings UI URL', async () => {
    mock = startProcess(
      process.platform === 'win32' ? 'npx.cmd' : 'npx',
      ['--no-install', 'kratos-settings-conformance', 'mock', '--port', '0'],
      {
        cwd: pack.consumer,
        group: true,
        env: { npm_config_update_notifier: 'false', NODE_OPTIONS: '' },
      },
    );
    const [, url] = await mock.waitFor(/listening on (http:\/\/\S+)/, 30_000);
    mockUrl = url!;
    const [, settingsUi] = await mock.waitFor(/settings UI: (\S+)/, 5_000);
    // The printed UI host may be localhost for a loopback address (WebAuthn refuses IP addresses); the port is the mock's.
    expect(new URL(settingsUi!).port).to.equal(new URL(mockUrl).port);
    expect(new URL(settingsUi!).pathname).to.equal('/ui/settings');
    const ready = await fetch(`${mockUrl}/health/ready`);
    expect(ready.status).to.equal(200);
    const page = await fetch(`${mockUrl}/ui/error?id=00000000-0000-4000-8000-000000000000`);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
  });

  it('`run --help` exits 0', async () => {
    const help = await cli(['run', '--help']);
    expect(help.code).to.equal(0);
    expect(help.output).to.include('--target');
  });

  it('`run --target <mock>` passes and writes report.json; `verify` accepts it; `diff` of it against itself finds no change', async function () {
    if (!mockUrl) this.skip();
    const reportDir = join(pack.workspace, 'report');
    const conformance = await cli(['run', '--target', mockUrl, '--runs', '2', '--max-wait', '2s', '--report-dir', reportDir]);
    expect(conformance.code, conformance.output).to.equal(0);
    const reportFile = join(reportDir, 'report.json');
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      verdict: string;
      cells: unknown[];
      target: string;
      tool: { version: string };
    };
    expect(report.verdict).to.equal('pass');
    expect(report.target).to.equal(mockUrl);
    expect(report.cells).to.have.length(21);
    expect(report.tool.version).to.equal(manifest.version);
    const verify = await cli(['verify', reportFile]);
    expect(verify.code, verify.output).to.equal(0);
    const diff = await cli(['diff', reportFile, reportFile]);
    expect(diff.code, diff.output).to.equal(0);
  });
});
