import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { REPORT_JSON_SCHEMA, sealReport, writeReports } from '../../reporters/index.js';
import type { Report } from '../../reporters/report.js';
import { compileJsonSchema } from '../../spec/index.js';
import { errorReport } from './fixtures/error-report.js';
import { failingReport } from './fixtures/failing-report.js';
import { passingReport } from './fixtures/passing-report.js';
import { temporaryDirectory } from './support.js';

describe('report.json', () => {
  // The project's one schema compiler (spec/) checks the reporters' schema too.
  const violationsOf = compileJsonSchema(REPORT_JSON_SCHEMA);

  for (const [name, build] of [
    ['passing', passingReport],
    ['failing', failingReport],
    ['error', errorReport],
  ] as const) {
    it(`validates the written ${name} report against the JSON Schema`, async () => {
      const dir = join(await temporaryDirectory('json'), 'nested', 'reports');
      const paths = await writeReports(sealReport(build()), dir);
      expect(paths).to.deep.equal([join(dir, 'report.json'), join(dir, 'junit.xml'), join(dir, 'report.html')]);
      const written: unknown = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
      expect(violationsOf(written)).to.deep.equal([]);
    });
  }

  it('carries the fields report.json promises', async () => {
    const dir = await temporaryDirectory('json');
    await writeReports(failingReport(), dir);
    const written = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['tool', 'target', 'seed', 'startedAt', 'finishedAt', 'verdict', 'cells', 'failures']) {
      expect(written, field).to.have.property(field);
    }
    const failure = (written.failures as Array<Record<string, unknown>>)[0]!;
    expect(failure).to.include.keys('requirement', 'check', 'operationId', 'status', 'message', 'reproduce');
    expect(failure.reproduce).to.include.keys('curl', 'seed', 'path');
  });

  const broken: Array<[string, (report: Record<string, unknown>) => void]> = [
    [
      'an unknown verdict',
      (report) => {
        report.verdict = 'maybe';
      },
    ],
    [
      'no cells',
      (report) => {
        delete report.cells;
      },
    ],
    [
      'a not_applicable cell without a reason',
      (report) => {
        delete (report.cells as Array<Record<string, unknown>>)[20]!.reason;
      },
    ],
    [
      'a failure without its reproduce line',
      (report) => {
        delete (report.failures as Array<Record<string, unknown>>)[0]!.reproduce;
      },
    ],
    [
      'an error verdict without the error',
      (report) => {
        report.verdict = 'error';
      },
    ],
    [
      'a certificate that is not a sha256',
      (report) => {
        report.certificate = { algorithm: 'sha256', verdictSha256: 'abc' };
      },
    ],
    [
      'a status given as text',
      (report) => {
        (report.cells as Array<Record<string, unknown>>)[0]!.status = '200';
      },
    ],
  ];
  for (const [what, breakIt] of broken) {
    it(`rejects a report with ${what}`, () => {
      const report = JSON.parse(JSON.stringify(sealReport(failingReport()))) as Record<string, unknown>;
      expect(violationsOf(report), 'the unbroken report is valid').to.deep.equal([]);
      breakIt(report);
      expect(violationsOf(report)).to.not.deep.equal([]);
    });
  }

  it('keeps a Report exactly through report.json', async () => {
    const dir = await temporaryDirectory('json');
    const report: Report = sealReport(failingReport());
    await writeReports(report, dir);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).to.deep.equal(report);
  });
});
