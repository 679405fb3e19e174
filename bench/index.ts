/**
 * `npm run bench`: runs every `bench/*.bench.ts` module one after another and prints each figure next to its
 * reference from the same run, the ratio and pass/fail against the target. Exits 1 when a target is missed.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './bench-result.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

function line(result: BenchResult): string {
  const verdict = result.ratio >= result.target ? 'PASS' : 'FAIL';
  return `${verdict}  ${result.name}: ${format(result.value)} ${result.unit} vs reference ${format(result.reference)} ${result.unit} = ${result.ratio.toFixed(2)}x (target >= ${result.target}x)`;
}

const files = readdirSync(BENCH_DIR).filter((file) => file.endsWith('.bench.ts')).sort();
let failed = 0;
for (const file of files) {
  const module = (await import(pathToFileURL(`${BENCH_DIR}${file}`).href)) as BenchModule;
  const result = await module.default();
  console.log(line(result));
  if (result.ratio < result.target) failed += 1;
}
console.log(`${files.length} bench modules, ${files.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
