import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  PLACEHOLDER_COMMENT,
  applyBaseline,
  baselineFromReport,
  loadBaseline,
  writeBaseline,
  type BaselineEntry,
} from '../../reporters/index.js';
import { errorReport } from './fixtures/error-report.js';
import { failingReport } from './fixtures/failing-report.js';
import { temporaryDirectory } from './support.js';

const NOW = new Date('2026-11-21T12:00:00Z');

const EXPIRED_FLOW_ENTRY: BaselineEntry = {
  requirement: 'flows.get.expired-410',
  operationId: 'getSettingsFlow',
  status: 410,
  comment: 'our gateway caches flows; fixed in release 3',
};
const CSRF_ENTRY: BaselineEntry = {
  requirement: 'csrf.browser-submit-403',
  operationId: 'updateSettingsFlow',
  status: 403,
  errorId: 'security_csrf_violation',
  comment: 'CSRF errors are rewritten by the proxy',
  expires: '2026-12-31',
};

async function baselineFile(name: string, content: string): Promise<string> {
  const file = join(await temporaryDirectory('baseline'), name);
  await writeFile(file, content, 'utf8');
  return file;
}

describe('baseline', () => {
  describe('applyBaseline', () => {
    it('accepts matching failures; with a cell not reached the run is incomplete, not a pass', () => {
      const report = applyBaseline(failingReport(), [EXPIRED_FLOW_ENTRY, CSRF_ENTRY], NOW);
      expect(report.verdict).to.equal('incomplete');
      const reachedAll = {
        ...failingReport(),
        cells: failingReport().cells.map((cell) => (cell.outcome === 'not_reached' ? { ...cell, outcome: 'passed' as const } : cell)),
      };
      expect(applyBaseline(reachedAll, [EXPIRED_FLOW_ENTRY, CSRF_ENTRY], NOW).verdict).to.equal('pass');
      expect(report.baselineProblems).to.deep.equal([]);
      expect(report.failures.map((failure) => failure.baselined?.comment)).to.deep.equal([EXPIRED_FLOW_ENTRY.comment, CSRF_ENTRY.comment]);
      expect(report.failures[1]!.baselined?.expires).to.equal('2026-12-31');
    });

    it('still fails on a failure the baseline does not list', () => {
      const report = applyBaseline(failingReport(), [EXPIRED_FLOW_ENTRY], NOW);
      expect(report.verdict).to.equal('fail');
      expect(report.failures[1]!.baselined).to.equal(undefined);
    });

    it('keys on the error id: an entry for another error id accepts nothing', () => {
      const report = applyBaseline(failingReport(), [EXPIRED_FLOW_ENTRY, { ...CSRF_ENTRY, errorId: 'session_refresh_required' }], NOW);
      expect(report.verdict).to.equal('fail');
      expect(report.failures[1]!.baselined).to.equal(undefined);
    });

    it('fails on a stale entry and names it', () => {
      const stale: BaselineEntry = { requirement: 'flows.get.ok-200', operationId: 'getSettingsFlow', status: 200, comment: 'was flaky' };
      const report = applyBaseline(failingReport(), [EXPIRED_FLOW_ENTRY, CSRF_ENTRY, stale], NOW);
      expect(report.verdict).to.equal('fail');
      expect(report.baselineProblems).to.have.length(1);
      expect(report.baselineProblems![0]).to.include('entry 3').and.include('flows.get.ok-200').and.include('remove');
    });

    it('fails on an expired entry, which no longer accepts its failure', () => {
      const expired = { ...EXPIRED_FLOW_ENTRY, expires: '2026-11-20' };
      const report = applyBaseline(failingReport(), [expired, CSRF_ENTRY], NOW);
      expect(report.verdict).to.equal('fail');
      expect(report.failures[0]!.baselined).to.equal(undefined);
      expect(report.baselineProblems).to.have.length(1);
      expect(report.baselineProblems![0]).to.include('entry 1').and.include('expired').and.include('2026-11-20');
    });

    it('treats a date-only expiry as valid through that day (UTC)', () => {
      const lastDay = applyBaseline(failingReport(), [{ ...EXPIRED_FLOW_ENTRY, expires: '2026-11-21' }, CSRF_ENTRY], NOW);
      expect(lastDay.verdict).to.equal('incomplete');
      const instant = applyBaseline(failingReport(), [{ ...EXPIRED_FLOW_ENTRY, expires: '2026-11-21T11:59:59Z' }, CSRF_ENTRY], NOW);
      expect(instant.verdict).to.equal('fail');
    });

    it('keeps an error run an error', () => {
      expect(applyBaseline(errorReport(), [], NOW).verdict).to.equal('error');
      expect(applyBaseline(errorReport(), [EXPIRED_FLOW_ENTRY], NOW).verdict).to.equal('error');
    });

    it('does not change the report it is given', () => {
      const original = failingReport();
      applyBaseline(original, [EXPIRED_FLOW_ENTRY, CSRF_ENTRY], NOW);
      expect(original).to.deep.equal(failingReport());
    });
  });

  describe('files', () => {
    it('reads a JSON baseline and a YAML one alike', async () => {
      const json = await baselineFile('baseline.json', JSON.stringify({ entries: [EXPIRED_FLOW_ENTRY, CSRF_ENTRY] }));
      const yaml = await baselineFile(
        'baseline.yaml',
        [
          'entries:',
          '  - requirement: flows.get.expired-410',
          '    operationId: getSettingsFlow',
          '    status: 410',
          '    comment: "our gateway caches flows; fixed in release 3"',
          '  - requirement: csrf.browser-submit-403',
          '    operationId: updateSettingsFlow',
          '    status: 403',
          '    errorId: security_csrf_violation',
          '    comment: CSRF errors are rewritten by the proxy',
          '    expires: 2026-12-31',
        ].join('\n'),
      );
      expect(await loadBaseline(json)).to.deep.equal([EXPIRED_FLOW_ENTRY, CSRF_ENTRY]);
      expect(await loadBaseline(yaml)).to.deep.equal([EXPIRED_FLOW_ENTRY, CSRF_ENTRY]);
    });

    const badFiles: Array<[string, string, string, RegExp]> = [
      ['invalid JSON', 'bad.json', '{"entries": [', /not valid JSON/],
      ['invalid YAML', 'bad.yml', 'entries:\n  - a: [1,\n', /not valid YAML/],
      ['no entries list', 'empty.json', '{"items": []}', /"entries" list/],
      [
        'a missing comment',
        'nocomment.json',
        JSON.stringify([{ ...EXPIRED_FLOW_ENTRY, comment: '' }]),
        /entry 1 needs a non-empty string "comment"/,
      ],
      ['a status given as text', 'status.json', JSON.stringify([{ ...EXPIRED_FLOW_ENTRY, status: '410' }]), /entry 1 needs "status"/],
      [
        'a misspelt field',
        'typo.json',
        JSON.stringify([EXPIRED_FLOW_ENTRY, { ...CSRF_ENTRY, expiry: '2027-01-01' }]),
        /entry 2 has unknown field\(s\) expiry/,
      ],
      [
        'an unreadable expiry',
        'expiry.json',
        JSON.stringify([{ ...EXPIRED_FLOW_ENTRY, expires: 'next week' }]),
        /entry 1: "expires" must be a date/,
      ],
      [
        'a repeated entry',
        'twice.json',
        JSON.stringify([EXPIRED_FLOW_ENTRY, CSRF_ENTRY, EXPIRED_FLOW_ENTRY]),
        /entry 3 .* repeats entry 1/,
      ],
      [
        'the placeholder comment',
        'placeholder.json',
        JSON.stringify([{ ...EXPIRED_FLOW_ENTRY, comment: PLACEHOLDER_COMMENT }]),
        /entry 1 .*placeholder/,
      ],
    ];
    for (const [what, name, content, message] of badFiles) {
      it(`refuses a baseline with ${what}, naming the file`, async () => {
        const file = await baselineFile(name, content);
        const error = await loadBaseline(file).then(
          () => undefined,
          (caught: unknown) => caught as Error,
        );
        expect(error, 'loadBaseline should reject').to.be.instanceOf(Error);
        expect(error!.message).to.include(file).and.match(message);
      });
    }

    it('refuses a missing file, naming it', async () => {
      const file = join(await temporaryDirectory('baseline'), 'absent.json');
      const error = await loadBaseline(file).catch((caught: unknown) => caught as Error);
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.include(file);
    });
  });

  describe('writing one from a run', () => {
    it('lists each failing key once with the placeholder comment', () => {
      const report = failingReport();
      report.failures.push({ ...report.failures[0]!, check: 'anotherCheckOfTheSameKey' });
      expect(baselineFromReport(report)).to.deep.equal([
        {
          requirement: 'csrf.browser-submit-403',
          operationId: 'updateSettingsFlow',
          status: 403,
          errorId: 'security_csrf_violation',
          comment: PLACEHOLDER_COMMENT,
        },
        { requirement: 'flows.get.expired-410', operationId: 'getSettingsFlow', status: 410, comment: PLACEHOLDER_COMMENT },
      ]);
    });

    it('keeps the comments and expiry of entries that already accepted a failure', () => {
      const report = applyBaseline(failingReport(), [CSRF_ENTRY], NOW);
      const entries = baselineFromReport(report);
      expect(entries[0]).to.deep.equal(CSRF_ENTRY);
      expect(entries[1]!.comment).to.equal(PLACEHOLDER_COMMENT);
    });

    for (const name of ['written.json', 'written.yaml']) {
      it(`writes a ${name.split('.')[1]} file that loads back once the comments are filled in`, async () => {
        const file = join(await temporaryDirectory('baseline'), 'deeper', name);
        await writeBaseline(file, baselineFromReport(failingReport()));
        const text = await readFile(file, 'utf8');
        expect(text).to.include(PLACEHOLDER_COMMENT);
        await writeFile(file, text.replaceAll(PLACEHOLDER_COMMENT, 'accepted for release 2'), 'utf8');
        const entries = await loadBaseline(file);
        expect(applyBaseline(failingReport(), entries, NOW).failures.every((failure) => failure.baselined)).to.equal(true);
      });
    }
  });
});
