import type { Failure, Report, Verdict } from './report.js';
import { OUTCOME_LABELS, cellKey, displayOutcome, sanitizeForTerminal, type DisplayOutcome } from './text.js';

/** regressed: worse than before (listed first); fixed: better; changed: neither, e.g. a cell no longer tested. */
export type ChangeKind = 'regressed' | 'fixed' | 'changed';

export interface Change {
  kind: ChangeKind;
  subject: 'verdict' | 'cell' | 'requirement' | 'failure';
  /** What changed, e.g. `getSettingsFlow 410` or `flows.expired-410 in getSettingsFlow 410`. */
  what: string;
  older: string;
  newer: string;
}

export interface ReportDiff {
  regressed: boolean;
  verdict: { older: Verdict; newer: Verdict };
  /** Differences in how the runs were made (target, tool version, seed) that explain or qualify the changes. */
  context: string[];
  /** Regressions first, then fixes, then other changes; within each: verdict, cells, requirements, failures. */
  changes: Change[];
}

type Outcome = DisplayOutcome | 'absent';

const OUTCOME_TEXT: Record<Outcome, string> = {
  ...OUTCOME_LABELS,
  accepted: 'failed (accepted by baseline)',
  absent: 'absent',
};

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, incomplete: 1, fail: 2, error: 3 };
const KIND_ORDER: Record<ChangeKind, number> = { regressed: 0, fixed: 1, changed: 2 };
const SUBJECT_ORDER: Record<Change['subject'], number> = { verdict: 0, cell: 1, requirement: 2, failure: 3 };

function classify(older: Outcome, newer: Outcome): ChangeKind {
  if (newer === 'failed') return 'regressed';
  if (older === 'failed' && (newer === 'passed' || newer === 'accepted')) return 'fixed';
  return 'changed';
}

function cellOutcomes(report: Report): Map<string, Outcome> {
  return new Map(report.cells.map((cell) => [cellKey(cell), displayOutcome(report, cell)]));
}

function requirementOutcomes(report: Report): Map<string, Outcome> {
  const outcomes = new Map<string, Outcome>();
  for (const requirement of report.requirements) {
    for (const cell of requirement.cells) {
      const matching = report.failures.filter(
        (failure) => failure.requirement === requirement.id && failure.operationId === cell.operationId && failure.status === cell.status,
      );
      const accepted = cell.outcome === 'failed' && matching.length > 0 && matching.every((failure) => failure.baselined);
      outcomes.set(`${requirement.id} in ${cellKey(cell)}`, accepted ? 'accepted' : cell.outcome);
    }
  }
  return outcomes;
}

function failureKey(failure: Failure): string {
  const errorId = failure.errorId ? ` error.id ${failure.errorId}` : '';
  return `${failure.requirement} ${failure.check} in ${cellKey(failure)}${errorId}`;
}

function openFailures(report: Report): Map<string, Failure> {
  return new Map(report.failures.filter((failure) => !failure.baselined).map((failure) => [failureKey(failure), failure]));
}

function compareOutcomes(subject: 'cell' | 'requirement', older: Map<string, Outcome>, newer: Map<string, Outcome>): Change[] {
  const changes: Change[] = [];
  for (const what of new Set([...older.keys(), ...newer.keys()])) {
    const before = older.get(what) ?? 'absent';
    const after = newer.get(what) ?? 'absent';
    if (before === after) continue;
    changes.push({ kind: classify(before, after), subject, what, older: OUTCOME_TEXT[before], newer: OUTCOME_TEXT[after] });
  }
  return changes;
}

/** What changed from an older run to a newer one; regressed when anything got worse. */
export function diffReports(older: Report, newer: Report): ReportDiff {
  const changes: Change[] = [];
  if (older.verdict !== newer.verdict) {
    const kind: ChangeKind = VERDICT_RANK[newer.verdict] > VERDICT_RANK[older.verdict] ? 'regressed' : 'fixed';
    changes.push({ kind, subject: 'verdict', what: 'verdict', older: older.verdict, newer: newer.verdict });
  }
  changes.push(...compareOutcomes('cell', cellOutcomes(older), cellOutcomes(newer)));
  changes.push(...compareOutcomes('requirement', requirementOutcomes(older), requirementOutcomes(newer)));

  const olderFailures = openFailures(older);
  const newerFailures = openFailures(newer);
  for (const [key, failure] of newerFailures) {
    if (!olderFailures.has(key))
      changes.push({ kind: 'regressed', subject: 'failure', what: key, older: 'absent', newer: failure.message });
  }
  for (const [key, failure] of olderFailures) {
    if (!newerFailures.has(key)) changes.push({ kind: 'fixed', subject: 'failure', what: key, older: failure.message, newer: 'absent' });
  }
  changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || SUBJECT_ORDER[a.subject] - SUBJECT_ORDER[b.subject]);

  const context: string[] = [];
  if (older.target !== newer.target) context.push(`target changed: ${older.target} -> ${newer.target}`);
  if (older.tool.version !== newer.tool.version) context.push(`tool version changed: ${older.tool.version} -> ${newer.tool.version}`);
  if (older.environment.specSha256 !== newer.environment.specSha256) context.push('the spec document changed (different specSha256)');
  if (older.seed !== newer.seed) context.push(`seed changed: ${older.seed} -> ${newer.seed}`);

  return {
    regressed: changes.some((change) => change.kind === 'regressed'),
    verdict: { older: older.verdict, newer: newer.verdict },
    context,
    changes,
  };
}

const HEADINGS: Record<ChangeKind, string> = { regressed: 'New failures', fixed: 'Fixed', changed: 'Other changes' };

export function renderDiff(diff: ReportDiff): string {
  const lines = [`verdict: ${diff.verdict.older} -> ${diff.verdict.newer}${diff.regressed ? '  (REGRESSED)' : ''}`];
  for (const note of diff.context) lines.push(`note: ${sanitizeForTerminal(note)}`);
  if (diff.changes.length === 0) lines.push('', 'No cell, requirement or failure changed.');
  for (const kind of ['regressed', 'fixed', 'changed'] as const) {
    const changes = diff.changes.filter((change) => change.kind === kind);
    if (changes.length === 0) continue;
    lines.push('', `${HEADINGS[kind]} (${changes.length})`);
    for (const change of changes) {
      lines.push(
        `  ${change.subject} ${sanitizeForTerminal(change.what)}: ${sanitizeForTerminal(change.older)} -> ${sanitizeForTerminal(change.newer)}`,
      );
    }
  }
  return lines.join('\n');
}
