import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson, sealReport, verifyReport } from '../../reporters/index.js';
import type { Report } from '../../reporters/report.js';
import { failingReport } from './fixtures/failing-report.js';
import { passingReport } from './fixtures/passing-report.js';

/** What a reader of report.json gets back: the sealed report through JSON. */
function sealedThroughJson(report: Report): Report {
  return JSON.parse(JSON.stringify(sealReport(report), null, 2)) as Report;
}

describe('certificate', () => {
  it('hashes the canonical JSON of everything but the certificate with sha256', () => {
    const report = passingReport();
    const sealed = sealReport(report);
    const expected = createHash('sha256').update(canonicalJson(report)).digest('hex');
    expect(sealed.certificate).to.deep.equal({ algorithm: 'sha256', verdictSha256: expected });
  });

  it('writes canonical JSON with keys sorted at every depth and no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: undefined })).to.equal('{"a":[{"c":null,"d":"x"}],"b":1}');
  });

  it('accepts an untouched report', () => {
    expect(verifyReport(sealedThroughJson(failingReport())).ok).to.equal(true);
  });

  it('does not depend on key order in the file', () => {
    const sealed = sealedThroughJson(failingReport()) as unknown as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(sealed).reverse());
    expect(verifyReport(reordered).ok).to.equal(true);
  });

  it('re-sealing replaces an old certificate instead of hashing it', () => {
    const once = sealReport(passingReport());
    expect(sealReport(once).certificate).to.deep.equal(once.certificate);
  });

  const alterations: Array<[string, (report: Report) => void]> = [
    [
      'a changed verdict',
      (report) => {
        report.verdict = 'pass';
      },
    ],
    [
      'a changed failure message',
      (report) => {
        report.failures[0]!.message = 'all good';
      },
    ],
    [
      'a removed failure',
      (report) => {
        report.failures.pop();
      },
    ],
    [
      'a changed cell outcome',
      (report) => {
        report.cells[0]!.outcome = 'failed';
      },
    ],
    [
      'a changed target',
      (report) => {
        report.target = 'https://kratos.example.org';
      },
    ],
    [
      'a changed seed',
      (report) => {
        report.seed += 1;
      },
    ],
    [
      'a changed environment',
      (report) => {
        report.environment.specSha256 = 'f'.repeat(64);
      },
    ],
    [
      'a requirement marked passed',
      (report) => {
        report.requirements[0]!.cells[0]!.outcome = 'passed';
      },
    ],
    [
      'a failure marked as accepted by a baseline',
      (report) => {
        report.failures[0]!.baselined = { comment: 'fine' };
      },
    ],
    [
      'a removed certificate',
      (report) => {
        delete report.certificate;
      },
    ],
    [
      'a forged certificate',
      (report) => {
        report.certificate = { algorithm: 'sha256', verdictSha256: '0'.repeat(64) };
      },
    ],
  ];
  for (const [what, alter] of alterations) {
    it(`detects ${what}`, () => {
      const report = sealedThroughJson(failingReport());
      alter(report);
      const result = verifyReport(report);
      expect(result.ok).to.equal(false);
      expect(result.message).not.to.equal('');
    });
  }

  it('refuses what is not a report object', () => {
    for (const value of [null, 42, 'report', [sealReport(passingReport())]]) expect(verifyReport(value).ok).to.equal(false);
  });
});
