/**
 * The conformance run: discover and provision the target, build one mocha test per property (and the model-based
 * run), run them in-process with a silent reporter, and turn what the checks saw into a Report.
 */
import os from 'node:os';
import Mocha from 'mocha';
import type { ProgressListener, Report } from '../reporters/report.js';
import { loadValidator, type ResponseValidator } from '../spec/index.js';
import type { TlsOptions } from './client.js';
import type { CaseContext, PropertyResult } from './harness.js';
import { MODEL_RUN } from './model.js';
import { progressReporter } from './progress-reporter.js';
import { PROPERTIES, type PropertyDefinition } from './properties.js';
import { Recorder } from './recorder.js';
import { ProvisioningError } from './sessions.js';
import { toolIdentity } from './tool.js';
import { Coverage } from './coverage.js';
import { World, type RequiredAal } from './world.js';

export interface ConformanceOptions {
  /** Public base URL, no trailing slash. */
  target: string;
  /** Admin base URL (the mock serves /admin/* on its public port). */
  adminUrl: string;
  seed: number;
  /** fast-check path: replays one case of each selected property (with seed). */
  path?: string;
  /** Runs per property. */
  runs: number;
  /** Only run cases whose title matches. */
  grep?: RegExp;
  flowLifespanMs: number;
  privilegedMaxAgeMs: number;
  maxWaitMs: number;
  timeoutMs: number;
  /** Longest time spent shrinking one failing property; absent: no limit. */
  shrinkTimeMs?: number;
  showSecrets: boolean;
  onProgress?: ProgressListener;
  /** Ctrl-C: stop soon and return a partial report with interrupted: true. */
  signal?: AbortSignal;
  /** "Name: value" lines sent with every request to the public API and to the admin API. */
  headers?: readonly string[];
  adminHeaders?: readonly string[];
  tls?: TlsOptions;
  /** Pre-created test identities, used instead of creating identities through the admin API. */
  identities?: ReadonlyArray<{ identifier: string; password: string }>;
  /** The identity schema of the identities the suite creates (default "default"). */
  schemaId?: string;
  /** The target's selfservice.flows.settings.required_aal (default highest_available, as Kratos). */
  requiredAal?: RequiredAal;
  /** The target is the CLI's in-process mock: replay lines then leave out --target (the CLI starts a fresh one). */
  embeddedMock?: boolean;
}

export const SUITE_TITLE = 'kratos-settings-conformance';

function caseTest(definition: Pick<PropertyDefinition, 'title' | 'unavailable' | 'run'>, context: CaseContext, results: Map<string, PropertyResult>): Mocha.Test {
  return new Mocha.Test(definition.title, async function (this: Mocha.Context) {
    const reason = definition.unavailable(context);
    if (reason !== undefined) this.skip();
    const result = await definition.run(context);
    results.set(definition.title, result);
    if (result.failed) throw new Error(result.message ?? 'failed');
  });
}

function runMocha(mocha: Mocha, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    const onAbort = () => runner.abort();
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const startedAt = new Date().toISOString();
  const tool = toolIdentity();
  const recorder = new Recorder({ replayTarget: options.embeddedMock ? undefined : options.target, showSecrets: options.showSecrets });
  let validator: ResponseValidator | undefined;
  let error: string | undefined;
  const world = new World({ ...options, requiredAal: options.requiredAal ?? 'highest_available' });
  const coverage = new Coverage();

  try {
    validator = await loadValidator();
    await world.provision();
  } catch (caught) {
    if (options.signal?.aborted) error = 'the run was interrupted before the target was provisioned';
    else if (caught instanceof ProvisioningError) error = caught.message;
    else if (validator === undefined) error = `the OpenAPI document could not be loaded: ${(caught as Error).message}`;
    else error = `provisioning the target failed unexpectedly: ${(caught as Error).message}`;
  }

  if (error === undefined && validator !== undefined && !options.signal?.aborted) {
    for (const item of world.notApplicable) recorder.markNotApplicable(item.requirement, item.operationId, item.status, item.reason);
    const context: CaseContext = {
      world, recorder, validator, seed: options.seed, runs: options.runs, coverage,
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.shrinkTimeMs !== undefined ? { shrinkTimeMs: options.shrinkTimeMs } : {}),
    };
    const definitions = [...PROPERTIES, MODEL_RUN].filter((definition) => !options.grep || options.grep.test(definition.title));
    const results = new Map<string, PropertyResult>();
    const mocha = new Mocha({ timeout: 0, reporter: progressReporter(options.onProgress, definitions.length) });
    const suite = Mocha.Suite.create(mocha.suite, SUITE_TITLE);
    for (const definition of definitions) suite.addTest(caseTest(definition, context, results));
    await runMocha(mocha, options.signal);
    mocha.dispose();
    for (const [title, result] of results) {
      if (result.failed && result.recorded === false) recorder.recordCaseError(title, result.message ?? 'failed', { seed: options.seed, path: result.path ?? '', title });
    }
  }
  await world.cleanup().catch(() => undefined);

  const interrupted = options.signal?.aborted === true;
  const failures = recorder.failures;
  // An interrupted run proves nothing about the rest: without a failure it is 'error', not 'pass'.
  if (interrupted && error === undefined && failures.length === 0) error = 'the run was interrupted before it finished';
  const verdict = error !== undefined ? 'error' : failures.length > 0 ? 'fail' : 'pass';
  const report: Report = {
    tool,
    target: options.target,
    adminUrl: options.adminUrl,
    seed: options.seed,
    runs: options.runs,
    startedAt,
    finishedAt: new Date().toISOString(),
    verdict,
    ...(error !== undefined ? { error } : {}),
    ...(interrupted ? { interrupted: true } : {}),
    ...(world.notices.length > 0 ? { notices: world.notices } : {}),
    cells: recorder.buildCells(),
    failures,
    warnings: recorder.warnings,
    requirements: recorder.buildRequirements(),
    configuration: { flowLifespanMs: options.flowLifespanMs, privilegedMaxAgeMs: options.privilegedMaxAgeMs, requiredAal: world.options.requiredAal },
    coverage: coverage.list(),
    environment: { node: process.version, os: `${os.platform()} ${os.release()} ${os.arch()}`, specSha256: validator?.specSha256 ?? '' },
  };
  return options.showSecrets ? report : world.secrets.redactDeep(report);
}
