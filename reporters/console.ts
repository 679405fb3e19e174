import type { ProgressEvent, ProgressListener, Report } from './report.js';
import {
  OUTCOME_LABELS,
  countOutcomes,
  displayOutcome,
  failuresByRequirement,
  matrixOf,
  sanitizeForTerminal,
  untestedCells,
  wrapShellCommand,
  wrapText,
  type DisplayOutcome,
} from './text.js';
import { partialRunText } from './verdict.js';

/** Live progress only on a terminal a person watches; CI logs get plain lines. */
export function isInteractive(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY) && env.CI !== 'true' && env.CI !== '1';
}

export function createProgress(options: { stream: NodeJS.WritableStream; interactive: boolean; total?: number }): {
  listener: ProgressListener;
  finish(): void;
} {
  const { stream, interactive } = options;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let latest: ProgressEvent | undefined;
  let barShown = false;

  const columns = (): number => Math.max(40, (stream as { columns?: number }).columns ?? 80);
  const counter = (event: ProgressEvent): string => {
    const total = event.total ?? options.total;
    return total === undefined ? `${event.done}` : `${event.done}/${total}`;
  };

  const drawBar = (event: ProgressEvent): void => {
    const total = event.total ?? options.total;
    const barWidth = 20;
    const filled = total ? Math.min(barWidth, Math.round((event.done / total) * barWidth)) : 0;
    const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` : '';
    const status = `${bar}${counter(event)}  ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped  `;
    const title = sanitizeForTerminal(event.title);
    const line = `${status}${title}`.slice(0, columns() - 1);
    // \r returns to the start of the line, ESC[K clears what a longer previous line left behind.
    stream.write(`\r${line}\u001b[K`);
    barShown = true;
  };

  const listener: ProgressListener = (event) => {
    counts[event.outcome] += 1;
    latest = event;
    if (interactive) drawBar(event);
    else {
      const label = event.outcome === 'failed' ? 'FAIL' : event.outcome === 'skipped' ? 'skip' : 'ok';
      stream.write(`${counter(event)} ${label} ${sanitizeForTerminal(event.title)}\n`);
    }
  };

  const finish = (): void => {
    if (interactive && barShown && latest) {
      drawBar(latest);
      stream.write('\n');
    }
    const done = latest?.done ?? 0;
    stream.write(`${done} cases: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  };

  return { listener, finish };
}

const SHORT_LABELS: Record<DisplayOutcome, string> = {
  passed: 'ok',
  failed: 'FAIL',
  accepted: 'base',
  not_applicable: 'n/a',
  not_reached: '--',
  not_selected: '..',
};

const ANSI_COLOURS: Record<DisplayOutcome, string> = {
  passed: '\u001b[32m',
  failed: '\u001b[1;31m',
  accepted: '\u001b[33m',
  not_applicable: '\u001b[2m',
  not_reached: '\u001b[35m',
  not_selected: '\u001b[2m',
};
const ANSI_RESET = '\u001b[0m';

const VERDICT_TEXT: Record<Report['verdict'], string> = {
  pass: 'PASS: the target conforms',
  fail: 'FAIL: the target does not conform',
  error: 'ERROR: the target could not be tested',
  incomplete: 'INCOMPLETE: cells were not reached, so the target is not certified',
};

/** The end-of-run summary: verdict, the operation × status matrix, then failures grouped by requirement. */
export function renderSummary(report: Report, options: { color?: boolean; width?: number } = {}): string {
  const width = options.width ?? 80;
  const paint = (outcome: DisplayOutcome, text: string): string => (options.color ? `${ANSI_COLOURS[outcome]}${text}${ANSI_RESET}` : text);
  const lines: string[] = [];
  const push = (...more: string[]): void => {
    lines.push(...more);
  };

  push(
    ...wrapText(
      sanitizeForTerminal(`${report.tool.name} ${report.tool.version} against ${report.target} (seed ${report.seed}, ${report.runs} runs)`),
      width,
      '',
    ),
  );
  const partial = partialRunText(report);
  // A narrowed run never says PASS: it found nothing wrong in its scope, which says nothing about the rest.
  push(
    `Verdict: ${partial && report.verdict === 'pass' ? `PARTIAL RUN: no failure in its scope, not a verdict on the target (${partial})` : VERDICT_TEXT[report.verdict]}`,
  );
  if (partial && report.verdict !== 'pass') push(`  ${partial}`);
  if (report.error) push(...wrapText(sanitizeForTerminal(report.error), width, '  '));
  if (report.interrupted) push('The run was interrupted before it finished; cells not run are "not reached".');
  for (const notice of report.notices ?? []) push(...wrapText(sanitizeForTerminal(`Note: ${notice}`), width, '  '));
  push('');

  const matrix = matrixOf(report.cells);
  const nameWidth = Math.max(9, ...matrix.operations.map((operation) => operation.length)) + 1;
  const columnWidth = 6;
  push(
    `${'operation'.padEnd(nameWidth)}${matrix.statuses.map((status) => String(status).padStart(4).padEnd(columnWidth)).join('')}`.trimEnd(),
  );
  for (const operation of matrix.operations) {
    let row = sanitizeForTerminal(operation).padEnd(nameWidth);
    for (const status of matrix.statuses) {
      const cell = matrix.cell(operation, status);
      if (!cell) {
        row += ' '.repeat(columnWidth);
        continue;
      }
      const outcome = displayOutcome(report, cell);
      const label = SHORT_LABELS[outcome];
      row += ' '.repeat(4 - Math.min(4, label.length)) + paint(outcome, label) + ' '.repeat(columnWidth - 4);
    }
    push(row.trimEnd());
  }
  push(
    'ok = passed, FAIL = failed, base = failure accepted by the baseline,',
    'n/a = not applicable, -- = not reached, .. = not selected (--grep),',
    'blank = status not documented',
  );
  const counts = countOutcomes(report);
  push(
    ...wrapText(
      `${report.cells.length} cells: ${counts.passed} passed, ${counts.failed} failed, ${counts.accepted} accepted by baseline, ${counts.not_applicable} not applicable, ${counts.not_reached} not reached${counts.not_selected > 0 ? `, ${counts.not_selected} not selected` : ''}`,
      width,
      '',
    ),
  );

  const untested = untestedCells(report);
  if (untested.length > 0) {
    push('', 'Cells not tested');
    for (const group of untested) {
      push(...wrapText(sanitizeForTerminal(`${OUTCOME_LABELS[group.outcome]}: ${group.reason}`), width, '  '));
      push(...wrapText(sanitizeForTerminal(group.cells.join(', ')), width, '    '));
    }
  }

  const open = report.failures.filter((failure) => !failure.baselined);
  if (open.length > 0) {
    const statements = new Map(report.requirements.map((requirement) => [requirement.id, requirement]));
    const groups = failuresByRequirement(open);
    push('', `Failures (${open.length} in ${groups.size} requirement${groups.size === 1 ? '' : 's'})`);
    for (const [requirementId, failures] of groups) {
      const requirement = statements.get(requirementId);
      const heading = requirement ? `${requirementId} (${requirement.severity}): ${requirement.statement}` : requirementId;
      push('', ...wrapText(sanitizeForTerminal(heading), width, ''));
      if (requirement?.source) push(...wrapText(sanitizeForTerminal(`source: ${requirement.source}`), width, '  '));
      for (const failure of failures) {
        const errorId = failure.errorId ? ` (error.id ${failure.errorId})` : '';
        push(...wrapText(sanitizeForTerminal(`x ${failure.operationId} ${failure.status} ${failure.check}${errorId}`), width, '  '));
        push(...wrapText(sanitizeForTerminal(failure.message), width, '    '));
        const path = failure.reproduce.path ? `, path ${failure.reproduce.path}` : '';
        push(`    reproduce (seed ${failure.reproduce.seed}${path}):`);
        push(...wrapShellCommand(sanitizeForTerminal(failure.reproduce.curl), width, '      '));
        if (failure.reproduce.replay) push(...wrapShellCommand(sanitizeForTerminal(failure.reproduce.replay), width, '      '));
        if (failure.reproduce.replay && failure.reproduce.replayNote)
          push(...wrapText(sanitizeForTerminal(failure.reproduce.replayNote), width, '      '));
      }
    }
  }

  const accepted = report.failures.filter((failure) => failure.baselined);
  if (accepted.length > 0) {
    push('', `Accepted by the baseline (${accepted.length})`);
    for (const failure of accepted) {
      const comment = failure.baselined?.comment ?? '';
      push(...wrapText(sanitizeForTerminal(`${failure.requirement} ${failure.operationId} ${failure.status}: ${comment}`), width, '  '));
    }
  }

  if (report.warnings.length > 0) {
    push('', `Warnings (${report.warnings.length})`);
    for (const warning of report.warnings) {
      push(
        ...wrapText(
          sanitizeForTerminal(`${warning.requirement} ${warning.operationId} ${warning.status}: ${warning.message}`),
          width,
          '  ',
        ),
      );
    }
  }

  const transport = report.transport;
  if (transport && (transport.retriedRequests > 0 || transport.failedRequests > 0 || transport.inconclusiveCases > 0)) {
    push(
      '',
      `Network trouble (not failures): ${transport.retriedRequests} requests retried, ${transport.failedRequests} without an answer, ${transport.inconclusiveCases} cases inconclusive`,
    );
    for (const item of transport.inconclusive.slice(0, 5))
      push(...wrapText(sanitizeForTerminal(`${item.title.split(':')[0]}: ${item.reason}`), width, '  '));
  }

  if (report.baselineProblems && report.baselineProblems.length > 0) {
    push('', `Baseline problems (${report.baselineProblems.length}; each fails the run)`);
    for (const problem of report.baselineProblems) push(...wrapText(sanitizeForTerminal(problem), width, '  '));
  }
  return lines.join('\n');
}
