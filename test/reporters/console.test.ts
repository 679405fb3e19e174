import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { createProgress, isInteractive, renderSummary } from '../../reporters/index.js';
import { wrapShellCommand } from '../../reporters/text.js';
import { SETTINGS_CELLS, SETTINGS_OPERATIONS } from '../../spec/operations.js';
import { CSRF_CURL, EXPIRED_FLOW_CURL, failingReport } from './fixtures/failing-report.js';
import { errorReport } from './fixtures/error-report.js';
import { passingReport } from './fixtures/passing-report.js';
import { CapturingStream } from './support.js';

/** The label under each status column of each operation row, read back by column position. */
function readMatrix(summary: string): Map<string, string> {
  const lines = summary.split('\n');
  const headerIndex = lines.findIndex((line) => /^operation\s+200\s/.test(line));
  expect(headerIndex, 'matrix header line').to.be.greaterThan(-1);
  const header = lines[headerIndex]!;
  const columns = [...header.matchAll(/\d{3}/g)].map((match) => ({ status: Number(match[0]), end: match.index + 3 }));
  const labels = new Map<string, string>();
  for (const line of lines.slice(headerIndex + 1, headerIndex + 1 + SETTINGS_OPERATIONS.length)) {
    const operationId = line.split(' ')[0]!;
    for (const { status, end } of columns) {
      const label = line.slice(end - 4, end).trim();
      if (label !== '') labels.set(`${operationId} ${status}`, label);
    }
  }
  return labels;
}

