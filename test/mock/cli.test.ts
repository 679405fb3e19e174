import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = 'bin/kratos-settings-conformance.js';

function run(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('mock: the CLI (kratos-settings-conformance mock)', function () {
  this.timeout(30_000);

  it('--port 0 prints the real URL, the localhost public URL, a demo identity and the OIDC provider, serves over HTTP, and stops cleanly on SIGTERM', async () => {
    const mock = run(['mock', '--port', '0']);
    try {
      await waitFor(() => /demo identity: /.test(mock.output()), 20_000);
      const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(mock.output());
      expect(url, mock.output()).to.not.equal(null);
      expect(Number(url![2])).to.be.greaterThan(0);
      const ready = await fetch(`${url![1]}/health/ready`);
      expect(ready.status).to.equal(200);
      expect(await ready.json()).to.deep.equal({ status: 'ok' });

      const [, email, password] = /demo identity: (\S+) \/ (\S+)/.exec(mock.output()) ?? [];
      const flow = (await (await fetch(`${url![1]}/self-service/login/api`)).json()) as { id: string };
      const login = await fetch(`${url![1]}/self-service/login?flow=${flow.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'password', identifier: email, password }),
      });
      expect(login.status).to.equal(200);
      // WebAuthn needs a host name, not an IP, as relying party id; the fake provider is another origin.
      expect(mock.output()).to.include(`public URL: http://localhost:${url![2]}`);
      expect(mock.output()).to.include(`settings UI: http://localhost:${url![2]}/ui/settings`);
      const provider = /fake OIDC provider: (http:\/\/localhost:(\d+))/.exec(mock.output());
      expect(provider, mock.output()).to.not.equal(null);
      expect(provider![2]).not.to.equal(url![2]);
    } finally {
      mock.child.kill('SIGTERM');
    }
    expect(await mock.exit).to.equal(0);
  });

  it('a bad config exits 2 naming the bad key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'methods:\n  pasword: {}\n');
    const mock = run(['mock', '--port', '0', '--config', file]);
    expect(await mock.exit).to.equal(2);
    expect(mock.output()).to.include('"methods.pasword"');
  });
});
