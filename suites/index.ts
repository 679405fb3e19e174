/**
 * The conformance run: discover and provision the target, build one mocha test per property (and the model-based
 * run), run them in-process with a silent reporter, and turn what the checks saw into a Report.
 */
import os from 'node:os';
import Mocha from 'mocha';
import type { ProgressListener, Report, RunOptions } from '../reporters/report.js';
import { deriveVerdict } from '../reporters/verdict.js';
import { loadValidator, type ResponseValidator } from '../spec/index.js';
import type { TlsOptions } from './client.js';
import { evaluateAnswer, type CaseContext } from './harness.js';
import { Lanes } from './lanes.js';
import { MODEL_RUN } from './model/index.js';
import { progressReporter } from './progress-reporter.js';
import { PROPERTIES, type PropertyDefinition } from './properties/index.js';
import { Recorder } from './recorder.js';
import { replayArguments, type OptionSources } from './replay-line.js';
import { ProvisioningError } from './sessions.js';
import { toolIdentity } from './tool.js';
import { Coverage } from './coverage.js';
import { Provisioner } from './provisioner.js';
import { provision } from './provisioning.js';
import type { RequiredAal, TargetFacts } from './target-facts.js';

export interface ConformanceOptions {
  /** Public base URL, no trailing slash. */
  target: string;
  /** Admin base URL (the mock serves /admin/* on its public port). */
  adminUrl: string;
  seed: number;
  /** fast-check path: replays one case of each selected property (with seed). */
  path?: string;
  /** With path: a model run's command choices, as its replay line gives them. */
  replayPath?: string;
  /** Retries of an idempotent request that got no answer (default 2). */
  retries?: number;
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
  /** Runs of the cases in flight at once (default DEFAULT_CONCURRENCY); 1 runs everything one after another. */
  concurrency?: number;
  /** Pre-created test identities, used instead of creating identities through the admin API. */
  identities?: ReadonlyArray<{ identifier: string; password: string }>;
  /** The identity schema of the identities the suite creates (default "default"). */
  schemaId?: string;
  /** The target's selfservice.flows.settings.required_aal (default highest_available, as Kratos). */
  requiredAal?: RequiredAal;
  /** The target is the CLI's in-process mock: replay lines then leave out --target (the CLI starts a fresh one). */
  embeddedMock?: boolean;
  /** The --ca-file path (tls holds its certificates): replay lines carry it. */
  caFile?: string;
  /** Where the CLI found the secret-bearing options, so replay lines say how to give them again. */
  optionSources?: OptionSources;
}

export const SUITE_TITLE = 'kratos-settings-conformance';
/** Runs in flight at once by default: enough to hide network latency, few enough for a small test instance. */
export const DEFAULT_CONCURRENCY = 4;

export const DEFAULT_RETRIES = 2;

function runOptionsOf(options: ConformanceOptions, retries: number): RunOptions {
  return {
    grep: options.grep?.source ?? null,
    runs: options.runs,
    flowLifespanMs: options.flowLifespanMs,
    privilegedMaxAgeMs: options.privilegedMaxAgeMs,
    maxWaitMs: options.maxWaitMs,
    timeoutMs: options.timeoutMs,
    retries,
    ...(options.shrinkTimeMs !== undefined ? { shrinkTimeMs: options.shrinkTimeMs } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.replayPath !== undefined ? { replayPath: options.replayPath } : {}),
  };
}

/**
 * One mocha test per case. With one lane the cases run one after another. With more, they all start together and
 * each run of a property's body waits for a lane (the runs share no state a run changes: each submit works on
 * identities of its own), and each test waits for its own result, so over a slow network the run takes about as long
 * as its requests divided among the lanes, not their sum.
 */
