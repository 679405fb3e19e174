import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { sealReport } from '../../reporters/index.js';
import type { Report } from '../../reporters/report.js';
import { failingReport } from './fixtures/failing-report.js';
import { passingReport } from './fixtures/passing-report.js';
import { temporaryDirectory } from './support.js';

const BIN = resolve(import.meta.dirname, '../../bin/kratos-settings-conformance.js');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function reportFile(name: string, content: Report | string): Promise<string> {
  const file = join(await temporaryDirectory('cli'), name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'utf8');
  return file;
}

describe('CLI diff and verify', function () {
  this.timeout(60_000);

  describe('diff', () => {
    it('exits 1 and lists the new failures when the newer run regressed', async () => {
      const result = cli(
        'diff',
        await reportFile('old.json', sealReport(passingReport())),
        await reportFile('new.json', sealReport(failingReport())),
      );
      expect(result.status, result.stderr).to.equal(1);
      expect(result.stdout).to.include('New failures').and.include('getSettingsFlow 410');
    });

    it('exits 0 when the newer run fixed failures', async () => {
      const result = cli(
        'diff',
        await reportFile('old.json', sealReport(failingReport())),
        await reportFile('new.json', sealReport(passingReport())),
      );
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.include('Fixed');
    });

    it('exits 2 with a clear message for a missing or invalid file', async () => {
      const good = await reportFile('good.json', sealReport(passingReport()));
      const missing = cli('diff', good, join(await temporaryDirectory('cli'), 'nope.json'));
      expect(missing.status).to.equal(2);
      expect(missing.stderr).to.match(/cannot read .*nope\.json/);
      const notJson = cli('diff', await reportFile('bad.json', '{ not json'), good);
      expect(notJson.status).to.equal(2);
      expect(notJson.stderr).to.match(/bad\.json is not valid JSON/);
      const notReport = cli('diff', good, await reportFile('other.json', '{"name": "something else"}'));
      expect(notReport.status).to.equal(2);
      expect(notReport.stderr).to.match(/other\.json is not a kratos-settings-conformance report\.json/);
    });

    it('exits 2 when given the wrong number of files', () => {
      expect(cli('diff', 'only-one.json').status).to.equal(2);
    });
  });

  describe('verify', () => {
    it('exits 0 for an untouched report', async () => {
      const result = cli('verify', await reportFile('report.json', sealReport(failingReport())));
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.include('intact');
    });

    it('exits 1 for a report whose verdict was changed', async () => {
      const altered = sealReport(failingReport());
      altered.verdict = 'pass';
      const result = cli('verify', await reportFile('report.json', altered));
      expect(result.status).to.equal(1);
      expect(result.stderr).to.include('ALTERED');
    });

    it('exits 1 for a report that was never sealed', async () => {
      expect(cli('verify', await reportFile('report.json', failingReport())).status).to.equal(1);
    });

    it('exits 2 for an unreadable report', async () => {
      const missing = cli('verify', join(await temporaryDirectory('cli'), 'absent.json'));
      expect(missing.status).to.equal(2);
      expect(missing.stderr).to.match(/cannot read .*absent\.json/);
      const truncated = cli('verify', await reportFile('truncated.json', JSON.stringify(sealReport(failingReport())).slice(0, 100)));
      expect(truncated.status).to.equal(2);
      expect(truncated.stderr).to.include('not valid JSON');
      expect(cli('verify', await reportFile('list.json', '[]')).status).to.equal(2);
    });
  });
});