/** The words the shell makes of a command, read by bash itself. */
function shellWords(command: string): string[] {
  const output = execFileSync('bash', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', 'words', command], { encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
}

describe('console summary', () => {
  for (const [name, build] of [
    ['passing', passingReport],
    ['failing', failingReport],
    ['error', errorReport],
  ] as const) {
    it(`fits 80 columns for the ${name} run`, () => {
      const summary = renderSummary(build(), { width: 80 });
      for (const line of summary.split('\n')) expect(line.length, JSON.stringify(line)).to.be.at.most(80);
    });
  }

  it('shows all 21 documented cells and nothing else in the matrix', () => {
    const labels = readMatrix(renderSummary(passingReport()));
    const expected = SETTINGS_CELLS.map((cell) => `${cell.operationId} ${cell.status}`);
    expect(expected).to.have.length(21);
    expect([...labels.keys()].sort()).to.deep.equal([...expected].sort());
  });

  it('labels each cell with its outcome', () => {
    const labels = readMatrix(renderSummary(failingReport()));
    expect(labels.get('getSettingsFlow 410')).to.equal('FAIL');
    expect(labels.get('updateSettingsFlow 403')).to.equal('FAIL');
    expect(labels.get('createNativeSettingsFlow 403')).to.equal('--');
    expect(labels.get('updateSettingsFlow 422')).to.equal('n/a');
    expect(labels.get('getSettingsFlow 200')).to.equal('ok');
  });

  it('states the verdict', () => {
    expect(renderSummary(passingReport())).to.match(/^Verdict: PASS/m);
    expect(renderSummary(failingReport())).to.match(/^Verdict: FAIL/m);
    const error = renderSummary(errorReport());
    expect(error).to.match(/^Verdict: ERROR/m);
    expect(error).to.include('ECONNREFUSED');
  });

  it('groups failures by requirement, each with a reproduce command the shell reads unchanged', () => {
    const summary = renderSummary(failingReport(), { width: 80 });
    const expiredAt = summary.indexOf('flows.get.expired-410 (must)');
    const csrfAt = summary.indexOf('csrf.browser-submit-403 (must)');
    expect(expiredAt).to.be.greaterThan(-1);
    expect(csrfAt).to.be.greaterThan(expiredAt);
    const csrfBlock = summary.slice(csrfAt);
    const curlStart = csrfBlock.indexOf('curl ');
    const curlLines: string[] = [];
    for (const line of csrfBlock.slice(curlStart).split('\n')) {
      curlLines.push(line);
      if (!line.endsWith('\\')) break;
    }
    expect(shellWords(curlLines.join('\n'))).to.deep.equal(shellWords(CSRF_CURL));
  });

  it('wraps long shell commands without changing their words', () => {
    for (const width of [40, 60, 80]) {
      for (const command of [
        EXPIRED_FLOW_CURL,
        CSRF_CURL,
        "curl 'it'\\''s' \"double quoted $HOME-less text that goes on and on and on and on\"",
      ]) {
        const lines = wrapShellCommand(command, width, '    ');
        for (const line of lines) expect(line.length).to.be.at.most(width);
        expect(shellWords(lines.join('\n')), `${command} at ${width}`).to.deep.equal(shellWords(command));
      }
    }
  });

  it('never passes terminal control sequences from the target through', () => {
    const report = failingReport();
    report.failures[0]!.message = 'body: \u001b]0;owned\u0007\u001b[2J cleared';
    const summary = renderSummary(report);
    expect(summary).not.to.include('\u001b');
    expect(summary).not.to.include('\u0007');
    expect(summary).to.include('cleared');
  });

  it('colours labels only when asked', () => {
    expect(renderSummary(failingReport(), { color: false })).not.to.include('\u001b[');
    const coloured = renderSummary(failingReport(), { color: true });
    expect(coloured).to.include('\u001b[');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ESC colour sequences under test.
    for (const line of coloured.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect(line.length).to.be.at.most(80);
  });

  it('separates failures the baseline accepted from open ones', () => {
    const report = failingReport();
    report.failures[1]!.baselined = { comment: 'our proxy maps CSRF errors to 400' };
    const summary = renderSummary(report);
    expect(summary).to.include('Failures (1 in 1 requirement)');
    expect(summary).to.include('Accepted by the baseline (1)');
    expect(readMatrix(summary).get('updateSettingsFlow 403')).to.equal('base');
  });
});

describe('progress', () => {
  const events = [
    { done: 1, total: 3, title: 'getSettingsFlow answers 410 for an expired flow', outcome: 'passed' },
    { done: 2, total: 3, title: 'updateSettingsFlow rejects a wrong CSRF token', outcome: 'failed' },
    { done: 3, total: 3, title: 'linking OIDC needs a browser location change', outcome: 'skipped' },
  ] as const;

  it('prints one plain line per case when not interactive', () => {
    const stream = new CapturingStream();
    const progress = createProgress({ stream, interactive: false });
    for (const event of events) progress.listener(event);
    progress.finish();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no carriage return or ESC may reach a non-interactive stream.
    expect(stream.text).not.to.match(/[\r\u001b]/);
    const lines = stream.text.trimEnd().split('\n');
    expect(lines).to.have.length(4);
    expect(lines[0]).to.include('1/3').and.include(events[0].title);
    expect(lines[1]).to.include('2/3').and.include('FAIL').and.include(events[1].title);
    expect(lines[3]).to.include('1 passed, 1 failed, 1 skipped');
  });

  it('redraws a single line with a bar on a terminal', () => {
    const stream = new CapturingStream({ isTTY: true, columns: 60 });
    const progress = createProgress({ stream, interactive: true });
    for (const event of events) progress.listener(event);
    progress.finish();
    const [live, closing] = stream.text.split('\n');
    expect(live!.split('\r').filter(Boolean)).to.have.length.at.least(3);
    expect(live).to.include('[####################] 3/3');
    for (const frame of live!.split('\r').filter(Boolean)) expect(frame.replace('\u001b[K', '').length).to.be.below(60);
    expect(closing).to.include('1 passed, 1 failed, 1 skipped');
  });

  it('is interactive on a TTY unless CI=true', () => {
    expect(isInteractive(new CapturingStream({ isTTY: true }), {})).to.equal(true);
    expect(isInteractive(new CapturingStream({ isTTY: true }), { CI: 'true' })).to.equal(false);
    expect(isInteractive(new CapturingStream({ isTTY: false }), {})).to.equal(false);
  });
});
