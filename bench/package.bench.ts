/**
 * What installing and starting the package costs, before and after it shipped compiled JavaScript.
 * (1) Install size: the packed files plus every runtime dependency with its own dependencies, against what the
 * TypeScript-source package needed (its sources, and tsx with esbuild's native binary and chai as runtime
 * dependencies). (2) `--help` start time of the compiled CLI and of the sources run through tsx, each next to a bare
 * `node -e 0` measured alternately with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type BenchResult } from './bench-result.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/**
 * What the TypeScript-source package had in "dependencies" on top of today's: the loader and a test library (supertest,
 * also listed then, is no longer installed and is left out, so the former size is if anything understated).
 */
const FORMER_EXTRA_DEPENDENCIES = ['tsx', 'chai'];
/** What it shipped: the sources of these directories, the docs and the README. */
const FORMER_SHIPPED = ['bin', 'spec', 'mock', 'suites', 'reporters', 'docs', 'README.md'];
const STARTS = 9;

function bytes(path: string): number {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + bytes(join(path, entry)), 0);
}

/** Where Node would find package `name` from `directory`: the nearest node_modules/name above it. */
function resolvePackage(name: string, directory: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** The directories of `names` and of everything they depend on (optional dependencies when installed). */
function dependencyClosure(names: string[], from = ROOT, found = new Set<string>()): Set<string> {
  for (const name of names) {
    const directory = resolvePackage(name, from);
    if (directory === undefined || found.has(directory)) continue;
    found.add(directory);
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    dependencyClosure([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})], directory, found);
  }
  return found;
}

function closureBytes(names: string[]): number {
  return [...dependencyClosure(names)].reduce((total, directory) => total + bytes(directory), 0);
}

function trackedBytes(paths: string[]): number {
  const files = execFileSync('git', ['ls-files', '--', ...paths], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return files.reduce((total, file) => total + bytes(join(ROOT, file)), 0);
}

function installSize(): BenchResult {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const packed = JSON.parse(execFileSync(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as {
    unpackedSize: number;
  }[];
  const now = packed[0]!.unpackedSize + closureBytes(Object.keys(manifest.dependencies));
  const before = trackedBytes(FORMER_SHIPPED) + closureBytes([...Object.keys(manifest.dependencies), ...FORMER_EXTRA_DEPENDENCIES]);
  const megabytes = (value: number) => value / 1e6;
  return {
    name: 'installed size: package + runtime dependencies, compiled vs TypeScript sources with tsx and chai',
    value: megabytes(now),
    unit: 'MB',
    reference: megabytes(before),
    ratio: before / now,
    target: 1,
  };
}

function startMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Median start time of `args` and of `node -e 0`, run alternately so both see the same machine load. */
function startTimes(args: string[]): { command: number; bare: number } {
  const command: number[] = [];
  const bare: number[] = [];
  startMs(args);
  for (let i = 0; i < STARTS; i += 1) {
    command.push(startMs(args));
    bare.push(startMs(['-e', '0']));
  }
  return { command: median(command), bare: median(bare) };
}

export default async function packageBench(): Promise<BenchResult[]> {
  execFileSync(NPM, ['run', '-s', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const compiled = startTimes([join(ROOT, 'dist', 'bin', 'main.js'), '--help']);
  const throughTsx = startTimes([join(ROOT, 'bin', 'kratos-settings-conformance.js'), '--help']);
  return [
    installSize(),
    {
      name: '`--help` start, compiled dist/bin/main.js (as installed), vs `node -e 0`',
      value: compiled.command,
      unit: 'ms',
      reference: compiled.bare,
      ratio: compiled.bare / compiled.command,
    },
    {
      name: '`--help` start, TypeScript sources through tsx (as the package shipped before), vs `node -e 0`',
      value: throughTsx.command,
      unit: 'ms',
      reference: throughTsx.bare,
      ratio: throughTsx.bare / throughTsx.command,
    },
    {
      name: '`--help` start, compiled vs TypeScript sources through tsx',
      value: compiled.command,
      unit: 'ms',
      reference: throughTsx.command,
      ratio: throughTsx.command / compiled.command,
      target: 2,
    },
  ];
}
