/**
 * The README's programmatic examples (examples/) run as a user's project would run them: copied into the clean
 * project that installed the tarball, under plain `node`: a mocha test and a node:test test that start the mock
 * in-process, and a script that certifies a running server and writes JUnit.
 */
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { installedPackage, node, REPOSITORY, type InstalledPackage } from './install.js';
import { startCli, type RunningCli } from './support.js';

describe('packaging: the programmatic API examples, installed from the tarball', function () {
  this.timeout(180_000);
  let pack: InstalledPackage;

  before(async () => {
    pack = await installedPackage();
    await cp(join(REPOSITORY, 'examples'), join(pack.consumer, 'examples'), { recursive: true });
  });

  it('a mocha test of a front end against startMock() passes', async () => {
    const result = await node([join(pack.consumer, 'node_modules', 'mocha', 'bin', 'mocha.js'), 'examples/mocha/'], pack.consumer);
    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.match(/2 passing/);
  });

  it('a node:test test of a front end against startMock() passes', async () => {
    const result = await node(['--test', 'examples/node-test/'], pack.consumer);
    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.match(/^# pass 2$/m);
    expect(result.output).to.match(/^# fail 0$/m);
  });

  describe('certifying a server', () => {
    let mock: RunningCli;
    let mockUrl: string;

    before(async () => {
      mock = startCli(
        join(pack.installed, 'dist', 'bin', 'main.js'),
        ['mock', '--port', '0', '--flow-lifespan', '2s', '--privileged-max-age', '2s'],
        {
          cwd: pack.consumer,
          env: { NODE_OPTIONS: '' },
        },
      );
      mockUrl = (await mock.waitFor(/listening on (http:\/\/\S+)/, 30_000))[1]!;
    });

    after(() => mock.stop());

    it('examples/certify.js gives the verdict as its exit code and writes junit.xml', async () => {
      const result = await node(['examples/certify.js', mockUrl], pack.consumer, {
        FLOW_LIFESPAN: '2s',
        PRIVILEGED_MAX_AGE: '2s',
        RUNS: '3',
      });
      expect(result.code, result.output).to.equal(0);
      expect(result.output).to.include(`${mockUrl}: pass`);
      const junit = new XMLParser({ ignoreAttributes: false }).parse(
        await readFile(join(pack.consumer, 'conformance-report', 'junit.xml'), 'utf8'),
      ) as { testsuites: { '@_tests': string; '@_failures': string } };
      expect(Number(junit.testsuites['@_tests'])).to.be.greaterThan(21);
      expect(junit.testsuites['@_failures']).to.equal('0');
    });

    it('examples/certify.js without a target exits 2 with its usage', async () => {
      const result = await node(['examples/certify.js'], pack.consumer);
      expect(result.code).to.equal(2);
      expect(result.output).to.include('usage:');
    });
  });
});
