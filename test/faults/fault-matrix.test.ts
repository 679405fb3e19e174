/**
 * The suite's power, measured: over real HTTP through the CLI, the suite passes the clean mock and fails (exit 1)
 * against every named fault, naming a requirement the fault declares it breaks.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { FAULTS } from '../../mock/faults/index.js';
import { VARIANTS } from '../../mock/variants/index.js';
import { REQUIREMENTS_BY_ID } from '../../suites/requirements.js';
import { RUN_ARGS, mapConcurrently, runPair, type PairResult, type ReportSummary } from './cli-matrix.js';

/** The pair that runs the AAL-less fault with --required-aal aal1 declared. */
const DECLARED_AAL1 = 'declared --required-aal aal1';

/** Each pair is two processes that mostly wait on the 1 s lifespans: four pairs keep two cores busy. */
const CONCURRENCY = 4;

function describeFailures(result: PairResult): string {
  const failures = result.report?.failures ?? [];
  if (failures.length === 0) return result.output.slice(-1500);
  return failures
    .slice(0, 5)
    .map((failure) => `${failure.requirement} ${failure.check}: ${failure.message}`)
    .join('\n');
}

/** The measured table for docs/fault-matrix.md: written when FAULT_MATRIX_TABLE names a file. */
function matrixTable(clean: PairResult, results: ReadonlyMap<string, PairResult>, seconds: number): string {
  const rows = [...FAULTS.values()].map((fault) => {
    const result = results.get(fault.name);
    const named = [...new Set(result?.report?.failures.map((failure) => failure.requirement))].sort();
    const caught = result?.exitCode === 1 && fault.breaks.some((requirement) => named.includes(requirement));
    return { fault, named, caught, exitCode: result?.exitCode };
  });
  const killed = rows.filter((row) => row.caught).length;
  const lines = [
    '# Fault matrix',
    '',
    `Measured by \`test/faults/fault-matrix.test.ts\`: the CLI mock with one fault, the CLI suite against it (\`run ${RUN_ARGS.join(' ')}\`), over HTTP.`,
    'A fault is caught when the run exits 1 and its failures name a requirement the fault declares it breaks.',
    `Regenerate: \`FAULT_MATRIX_TABLE=docs/fault-matrix.md npx mocha test/faults/fault-matrix.test.ts\` (${Math.round(seconds)} s for this table).`,
    '',
    `**Kill rate: ${killed}/${rows.length} (${Math.round((100 * killed) / rows.length)} %).** Clean mock: exit ${String(clean.exitCode)}, ${clean.report?.cells.filter((cell) => cell.outcome === 'passed').length ?? 0}/21 cells passed.`,
    '',
    '| Fault | What the server does wrong | Declared to break | Failures named | Caught |',
    '|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| \`${row.fault.name}\` | ${row.fault.description.replace(/\|/g, '\\|')} | ${row.fault.breaks.join(', ')} | ${row.named.join(', ') || `(none; exit ${String(row.exitCode)})`} | ${row.caught ? 'yes' : '**no**'} |`,
    ),
    '',
    '## Valid variants the suite must pass',
    '',
    'Switched on with `mock --variant NAME` (repeatable) or `init({ variants })`; `test/faults/tolerance.test.ts` runs the suite against each the same way and asserts exit 0 with no failed cell.',
    '',
    '| Variant | What differs from this mock | Why a conforming server may do it |',
    '|---|---|---|',
    ...[...VARIANTS.values()].map((variant) => `| \`${variant.name}\` | ${variant.description} | ${variant.allowedBy} |`),
    '',
  ];
  return lines.join('\n');
}

describe('fault matrix: the suite against the CLI mock with each named fault', function () {
  this.timeout(900_000);
  const faults = [...FAULTS.values()];
  let clean: PairResult;
  let declaredAal1: PairResult;
  const results = new Map<string, PairResult>();

  before(async () => {
    const started = Date.now();
    const names = ['', DECLARED_AAL1, ...faults.map((fault) => fault.name)];
    const outcomes = await mapConcurrently(names, CONCURRENCY, (name) => {
      if (name === DECLARED_AAL1) return runPair(['--fault', 'aal2-never-required'], [...RUN_ARGS, '--required-aal', 'aal1']);
      return runPair(name === '' ? [] : ['--fault', name]);
    });
    [clean, declaredAal1] = outcomes as [PairResult, PairResult];
    names.forEach((name, index) => {
      const outcome = outcomes[index];
      if (name !== '' && name !== DECLARED_AAL1 && outcome) results.set(name, outcome);
    });
    const table = process.env['FAULT_MATRIX_TABLE'];
    if (table) writeFileSync(table, matrixTable(clean, results, (Date.now() - started) / 1000));
  });

  it('has at least 30 faults, each declaring requirements that exist', () => {
    expect(faults.length).to.be.at.least(30);
    for (const fault of faults) {
      expect(fault.breaks, fault.name).to.not.be.empty;
      for (const requirement of fault.breaks)
        expect(REQUIREMENTS_BY_ID.has(requirement), `${fault.name} breaks unknown ${requirement}`).to.equal(true);
    }
  });

  it('passes the clean mock with every one of the 21 cells passed', () => {
    expect(clean.exitCode, describeFailures(clean)).to.equal(0);
    expect(clean.report?.verdict).to.equal('pass');
    expect(clean.report?.cells).to.have.length(21);
    expect(
      clean.report?.cells.filter((cell) => cell.outcome !== 'passed'),
      'cells not passed',
    ).to.deep.equal([]);
  });

  it('lists the combinations it exercised, every submit method among them, whatever --runs is', () => {
    const coverage = (clean.report as { coverage?: Array<{ combination: string; cases: number }> } | undefined)?.coverage ?? [];
    for (const method of ['profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey', 'oidc', 'unknown']) {
      for (const situation of ['valid', 'invalid', 'CSRF wrong', 'CSRF missing']) {
        expect(
          coverage.some(
            (entry) => entry.combination.startsWith(`submit · ${method} · `) && entry.combination.includes(` · ${situation} · `),
          ),
          `${method} ${situation}`,
        ).to.equal(true);
      }
    }
  });

  it('takes the AAL the target is declared to require: a server asking no AAL2 passes with --required-aal aal1', () => {
    expect(declaredAal1.exitCode, describeFailures(declaredAal1)).to.equal(0);
    const report = declaredAal1.report as (ReportSummary & { configuration?: { requiredAal?: string } }) | undefined;
    expect(report?.configuration?.requiredAal).to.equal('aal1');
    expect(
      report?.cells.filter((cell) => cell.outcome === 'not_applicable').map((cell) => `${cell.operationId} ${cell.status}`),
    ).to.include('createNativeSettingsFlow 403');
  });

  for (const fault of FAULTS.values()) {
    it(`fails against ${fault.name}, naming ${fault.breaks.join(' or ')}`, () => {
      const result = results.get(fault.name);
      expect(result, 'no result').to.not.equal(undefined);
      expect(result?.exitCode, `exit code; failures:\n${describeFailures(result!)}`).to.equal(1);
      const named = new Set(result?.report?.failures.map((failure) => failure.requirement));
      expect(
        fault.breaks.some((requirement) => named.has(requirement)),
        `failures name ${[...named].join(', ')}:\n${describeFailures(result!)}`,
      ).to.equal(true);
    });
  }
});
