import junitReportBuilderModule, { type Builder } from 'junit-report-builder';
import type { Failure, Report } from './report.js';
import { OUTCOME_LABELS, cellKey, untestedCells } from './text.js';

// The package's CommonJS export is the builder itself; its typings describe it as an ES default export.
const junitReportBuilder = junitReportBuilderModule as unknown as Builder;

// XML 1.0 cannot carry these characters at all, escaped or not; a hostile body may contain them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML forbids are what this matches.
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text safe for an XML attribute or CDATA section (the builder ends CDATA only at the first `]]>`, so none may remain). */
function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/\]\]>/g, ']] >');
}

function describeFailure(failure: Failure): string {
  const lines = [`${failure.check}: ${failure.message}`];
  if (failure.errorId) lines.push(`error.id: ${failure.errorId}`);
  lines.push(`reproduce (seed ${failure.reproduce.seed}${failure.reproduce.path ? `, path ${failure.reproduce.path}` : ''}):`);
  lines.push(failure.reproduce.curl);
  if (failure.reproduce.replay) lines.push(failure.reproduce.replay);
  if (failure.reproduce.replay && failure.reproduce.replayNote) lines.push(failure.reproduce.replayNote);
  return lines.join('\n');
}

/**
 * JUnit XML: one testsuite per operation, one testcase per requirement per cell it was checked in. A failing case carries
 * the message and reproduce lines; not applicable / not reached cases are skipped with their reason on system-out.
 */
export function renderJunit(report: Report): string {
  const builder = junitReportBuilder.newBuilder().name(xmlSafe(`${report.tool.name} ${report.target}`));
  const suites = new Map<string, ReturnType<typeof builder.testSuite>>();
  const suiteFor = (operationId: string): ReturnType<typeof builder.testSuite> => {
    let suite = suites.get(operationId);
    if (!suite) {
      suite = builder.testSuite().name(xmlSafe(operationId)).timestamp(report.startedAt);
      suite.property('target', xmlSafe(report.target)).property('seed', String(report.seed)).property('verdict', report.verdict);
      suites.set(operationId, suite);
    }
    return suite;
  };

  const covered = new Set<Failure>();
  for (const requirement of report.requirements) {
    for (const cell of requirement.cells) {
      const testCase = suiteFor(cell.operationId)
        .testCase()
        .className(xmlSafe(`${report.tool.name}.${cell.operationId}.${cell.status}`))
        .name(xmlSafe(`${requirement.id} [${cellKey(cell)}] ${requirement.statement}`))
        .property('source', xmlSafe(requirement.source));
      const failures = report.failures.filter(
        (failure) => failure.requirement === requirement.id && failure.operationId === cell.operationId && failure.status === cell.status,
      );
      for (const failure of failures) covered.add(failure);
      const open = failures.filter((failure) => !failure.baselined);
      if (open.length > 0) {
        testCase.failure(xmlSafe(open.map((failure) => failure.message).join('; ')), 'conformance');
        testCase.stacktrace(xmlSafe(open.map(describeFailure).join('\n\n')));
      } else if (cell.outcome === 'failed' && failures.length === 0) {
        testCase.failure(xmlSafe(cell.reason ?? 'failed'), 'conformance');
      } else if (cell.outcome === 'not_applicable' || cell.outcome === 'not_reached' || cell.outcome === 'not_selected') {
        testCase.skipped().standardOutput(xmlSafe(`${OUTCOME_LABELS[cell.outcome]}${cell.reason ? `: ${cell.reason}` : ''}`));
      }
      const accepted = failures.filter((failure) => failure.baselined);
      if (accepted.length > 0 && open.length === 0) {
        testCase.standardOutput(
          xmlSafe(
            accepted
              .map((failure) => `accepted by baseline: ${failure.baselined?.comment ?? ''}\n${describeFailure(failure)}`)
              .join('\n\n'),
          ),
        );
      }
    }
  }

  // A failure under a requirement the table does not list must still reach CI.
  for (const failure of report.failures) {
    if (covered.has(failure) || failure.baselined) continue;
    suiteFor(failure.operationId)
      .testCase()
      .className(xmlSafe(`${report.tool.name}.${failure.operationId}.${failure.status}`))
      .name(xmlSafe(`${failure.requirement} [${cellKey(failure)}] ${failure.check}`))
      .failure(xmlSafe(failure.message), 'conformance')
      .stacktrace(xmlSafe(describeFailure(failure)));
  }

  const unreached = report.cells.filter((cell) => cell.outcome === 'not_reached');
  if (report.verdict === 'error' || (report.baselineProblems?.length ?? 0) > 0 || report.interrupted || unreached.length > 0) {
    const run = builder.testSuite().name('run').timestamp(report.startedAt);
    if (report.verdict === 'error') {
      run
        .testCase()
        .className(`${report.tool.name}.run`)
        .name('target could be tested')
        .error(xmlSafe(report.error ?? 'the run could not test the target'), 'error');
    }
    if (unreached.length > 0) {
      // CI must see a run that left cells untested, even without a failure in them.
      const reasons = untestedCells(report).filter((group) => group.outcome === 'not_reached');
      run
        .testCase()
        .className(`${report.tool.name}.run`)
        .name('every cell reached')
        .error(
          xmlSafe(
            `${unreached.length} cells not reached: ${unreached.map((cell) => `${cellKey(cell)} (${cell.reason ?? 'no reason given'})`).join('; ')}`,
          ),
          'incomplete',
        )
        .standardOutput(
          xmlSafe(reasons.map((group) => `${OUTCOME_LABELS[group.outcome]}: ${group.reason}\n  ${group.cells.join(', ')}`).join('\n')),
        );
    }
    if (report.interrupted) {
      run
        .testCase()
        .className(`${report.tool.name}.run`)
        .name('run finished')
        .error('the run was interrupted before it finished', 'interrupted');
    }
    (report.baselineProblems ?? []).forEach((problem, index) => {
      run
        .testCase()
        .className(`${report.tool.name}.baseline`)
        .name(`baseline problem ${index + 1}`)
        .failure(xmlSafe(problem), 'baseline');
    });
  }
  return builder.build();
}
