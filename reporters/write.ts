import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { Report } from './report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Creates `dir` level by level and proves it writable with a probe file; throws an Error naming the path otherwise.
 * Not `mkdir({ recursive: true })`: under /proc it never returns on Node 20.
 */
export async function ensureWritableDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    // ENOTDIR: a level above is a regular file, which the walk up reaches and names.
    const found = await stat(current).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : Promise.reject(error),
    );
    if (found) {
      if (!found.isDirectory()) throw new Error(`${current} is not a directory, so ${dir} cannot be created`);
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  try {
    for (const level of missing) await mkdir(level);
    const probe = join(dir, `.write-probe-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new Error(`${dir} is not a writable directory: ${(error as Error).message}`);
  }
}

/** Checks that `file` can be written (its directory created) without touching the file itself. */
export async function ensureWritableFile(file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined);
  if (found?.isDirectory()) throw new Error(`${file} is a directory`);
  await ensureWritableDirectory(dirname(file));
}

/** Writes report.json, junit.xml and report.html into `dir` (created if missing); resolves to the paths written. */
export async function writeReports(report: Report, dir: string): Promise<string[]> {
  await ensureWritableDirectory(dir);
  const outputs: Array<[string, string]> = [
    ['report.json', renderJson(report)],
    ['junit.xml', renderJunit(report)],
    ['report.html', renderHtml(report)],
  ];
  const paths: string[] = [];
  for (const [name, content] of outputs) {
    const path = join(dir, name);
    await writeFile(path, content, 'utf8');
    paths.push(path);
  }
  return paths;
}

/** Where a report goes when its directory can no longer be written: a fresh directory under the system's temp dir. */
export async function writeReportsToTemporaryDirectory(report: Report): Promise<string[]> {
  const dir = join(os.tmpdir(), `kratos-settings-conformance-report-${Date.now()}-${randomBytes(3).toString('hex')}`);
  return writeReports(report, dir);
}
