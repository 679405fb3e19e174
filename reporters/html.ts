import type { Failure, Report } from './report.js';
import { CERTIFICATE_COVERAGE } from './certificate.js';
import { partialRunText } from './verdict.js';
import {
  OUTCOME_LABELS,
  countOutcomes,
  displayOutcome,
  failuresByRequirement,
  matrixOf,
  untestedCells,
  type DisplayOutcome,
} from './text.js';

/** Every string in the page goes through this: a hostile target's body must stay text. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The only links the page makes: a requirement source's public pages (Ory's documentation, Kratos's source). Anything
 * else in a source, `docs/kratos-behavior.md#…` anchors included, stays text.
 */
const SOURCE_LINK = /https:\/\/(?:www\.ory\.sh\/docs\/|github\.com\/ory\/kratos\/)[^\s;,"'<>()]*[^\s;,"'<>():.]/g;

/** A requirement source as escaped text with its public URLs as links. */
export function renderSource(source: string): string {
  let html = '';
  let last = 0;
  for (const match of source.matchAll(SOURCE_LINK)) {
    const url = match[0];
    html += `${escapeHtml(source.slice(last, match.index))}<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(source.slice(last));
}

const DISPLAY_LABELS: Record<DisplayOutcome, string> = { ...OUTCOME_LABELS, accepted: 'accepted (baseline)' };

const VERDICT_HEADLINES: Record<Report['verdict'], string> = {
  pass: 'PASS: the target conforms to the settings flow contract',
  fail: 'FAIL: the target does not conform to the settings flow contract',
  error: 'ERROR: the target could not be tested',
  incomplete: 'INCOMPLETE: cells were not reached, so the target is not certified',
};

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
.verdict{font-size:1.3rem;font-weight:700;padding:.75rem 1rem;border-radius:6px;border:2px solid}
.verdict-pass{background:#dafbe1;border-color:#1a7f37}.verdict-fail{background:#ffebe9;border-color:#cf222e}.verdict-error,.verdict-incomplete,.verdict-partial{background:#fff8c5;border-color:#9a6700}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.scroll{overflow-x:auto}.grid{font-size:.9rem}.grid td{text-align:center;min-width:4.5rem;font-weight:600}
.outcome-passed{background:#aceebb;color:#0a3617}.outcome-failed{background:#ff8182;color:#4c0004}
.outcome-accepted{background:#fae17d;color:#3b2300}.outcome-not_applicable{background:#eaeef2;color:#424a53}
.outcome-not_reached{background:#d8b9ff;color:#21004a}.outcome-not_selected{background:#f6f8fa;color:#57606a;font-weight:400}.outcome-none{background:#fff;color:#6e7781;font-weight:400;font-size:.8rem}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.failure{border-left:4px solid #cf222e;padding-left:.75rem;margin:1rem 0}
.facts th{width:12rem}.facts td{word-break:break-all}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.muted{color:#57606a}
`;

function outcomeCell(name: string, outcome: DisplayOutcome, detail?: string): string {
  const title = detail ? ` title="${escapeHtml(detail)}"` : '';
  return `<td class="outcome-${escapeHtml(outcome)}" data-cell="${escapeHtml(name)}" data-outcome="${escapeHtml(outcome)}"${title}>${escapeHtml(DISPLAY_LABELS[outcome])}</td>`;
}

function renderGrid(report: Report): string {
  const matrix = matrixOf(report.cells);
  const header = matrix.statuses.map((status) => `<th scope="col">${escapeHtml(status)}</th>`).join('');
  const rows = matrix.operations.map((operation) => {
    const cells = matrix.statuses.map((status) => {
      const cell = matrix.cell(operation, status);
      if (!cell) return '<td class="outcome-none">not documented</td>';
      return outcomeCell(`${operation} ${status}`, displayOutcome(report, cell), cell.reason);
    });
    return `<tr><th scope="row"><code>${escapeHtml(operation)}</code></th>${cells.join('')}</tr>`;
  });
  const counts = countOutcomes(report);
  return `<div class="scroll"><table class="grid" id="matrix"><thead><tr><th>operation \\ status</th>${header}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p class="muted">${report.cells.length} cells: ${counts.passed} passed, ${counts.failed} failed, ${counts.accepted} failed but accepted by the baseline, ${counts.not_applicable} not applicable, ${counts.not_reached} not reached, ${counts.not_selected} not selected. Each cell is one documented response status of one operation; it passes when every check aimed at it passed.</p>${renderUntested(report)}`;
}

/** Why cells were not tested, as visible text: the same sentences the console and JUnit give. */
function renderUntested(report: Report): string {
  const groups = untestedCells(report);
  if (groups.length === 0) return '';
  const items = groups.map(
    (group) =>
      `<li><span class="outcome-${escapeHtml(group.outcome)}">${escapeHtml(OUTCOME_LABELS[group.outcome])}</span>: ${escapeHtml(group.reason)}<br><span class="muted">${group.cells.map((cell) => `<code>${escapeHtml(cell)}</code>`).join(', ')}</span></li>`,
  );
  return `\n<h3>Cells not tested</h3>\n<ul class="untested" id="untested">${items.join('')}</ul>`;
}

function renderFailure(failure: Failure): string {
  const parts = [
    `<div class="failure" data-requirement="${escapeHtml(failure.requirement)}">`,
    `<p><strong><code>${escapeHtml(failure.operationId)}</code> ${escapeHtml(failure.status)}</strong>, check <code>${escapeHtml(failure.check)}</code>${failure.errorId ? `, error.id <code>${escapeHtml(failure.errorId)}</code>` : ''}${failure.baselined ? ' <em>(accepted by the baseline)</em>' : ''}</p>`,
    `<p class="message">${escapeHtml(failure.message)}</p>`,
  ];
  if (failure.baselined) {
    parts.push(
      `<p>Baseline comment: ${escapeHtml(failure.baselined.comment)}${failure.baselined.expires ? ` (expires ${escapeHtml(failure.baselined.expires)})` : ''}</p>`,
    );
  }
  parts.push(
    `<p>Reproduce with seed <code>${escapeHtml(failure.reproduce.seed)}</code>${failure.reproduce.path ? `, path <code>${escapeHtml(failure.reproduce.path)}</code>` : ''}:</p>`,
    `<pre class="curl">${escapeHtml(failure.reproduce.curl)}</pre>`,
  );
  if (failure.reproduce.replay)
    parts.push(`<p>Replay this case with the tool:</p><pre class="replay">${escapeHtml(failure.reproduce.replay)}</pre>`);
  if (failure.reproduce.replay && failure.reproduce.replayNote)
    parts.push(`<p class="replay-note">${escapeHtml(failure.reproduce.replayNote)}</p>`);
  if (failure.exchange) {
    const { request, response, durationMs } = failure.exchange;
    const requestText = [
      `${request.method} ${request.url}`,
      ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
    ];
    if (request.body !== undefined) requestText.push('', request.body);
    const responseText = response.error
      ? [`no response: ${response.error}`]
      : [
          `HTTP ${response.status}`,
          ...Object.entries(response.headers).flatMap(([name, value]) =>
            (Array.isArray(value) ? value : [value]).map((item) => `${name}: ${item}`),
          ),
        ];
    if (response.body !== undefined) responseText.push('', response.body);
    parts.push(
      `<details><summary>Recorded exchange (${escapeHtml(Math.round(durationMs))} ms)</summary><p>Request</p><pre>${escapeHtml(requestText.join('\n'))}</pre><p>Response</p><pre class="response">${escapeHtml(responseText.join('\n'))}</pre></details>`,
    );
  }
  parts.push('</div>');
  return parts.join('\n');
}

function renderRequirements(report: Report): string {
  if (report.requirements.length === 0) return '<p>No requirement results were recorded.</p>';
  const rows = report.requirements.map((requirement) => {
    const results = requirement.cells
      .map((cell) => {
        const failures = report.failures.filter(
          (failure) => failure.requirement === requirement.id && failure.operationId === cell.operationId && failure.status === cell.status,
        );
        const accepted = cell.outcome === 'failed' && failures.length > 0 && failures.every((failure) => failure.baselined);
        const outcome: DisplayOutcome = accepted ? 'accepted' : cell.outcome;
        const reason = cell.reason ? ` (${escapeHtml(cell.reason)})` : '';
        return `<li><code>${escapeHtml(cell.operationId)} ${escapeHtml(cell.status)}</code>: <span class="outcome-${escapeHtml(outcome)}">${escapeHtml(DISPLAY_LABELS[outcome])}</span>, ${escapeHtml(cell.checks)} checks${reason}</li>`;
      })
      .join('');
    return `<tr id="req-${escapeHtml(requirement.id)}"><td><code>${escapeHtml(requirement.id)}</code></td><td>${escapeHtml(requirement.severity)}</td><td>${escapeHtml(requirement.statement)}<br><span class="muted">Source: ${renderSource(requirement.source)}</span></td><td><ul>${results}</ul></td></tr>`;
  });
  return `<table class="requirements"><thead><tr><th>Requirement</th><th>Severity</th><th>Statement and source</th><th>Results per cell</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderFailures(report: Report): string {
  if (report.failures.length === 0) return '<p>No failures.</p>';
  const statements = new Map(report.requirements.map((requirement) => [requirement.id, requirement]));
  return [...failuresByRequirement(report.failures)]
    .map(([requirementId, failures]) => {
      const requirement = statements.get(requirementId);
      const statement = requirement ? `: ${escapeHtml(requirement.statement)}` : '';
      const source = requirement ? `<p class="muted">Source: ${renderSource(requirement.source)}</p>` : '';
      return `<section><h3><code>${escapeHtml(requirementId)}</code>${statement}</h3>${source}${failures.map(renderFailure).join('\n')}</section>`;
    })
    .join('\n');
}

function renderVerdict(report: Report): string {
  const partial = partialRunText(report);
  if (partial && report.verdict === 'pass') {
    return `<p class="verdict verdict-partial" id="verdict">PARTIAL RUN: no failure in its scope, not a verdict on the target (${escapeHtml(partial)})</p>`;
  }
  return `<p class="verdict verdict-${escapeHtml(report.verdict)}" id="verdict">${escapeHtml(VERDICT_HEADLINES[report.verdict])}</p>${partial ? `<p>${escapeHtml(partial)}</p>` : ''}`;
}

function renderTransport(report: Report): string {
  const transport = report.transport;
  if (!transport || (transport.retriedRequests === 0 && transport.failedRequests === 0 && transport.inconclusiveCases === 0)) return '';
  const items = transport.inconclusive
    .map(
      (item) =>
        `<li><code>${escapeHtml(item.title.split(':')[0])}</code>: ${escapeHtml(item.reason)}${item.replay ? `<pre class="replay">${escapeHtml(item.replay)}</pre>` : ''}</li>`,
    )
    .join('');
  return `<h2>Network trouble (not failures)</h2><p id="transport">${escapeHtml(transport.retriedRequests)} requests retried, ${escapeHtml(transport.failedRequests)} without an answer, ${escapeHtml(transport.inconclusiveCases)} cases inconclusive.</p>${items ? `<ul>${items}</ul>` : ''}`;
}

function renderCertificate(report: Report): string {
  if (!report.certificate) return '<p>This report carries no certificate: it was not sealed, so alterations cannot be detected.</p>';
  const partial = partialRunText(report);
  const certifies = report.verdict === 'pass' && !partial;
  const refusal = certifies
    ? ''
    : `<p id="not-certified"><strong>Not a certificate of conformance</strong>: ${escapeHtml(partial ?? `the verdict is ${report.verdict}`)}. The hash below only shows whether this report was altered.</p>`;
  return `${refusal}<table class="facts certificate"><tbody>
<tr><th>Algorithm</th><td>${escapeHtml(report.certificate.algorithm)}</td></tr>
<tr><th>Verdict sha256</th><td><code>${escapeHtml(report.certificate.verdictSha256)}</code></td></tr>
<tr><th>Covers</th><td>${escapeHtml(CERTIFICATE_COVERAGE)} of report.json</td></tr>
<tr><th>Check it</th><td><code>npx kratos-settings-conformance verify report.json</code> recomputes the hash and says whether the report was altered.</td></tr>
</tbody></table>`;
}

/** One self-contained HTML page: no scripts, no network (the CSP forbids both), every target string escaped. */
export function renderHtml(report: Report): string {
  const fact = (name: string, value: string | number | undefined): string =>
    value === undefined ? '' : `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`;
  const problems = report.baselineProblems ?? [];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Settings flow conformance: ${escapeHtml(report.verdict.toUpperCase())} for ${escapeHtml(report.target)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Ory Kratos settings flow conformance report</h1>
${renderVerdict(report)}
${report.error ? `<p id="error">Why: ${escapeHtml(report.error)}</p>` : ''}
${report.interrupted ? '<p>The run was interrupted before it finished; cells it did not run are "not reached".</p>' : ''}
<p>This report shows whether the server at the target URL answers the Ory Kratos self-service settings flow API as documented.
The suite sent generated requests to each of the four settings operations and checked every answer against the documented rules (requirements).
A failure means the server and the documentation disagree where the documentation and Kratos itself agree.</p>
<h2>Run</h2>
<table class="facts"><tbody>
${fact('Target', report.target)}${fact('Admin URL', report.adminUrl)}${fact('Tool', `${report.tool.name} ${report.tool.version}`)}
${fact('Seed', report.seed)}${fact('Runs per property', report.runs)}${fact('Scope', report.scope?.partial ? `--grep ${report.scope.grep ?? ''}` : 'every case')}${fact('Options', report.options ? JSON.stringify(report.options) : undefined)}${fact('Started', report.startedAt)}${fact('Finished', report.finishedAt)}
${fact('Node', report.environment.node)}${fact('Operating system', report.environment.os)}${fact('Spec document sha256', report.environment.specSha256)}
</tbody></table>
<h2>Cells: operation by documented status</h2>
${renderGrid(report)}
<h2>Failures (${report.failures.filter((failure) => !failure.baselined).length} open, ${report.failures.filter((failure) => failure.baselined).length} accepted by the baseline)</h2>
${renderFailures(report)}
${renderTransport(report)}
${problems.length > 0 ? `<h2>Baseline problems</h2><p>Each of these fails the run.</p><ul>${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>` : ''}
${report.warnings.length > 0 ? `<h2>Warnings</h2><p>Behaviour that neither the documentation nor Kratos describes cleanly; it does not fail the run.</p><ul>${report.warnings.map((warning) => `<li><code>${escapeHtml(warning.requirement)}</code> <code>${escapeHtml(warning.operationId)} ${escapeHtml(warning.status)}</code>: ${escapeHtml(warning.message)}</li>`).join('')}</ul>` : ''}
<h2>Requirements</h2>
${renderRequirements(report)}
<h2>Certificate</h2>
${renderCertificate(report)}
</body>
</html>
`;
}
