import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { Report } from './report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes report.json, junit.xml and report.html into `dir` (created if missing); resolves to the paths written. */
export async function writeReports(report: Report, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
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
