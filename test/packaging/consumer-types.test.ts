/**
 * A TypeScript project that depends on the package type-checks under the strictest settings, its declarations
 * included (skipLibCheck off): the package ships its .d.ts and every type package they need.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { installedPackage, plainEnvironment, REPOSITORY } from './install.js';

const run = promisify(execFile);
const TSC = join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    verbatimModuleSyntax: true,
    types: ['node'],
  },
  include: ['*.ts'],
};

/** Uses each entry point's types; `@ts-expect-error` lines prove the types are real, not `any`. */
const CONSUMER = `
import { diffReports, renderJunit, runConformance, verifyReport, type Report, type RunOptions } from 'kratos-settings-conformance';
import { startMock, type RunningMock, type StartMockOptions } from 'kratos-settings-conformance/mock';
import { renderSummary } from 'kratos-settings-conformance/reporters';

const mockOptions: StartMockOptions = { config: { flow_lifespan: '10m', methods: { passkey: { enabled: false } } }, faults: [] };
const mock: RunningMock = await startMock(mockOptions);
const user = await mock.createIdentity({ traits: { email: 'ada@example.test' } });
const token: string = (await mock.login(user)).token;
mock.advanceClock('11m');
mock.advanceClock(1_000);

const options: RunOptions = { target: mock.url, adminUrl: mock.adminUrl, flowLifespan: '10m', grep: /^SF-GET:/, runs: 5 };
const report: Report = await runConformance(options);
const verdict: 'pass' | 'fail' | 'error' | 'incomplete' = report.verdict;
const intact: boolean = verifyReport(report).ok;
const regressed: boolean = diffReports(report, report).regressed;
const xml: string = renderJunit(report);
const summary: string = renderSummary(report, { color: false, width: 80 });
await mock.stop();
console.log(token, verdict, intact, regressed, xml.length, summary.length);

// @ts-expect-error runs is a number
await runConformance({ runs: 'many' });
// @ts-expect-error the mock's configuration keys are checked
await startMock({ config: { flow_lifespan_typo: '1h' } });
// @ts-expect-error a report's verdict is one of three words
report.verdict = 'maybe';
`;

describe('packaging: a strict TypeScript project importing the package', function () {
  this.timeout(120_000);

  it('type-checks with skipLibCheck off, and misuse of the API is a type error', async () => {
    const pack = await installedPackage();
    const project = join(pack.consumer, 'typescript-consumer');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    await writeFile(join(project, 'index.ts'), CONSUMER);
    const result = await run(process.execPath, [TSC, '-p', project], { cwd: project, env: plainEnvironment() }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    // A failure in node_modules/@hapi/hapi (joi's types are missing) means a public declaration reaches hapi's: the
    // configuration's types live in hapi-free modules (mock/*-config.ts) for that reason.
    expect(result.output).to.equal('');
    expect(result.code).to.equal(0);
  });
});
