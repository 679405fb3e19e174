/** fast-check parameters for the reliability and security properties: CONFORMANCE_SEED replays a run. */
import type { Parameters as FcParameters } from 'fast-check';

export function propertyParameters<T>(numRuns: number): FcParameters<T> {
  const raw = process.env.CONFORMANCE_SEED;
  const seed = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  // fast-check prints the seed and path of a failure; CONFORMANCE_SEED=<seed> reruns the same cases.
  return { numRuns, ...(seed !== undefined ? { seed } : {}) };
}
