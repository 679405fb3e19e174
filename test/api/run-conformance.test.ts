/** `runConformance` from 'kratos-settings-conformance': the run command's options and defaults, the sealed report. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runConformance, verifyReport } from '../../api/index.js';

describe('api: runConformance', function () {
  this.timeout(120_000);
  let directory: string;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ksc-api-'));
  });

  after(() => rm(directory, { recursive: true, force: true }));

  it('refuses a replay path without the seed and the property it belongs to', async () => {
    for (const options of [{ path: '1:2' }, { path: '1:2', seed: 7 }, { path: '1:2', grep: '^SF-GET:' }]) {
      let error: unknown;
      try {
        await runConformance(options);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(options))
        .to.be.instanceOf(TypeError)
        .with.property('message')
        .that.matches(/seed and grep/);
    }
  });

  it('refuses a duration it cannot read, naming the option', async () => {
    let error: unknown;
    try {
      await runConformance({ maxWait: 'a while' });
    } catch (caught) {
      error = caught;
    }
    expect(error)
      .to.be.instanceOf(RangeError)
      .with.property('message')
      .that.matches(/^maxWait: "a while" is not a duration/);
  });

  it('without a target tests an in-process mock and resolves to a sealed report; reportDir and writeBaseline write files', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    const reportDir = join(directory, 'report');
    const baseline = join(directory, 'baseline.json');
    const report = await runConformance({ grep: '^SF-GET:', runs: 2, seed: 11, maxWait: '5s', reportDir, writeBaseline: baseline });
    expect(report.verdict, JSON.stringify(report.failures)).to.equal('pass');
    expect(report.seed).to.equal(11);
    expect(report.runs).to.equal(2);
    expect(report.tool).to.deep.equal({ name: manifest.name, version: manifest.version });
    expect(verifyReport(report).ok).to.equal(true);
    for (const file of ['report.json', 'junit.xml', 'report.html']) expect(existsSync(join(reportDir, file)), file).to.equal(true);
    const written = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as unknown;
    expect(verifyReport(written).ok).to.equal(true);
    expect(JSON.parse(await readFile(baseline, 'utf8')))
      .to.have.property('entries')
      .that.deep.equals([]);
  });
});
