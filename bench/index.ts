/**
 * `npm run bench`: runs every `bench/*.bench.ts` module one after another and prints each figure next to its
 * reference from the same run, the ratio and pass/fail against the target. Exits 1 when a target is missed.
 * Servers under load run in child processes, so that the load generator and the server each have a core.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './bench-result.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

function missesTarget(result: BenchResult): boolean {
  return result.target !== undefined && !(result.ratio >= result.target);
}

function line(result: BenchResult): string {
  const verdict = result.target === undefined ? 'INFO' : missesTarget(result) ? 'FAIL' : 'PASS';
  const target = result.target === undefined ? 'no target' : `target >= ${result.target}x`;
  return `${verdict}  ${result.name}: ${format(result.value)} ${result.unit} vs reference ${format(result.reference)} ${result.unit} = ${result.ratio.toFixed(2)}x (${target})`;
}

/** `npm run bench -- mock` runs only the modules whose file name contains "mock". */
const only = process.argv[2];
const files = readdirSync(BENCH_DIR)
  .filter((file) => file.endsWith('.bench.ts') && (only === undefined || file.includes(only)))
  .sort();
let figures = 0;
let failed = 0;
for (const file of files) {
  let outcome: BenchResult | BenchResult[];
  try {
    const module = (await import(pathToFileURL(`${BENCH_DIR}${file}`).href)) as BenchModule;
    outcome = await module.default();
  } catch (error) {
    console.log(`FAIL  ${file} could not measure: ${(error as Error).stack ?? String(error)}`);
    figures += 1;
    failed += 1;
    continue;
  }
  for (const result of Array.isArray(outcome) ? outcome : [outcome]) {
    console.log(line(result));
    figures += 1;
    if (missesTarget(result)) failed += 1;
  }
}
console.log(`${files.length} bench modules, ${figures} figures: ${figures - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
