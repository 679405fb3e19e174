import { expect } from 'chai';
import { diffReports, renderDiff } from '../../reporters/index.js';
import type { Report } from '../../reporters/report.js';
import { errorReport } from './fixtures/error-report.js';
import { failingReport } from './fixtures/failing-report.js';

/** The failing run with its CSRF failure fixed: that cell and requirement now pass. */
function csrfFixedReport(): Report {
  const report = failingReport();
  report.failures = report.failures.filter((failure) => failure.requirement !== 'csrf.browser-submit-403');
  report.cells.find((cell) => cell.operationId === 'updateSettingsFlow' && cell.status === 403)!.outcome = 'passed';
  report.requirements.find((requirement) => requirement.id === 'csrf.browser-submit-403')!.cells[0]!.outcome = 'passed';
  return report;
}

describe('diff', () => {
  it('reports nothing and no regression between identical runs', () => {
    const diff = diffReports(failingReport(), failingReport());
    expect(diff.regressed).to.equal(false);
    expect(diff.changes).to.deep.equal([]);
  });

  it('flags a new failure as a regression', () => {
    const diff = diffReports(csrfFixedReport(), failingReport());
    expect(diff.regressed).to.equal(true);
    const regressed = diff.changes.filter((change) => change.kind === 'regressed');
    expect(regressed.map((change) => `${change.subject} ${change.what}`)).to.deep.equal([
      'cell updateSettingsFlow 403',
      'requirement csrf.browser-submit-403 in updateSettingsFlow 403',
      'failure csrf.browser-submit-403 csrfViolationIsRejectedWith403 in updateSettingsFlow 403 error.id security_csrf_violation',
    ]);
  });

  it('lists a fixed failure without calling it a regression', () => {
    const diff = diffReports(failingReport(), csrfFixedReport());
    expect(diff.regressed).to.equal(false);
    expect(diff.changes.map((change) => change.kind)).to.deep.equal(['fixed', 'fixed', 'fixed']);
    expect(diff.changes[0]).to.include({ subject: 'cell', what: 'updateSettingsFlow 403', older: 'failed', newer: 'passed' });
  });

  it('lists new failures before fixes and other changes', () => {
    const older = csrfFixedReport();
    const newer = failingReport();
    // getSettingsFlow 410 gets fixed while updateSettingsFlow 403 breaks; a passing cell stops being tested.
    newer.failures = newer.failures.filter((failure) => failure.requirement !== 'flows.get.expired-410');
    newer.cells.find((cell) => cell.operationId === 'getSettingsFlow' && cell.status === 410)!.outcome = 'passed';
    newer.requirements[0]!.cells[0]!.outcome = 'passed';
    newer.cells.find((cell) => cell.operationId === 'getSettingsFlow' && cell.status === 200)!.outcome = 'not_reached';
    const diff = diffReports(older, newer);
    const kinds = diff.changes.map((change) => change.kind);
    expect(kinds.indexOf('fixed')).to.be.greaterThan(kinds.lastIndexOf('regressed'));
    expect(kinds.indexOf('changed')).to.be.greaterThan(kinds.lastIndexOf('fixed'));
    expect(kinds).to.include.members(['regressed', 'fixed', 'changed']);
    const text = renderDiff(diff);
    const newAt = text.indexOf('New failures');
    const fixedAt = text.indexOf('Fixed');
    const otherAt = text.indexOf('Other changes');
    expect(newAt).to.be.greaterThan(-1);
    expect(fixedAt).to.be.greaterThan(newAt);
    expect(otherAt).to.be.greaterThan(fixedAt);
    expect(text.slice(newAt, fixedAt)).to.include('updateSettingsFlow 403');
    expect(text.slice(fixedAt, otherAt)).to.include('getSettingsFlow 410');
    expect(text.slice(otherAt)).to.include('getSettingsFlow 200');
  });

  it('calls a run that could no longer test its target a regression', () => {
    const diff = diffReports(failingReport(), errorReport());
    expect(diff.regressed).to.equal(true);
    expect(diff.changes[0]).to.include({ subject: 'verdict', older: 'fail', newer: 'error' });
  });

  it('does not count a failure the newer baseline accepted as new', () => {
    const newer = failingReport();
    newer.failures[1]!.baselined = { comment: 'accepted' };
    const diff = diffReports(csrfFixedReport(), newer);
    expect(diff.regressed).to.equal(false);
  });

  it('notes a different target', () => {
    const newer = failingReport();
    newer.target = 'http://127.0.0.1:4455';
    expect(diffReports(failingReport(), newer).context.join('\n')).to.include('127.0.0.1:4455');
  });
});
