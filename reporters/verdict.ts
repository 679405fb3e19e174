import type { Cell, Report, Verdict } from './report.js';

/** The documented cells: 5 + 4 + 5 + 7 (a failure at an undocumented status adds a cell beyond them). */
export const DOCUMENTED_CELLS = 21;

export function cellsTested(report: Pick<Report, 'cells'>): Cell[] {
  return report.cells.filter((cell) => cell.outcome !== 'not_selected' && cell.outcome !== 'not_reached');
}

/**
 * The verdict from what the report holds: 'error' when the target could not be tested, 'fail' on an open failure or
 * baseline problem, 'incomplete' when a cell was not reached, else 'pass' (scope.partial says a --grep run's pass
 * covers its scope only).
 */
export function deriveVerdict(report: Pick<Report, 'error' | 'failures' | 'baselineProblems' | 'cells'>): Verdict {
  if (report.error !== undefined) return 'error';
  if (report.failures.some((failure) => !failure.baselined) || (report.baselineProblems?.length ?? 0) > 0) return 'fail';
  if (report.cells.some((cell) => cell.outcome === 'not_reached')) return 'incomplete';
  return 'pass';
}

/** "partial run: 5 of 21 cells" for a narrowed run, else undefined. */
export function partialRunText(report: Pick<Report, 'scope' | 'cells'>): string | undefined {
  if (!report.scope?.partial) return undefined;
  const tested = cellsTested(report).filter((cell) => cell.outcome !== 'not_applicable' && !cell.undocumented).length;
  return `partial run: ${tested} of ${DOCUMENTED_CELLS} cells tested (--grep ${report.scope.grep ?? ''})`;
}
