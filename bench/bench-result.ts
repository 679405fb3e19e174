/** What every bench module (`bench/<name>.bench.ts`, default export) returns. */
export interface BenchResult {
  name: string;
  /** Our figure, e.g. validations per second. */
  value: number;
  unit: string;
  /** The same figure for the reference setup, measured in the same run. */
  reference: number;
  /** value / reference, oriented so that bigger is better. */
  ratio: number;
  /** The ratio must reach this to pass; absent for a figure that is reported but has no target. */
  target?: number;
}

/** A module measures one figure or several (e.g. a load run gives throughput, latency and error figures). */
export type BenchModule = { default: () => Promise<BenchResult | BenchResult[]> };

/** Runs `measure` for about `millis` and returns its calls per second. */
export function callsPerSecond(measure: () => void, millis: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < millis) {
    for (let i = 0; i < 100; i += 1) measure();
    calls += 100;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
