import { expect } from 'chai';
import { runCli } from '../support/cli.js';

describe('CLI process (exit codes of README.md)', () => {
  it('exits 2 naming the option for an unknown option', async () => {
    const result = await runCli(['run', '--no-such-option']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/Unknown option '--no-such-option'/);
  });

  it('exits 2 for a bad duration on mock', async () => {
    const result = await runCli(['mock', '--flow-lifespan', 'soon']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('--flow-lifespan: "soon" is not a duration');
  });

  it('exits 2 for an unknown command and shows the commands', async () => {
    const result = await runCli(['certify']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('unknown command "certify"');
    expect(result.stderr).to.contain('verify');
  });

  it('prints help for a command and exits 0', async () => {
    const result = await runCli(['run', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.contain('--write-baseline FILE');
  });

  it('requires --seed with --path', async () => {
    const result = await runCli(['run', '--path', '0:1']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('give --seed too');
  });

  it('requires --grep with --path, since a path is a case of one property', async () => {
    const result = await runCli(['run', '--seed', '1', '--path', '0:1']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('give --grep too');
  });

  it('rejects a --required-aal Kratos does not have', async () => {
    const result = await runCli(['run', '--required-aal', 'aal3']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('--required-aal takes highest_available or aal1, got "aal3"');
  });

  it('rejects a CONFORMANCE_SEED that is not a number', async () => {
    const result = await runCli(['run'], { env: { CONFORMANCE_SEED: 'twelve' } });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('CONFORMANCE_SEED must be a whole number');
  });
});
