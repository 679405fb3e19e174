/**
 * The package as a user gets it: `npm pack` this checkout and install the tarball into an empty project, once per test
 * run (every packaging test file shares the install). Offline from the npm cache first, online if the cache misses.
 */
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPOSITORY = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface InstalledPackage {
  /** Temporary directory holding the tarball and the consumer project. */
  workspace: string;
  tarball: string;
  /** Paths inside the tarball, as `npm pack --json` lists them. */
  packedPaths: string[];
  /** The consumer project: package.json and node_modules/ with the package installed. */
  consumer: string;
  /** node_modules/kratos-settings-conformance inside the consumer. */
  installed: string;
}

/** The environment of a user's shell: no TypeScript loader inherited from this test process. */
export function plainEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _loader, ...rest } = process.env;
  return { ...rest, npm_config_update_notifier: 'false', ...extra };
}

export async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(NPM, args, { cwd, maxBuffer: 16 * 1024 * 1024, env: plainEnvironment() });
  return stdout;
}

export interface Finished {
  code: number | null;
  output: string;
}

/** Runs `node args...` (plain node, no --import) in `cwd` and collects stdout and stderr together. */
export function node(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: plainEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

async function packAndInstall(): Promise<InstalledPackage> {
  const workspace = await mkdtemp(join(tmpdir(), 'ksc-pack-'));
  process.once('exit', () => rmSync(workspace, { recursive: true, force: true }));
  const packed = JSON.parse(await npm(['pack', '--json', '--pack-destination', workspace], REPOSITORY)) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(workspace, packed[0]!.filename);
  const consumer = join(workspace, 'consumer');
  await mkdir(consumer);
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  try {
    await npm(['install', '--offline', '--no-audit', '--no-fund', tarball], consumer);
  } catch (offline) {
    console.log(`    offline install missed the npm cache (${(offline as Error).message.split('\n')[0]}); installing online`);
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], consumer);
  }
  return {
    workspace,
    tarball,
    consumer,
    packedPaths: packed[0]!.files.map((file) => file.path),
    installed: join(consumer, 'node_modules', 'kratos-settings-conformance'),
  };
}

let installing: Promise<InstalledPackage> | undefined;

export function installedPackage(): Promise<InstalledPackage> {
  installing ??= packAndInstall();
  return installing;
}
