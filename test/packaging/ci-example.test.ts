/**
 * docs/ci-example.md works as written: its "Install the conformance suite" and "Run the conformance suite" steps run
 * in bash, with the job's environment, installing the packed tarball (the documented alternative to the Git URL) and
 * testing the reference mock started with the lifespans the run step states.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { installedPackage, plainEnvironment, REPOSITORY, type InstalledPackage } from './install.js';
import { startCli, type RunningCli } from './support.js';

const run = promisify(execFile);

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string | number>;
}

interface Workflow {
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

async function documentedJob() {
  const markdown = await readFile(join(REPOSITORY, 'docs', 'ci-example.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(markdown);
  if (!block) throw new Error('docs/ci-example.md has no yaml block');
  const workflow = parseYaml(block[1]!) as Workflow;
  const job = Object.values(workflow.jobs)[0]!;
  const step = (name: string) => {
    const found = job.steps.find((candidate) => candidate.name === name);
    if (!found?.run) throw new Error(`docs/ci-example.md has no "${name}" step with a run script`);
    return found;
  };
  return { env: job.env ?? {}, install: step('Install the conformance suite'), conformance: step('Run the conformance suite') };
}

function stringValues(values: Record<string, string | number> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}

function flag(script: string, name: string): string {
  const match = new RegExp(`--${name}\\s+(\\S+)`).exec(script);
  if (!match) throw new Error(`the run step has no --${name}`);
  return match[1]!;
}

describe('packaging: docs/ci-example.md, its install and run steps', function () {
  this.timeout(240_000);
  let pack: InstalledPackage;
  let mock: RunningCli | undefined;

  before(async () => {
    pack = await installedPackage();
  });

  after(() => mock?.stop());

  it('installs the suite, tests the server, exits 0 and leaves report.json, junit.xml and report.html', async () => {
    const job = await documentedJob();
    expect(job.env['SUITE'], 'SUITE installs from the Git repository until the package is published').to.match(/^github:/);
    const server = join(pack.workspace, 'server-repository');
    const runnerTemp = join(pack.workspace, 'runner-temp');
    await mkdir(join(server, 'ci'), { recursive: true });
    await mkdir(runnerTemp, { recursive: true });
    await writeFile(join(server, 'ci', 'conformance-baseline.json'), JSON.stringify({ entries: [] }));

    const script = job.conformance.run!;
    mock = startCli(
      join(pack.installed, 'dist', 'bin', 'main.js'),
      ['mock', '--port', '0', '--flow-lifespan', flag(script, 'flow-lifespan'), '--privileged-max-age', flag(script, 'privileged-max-age')],
      { cwd: server },
    );
    const mockUrl = (await mock.waitFor(/listening on (http:\/\/\S+)/, 30_000))[1]!;

    const env = plainEnvironment({
      ...job.env,
      SUITE: pack.tarball,
      PUBLIC_URL: mockUrl,
      ADMIN_URL: mockUrl,
      RUNNER_TEMP: runnerTemp,
      npm_config_prefer_offline: 'true',
    });
    await run('bash', ['-euo', 'pipefail', '-c', job.install.run!], { cwd: server, env: { ...env, ...stringValues(job.install.env) } });
    const conformance = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: server,
      env: { ...env, ...stringValues(job.conformance.env) },
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}\n${error.stderr}` }),
    );
    expect(conformance.code, conformance.output).to.equal(0);
    for (const file of ['report.json', 'junit.xml', 'report.html']) {
      expect(existsSync(join(server, 'conformance-report', file)), file).to.equal(true);
    }
    const report = JSON.parse(await readFile(join(server, 'conformance-report', 'report.json'), 'utf8')) as {
      seed: number;
      verdict: string;
    };
    expect(report.verdict).to.equal('pass');
    expect(report.seed).to.equal(Number(job.conformance.env?.['CONFORMANCE_SEED']));
  });
});