function caseTests(
  definitions: ReadonlyArray<Pick<PropertyDefinition, 'title' | 'unavailable' | 'run'>>,
  context: CaseContext,
): Mocha.Test[] {
  let previous: Promise<unknown> = Promise.resolve();
  const outcomes = definitions.map((definition) => {
    const start = () => (definition.unavailable(context) !== undefined ? Promise.resolve(undefined) : definition.run(context));
    const sideBySide = (context.lanes?.capacity ?? 1) > 1;
    const outcome = sideBySide ? start() : previous.then(start, start);
    previous = outcome;
    // Awaited by its test; a rejection must not go unhandled while an earlier test still runs.
    outcome.catch(() => undefined);
    return outcome;
  });
  return definitions.map(
    (definition, index) =>
      new Mocha.Test(definition.title, async function (this: Mocha.Context) {
        const result = await outcomes[index];
        if (result === undefined) this.skip();
        if (result.failed) throw new Error(result.message ?? 'failed');
      }),
  );
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
  const retries = options.retries ?? DEFAULT_RETRIES;
  const partial = options.grep !== undefined;
  const replay = replayArguments({
    ...options,
    retries,
    defaultRetries: DEFAULT_RETRIES,
    defaultConcurrency: DEFAULT_CONCURRENCY,
    insecure: options.tls?.insecure === true,
    ...(options.optionSources ? { sources: options.optionSources } : {}),
  });
  const recorder = new Recorder({
    replayTarget: options.embeddedMock ? undefined : options.target,
    showSecrets: options.showSecrets,
    replayArguments: replay.arguments,
    ...(replay.note ? { replayNote: replay.note } : {}),
  });
  const definitions = [...PROPERTIES, MODEL_RUN].filter((definition) => !options.grep || options.grep.test(definition.title));
  let validator: ResponseValidator | undefined;
  let target: TargetFacts | undefined;
  let error: string | undefined;
  // Handed-over identities are shared by every case, so their cases run one after another.
  const concurrency = options.identities?.length ? 1 : (options.concurrency ?? DEFAULT_CONCURRENCY);
  const provisioner = new Provisioner({
    ...options,
    requiredAal: options.requiredAal ?? 'highest_available',
    retries,
    prefetchSessions: concurrency > 1 ? concurrency : 0,
  });
  const coverage = new Coverage();

  if (definitions.length === 0) {
    error = `--grep ${options.grep?.source ?? ''} selects none of the ${PROPERTIES.length + 1} cases (their titles start with ${[...PROPERTIES, MODEL_RUN].map((definition) => definition.title.split(':')[0]).join(', ')})`;
  } else {
    try {
      validator = await loadValidator();
      target = await provision(provisioner);
    } catch (caught) {
      if (options.signal?.aborted) error = 'the run was interrupted before the target was provisioned';
      else if (caught instanceof ProvisioningError) error = caught.message;
      else if (validator === undefined) error = `the OpenAPI document could not be loaded: ${(caught as Error).message}`;
      else error = `provisioning the target failed unexpectedly: ${(caught as Error).message}`;
    }
  }

  if (error === undefined && validator !== undefined && target !== undefined && !options.signal?.aborted) {
    for (const item of target.notApplicable) recorder.markNotApplicable(item.requirement, item.operationId, item.status, item.reason);
    for (const item of target.notReached) recorder.markNotReached(item.operationId, item.status, item.reason);
    // Every run provisions, so a replay of the init property repeats a refusal seen while provisioning.
    for (const refusal of target.refusals) {
      recorder.commit(
        [
          evaluateAnswer({ validator, flowLifespanMs: options.flowLifespanMs }, refusal.operationId, refusal.answer, {
            expectation: refusal.expectation,
          }),
        ],
        { seed: options.seed, path: '', title: 'SF-INIT:' },
      );
    }
    const context: CaseContext = {
      target,
      provisioner,
      recorder,
      validator,
      seed: options.seed,
      runs: options.runs,
      coverage,
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.replayPath !== undefined ? { replayPath: options.replayPath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.shrinkTimeMs !== undefined ? { shrinkTimeMs: options.shrinkTimeMs } : {}),
      lanes: new Lanes(concurrency),
    };
    const mocha = new Mocha({ timeout: 0, reporter: progressReporter(options.onProgress, definitions.length) });
    const suite = Mocha.Suite.create(mocha.suite, SUITE_TITLE);
    for (const test of caseTests(definitions, context)) suite.addTest(test);
    await runMocha(mocha, options.signal);
    mocha.dispose();
  }
  await provisioner.cleanup().catch(() => undefined);

  const interrupted = options.signal?.aborted === true;
  const failures = recorder.failures;
  // An interrupted run proves nothing about the rest: without a failure it is 'error', not 'pass'.
  if (interrupted && error === undefined && failures.length === 0) error = 'the run was interrupted before it finished';
  // Requests that got no answer even when retried: the network, not the target, decided this run.
  if (error === undefined && failures.length === 0 && provisioner.transport.failedRequests > 0) {
    error = `${provisioner.transport.failedRequests} request(s) got no answer after ${retries} retries and ${recorder.inconclusiveCount} case(s) were inconclusive: the network or the target's availability failed, not a requirement`;
  }
  const cells = recorder.buildCells({ partial });
  const transport = { ...provisioner.transport, inconclusiveCases: recorder.inconclusiveCount, inconclusive: recorder.inconclusive };
  const report: Report = {
    tool,
    target: options.target,
    adminUrl: options.adminUrl,
    seed: options.seed,
    runs: options.runs,
    startedAt,
    finishedAt: new Date().toISOString(),
    verdict: deriveVerdict({ ...(error !== undefined ? { error } : {}), failures, cells }),
    ...(error !== undefined ? { error } : {}),
    ...(interrupted ? { interrupted: true } : {}),
    ...(provisioner.notices.length > 0 ? { notices: provisioner.notices } : {}),
    scope: { grep: options.grep?.source ?? null, partial },
    options: runOptionsOf(options, retries),
    transport,
    cells,
    failures,
    warnings: recorder.warnings,
    requirements: recorder.buildRequirements(),
    configuration: {
      flowLifespanMs: options.flowLifespanMs,
      privilegedMaxAgeMs: options.privilegedMaxAgeMs,
      requiredAal: provisioner.options.requiredAal,
    },
    coverage: coverage.list(),
    environment: { node: process.version, os: `${os.platform()} ${os.release()} ${os.arch()}`, specSha256: validator?.specSha256 ?? '' },
  };
  return options.showSecrets ? report : provisioner.secrets.redactDeep(report);
}
