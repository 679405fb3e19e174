/** The options a replay line carries, and the sentence printed with it when it relies on what it does not print. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { replayArguments, type ReplayOptions } from '../../suites/replay-line.js';

const BASE: ReplayOptions = {
  target: 'https://auth.example.org',
  adminUrl: 'https://auth.example.org',
  runs: 3,
  flowLifespanMs: 2000,
  privilegedMaxAgeMs: 2000,
  maxWaitMs: 15000,
  timeoutMs: 10000,
  retries: 2,
  defaultRetries: 2,
  defaultConcurrency: 4,
  showSecrets: false,
};

describe('replay line options', () => {
  it('carries the options that are no secret as they are: --ca-file, --insecure, --schema-id, --required-aal, --retries and --concurrency when not the defaults', () => {
    const { arguments: args, note } = replayArguments({
      ...BASE,
      caFile: '/etc/ssl/our ca.pem',
      insecure: true,
      schemaId: 'customer',
      requiredAal: 'aal1',
      retries: 0,
      concurrency: 1,
    });
    expect(args).to.include.members([
      "--ca-file '/etc/ssl/our ca.pem'",
      '--insecure',
      "--schema-id 'customer'",
      '--required-aal aal1',
      '--retries 0',
      '--concurrency 1',
    ]);
    expect(note).to.equal(undefined);
    expect(replayArguments(BASE).arguments.join(' ')).not.to.match(/--retries|--concurrency|--insecure|--ca-file/);
  });

  it('shows secrets given on the command line as [Filtered] and says which options to give again', () => {
    const { arguments: args, note } = replayArguments({
      ...BASE,
      headers: ['X-Gateway-Key: gw-secret'],
      adminHeaders: ['Authorization: Bearer admin-secret'],
      identities: [{ identifier: 'alice@example.org', password: 'alice-pw' }],
    });
    const line = args.join(' ');
    expect(line)
      .to.include("--header 'X-Gateway-Key: [Filtered]'")
      .and.include("--admin-header 'Authorization: [Filtered]'")
      .and.include("--identity 'alice@example.org:[Filtered]'");
    expect(line).not.to.match(/gw-secret|admin-secret|alice-pw/);
    expect(note).to.equal('Give --header, --admin-header, --identity again with the values shown as [Filtered].');
  });

  it('with --show-secrets prints them, so the line runs as it is', () => {
    const { arguments: args, note } = replayArguments({ ...BASE, showSecrets: true, headers: ['X-Gateway-Key: gw-secret'] });
    expect(args).to.include("--header 'X-Gateway-Key: gw-secret'");
    expect(note).to.equal(undefined);
  });

  it('relies on the environment variables and the configuration file the secrets came from, and carries identity files by path', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ksc-replay-'));
    try {
      const file = path.join(directory, 'identities.txt');
      writeFileSync(file, 'alice@example.org:alice-pw\n');
      const { arguments: args, note } = replayArguments({
        ...BASE,
        headers: ['X-Gateway-Key: gw-secret'],
        adminHeaders: ['Authorization: Bearer admin-secret'],
        identities: [{ identifier: 'alice@example.org', password: 'alice-pw' }],
        sources: {
          header: 'environment',
          'admin-header': 'file',
          identity: 'flag',
          identityValues: [file],
          configFile: '/work/kratos-settings-conformance.config.yaml',
        },
      });
      const line = args.join(' ');
      expect(line).not.to.match(/--header|--admin-header|secret|alice-pw/);
      expect(line).to.include(`--identity '${file}'`);
      expect(note).to.equal('Run it with CONFORMANCE_HEADER set and next to kratos-settings-conformance.config.yaml as for this run.');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('names a target or admin URL whose password is redacted as one to give again', () => {
    const { note } = replayArguments({ ...BASE, adminUrl: 'https://ci:userinfo-secret@admin.example.org' });
    expect(note).to.equal('Give --admin-url again with the value shown as [Filtered].');
  });
});
