/** Running one request through the checks, and one fast-check property as one case of the run. */
import fc from 'fast-check';
import type { ResponseValidator } from '../spec/index.js';
import type { SettingsOperationId } from '../spec/operations.js';
import { EFFECT_CHECKS } from './checks/effects.js';
import { evaluateChecks, type EffectEvidence } from './checks/index.js';
import type { Answer, RequestSpec } from './client.js';
import type { Coverage } from './coverage.js';
import type { Lanes } from './lanes.js';
import type { Expectation } from './oracle.js';
import { Recorder, type Observation } from './recorder.js';
import { checkParameters, inLane, runsAhead, takeAhead, type PropertyOptions, type RunsAhead } from './runs-ahead.js';
import { ProvisioningError } from './sessions.js';
import { SessionUnavailable } from './session-kinds.js';
import type { Provisioner } from './provisioner.js';
import type { TargetFacts } from './target-facts.js';

export interface CaseContext {
  /** What provisioning learned about the target, fixed for the run. */
  target: TargetFacts;
  /** Fresh sessions, flows and identities as the cases need them. */
  provisioner: Provisioner;
  recorder: Recorder;
  validator: ResponseValidator;
  seed: number;
  /** Replays one case of each selected property when set. */
  path?: string;
  /** With path: the command choices of a model run (fast-check's replayPath). */
  replayPath?: string;
  runs: number;
  signal?: AbortSignal;
  /** Longest time spent shrinking a failing property; absent: no limit. */
  shrinkTimeMs?: number;
  /** The combinations of situation the cases exercised. */
  coverage?: Coverage;
  /** Where every run of a property's body waits its turn; with more than one lane a property's runs go side by side. */
  lanes?: Lanes;
}

export interface ObserveOptions {
  expectation?: Expectation;
  flowId?: string;
  effect?: EffectEvidence;
  /** The same flow as an earlier answer showed it. */
  earlierFlow?: unknown;
  /** Flow ids earlier inits of this case gave. */
  earlierFlowIds?: readonly string[];
}

/** Sends the request and evaluates every check against its exchange. */
export async function observe(
  context: CaseContext,
  operationId: SettingsOperationId,
  request: RequestSpec,
  options: ObserveOptions = {},
): Promise<{ answer: Answer; observation: Observation }> {
  const requestHadCsrfCookie = request.jar?.names().some((name) => context.target.cookieNames.csrf.includes(name)) ?? false;
  const answer = await context.provisioner.client.send(request);
  const observation = evaluateAnswer(
    { validator: context.validator, flowLifespanMs: context.provisioner.options.flowLifespanMs },
    operationId,
    answer,
    { ...options, requestHadCsrfCookie },
  );
  return { answer, observation };
}

/** What checking an answer needs besides the answer: the compiled schemas and the target's declared lifespans. */
export interface Checking {
  validator: ResponseValidator;
  flowLifespanMs: number;
}

/** Evaluates every check against an answer already received. */
export function evaluateAnswer(
  checking: Checking,
  operationId: SettingsOperationId,
  answer: Answer,
  options: ObserveOptions & { requestHadCsrfCookie?: boolean },
): Observation {
  const evaluations = evaluateChecks({
    operationId,
    exchange: answer.exchange,
    body: answer.json,
    validator: checking.validator,
    declared: { flowLifespanMs: checking.flowLifespanMs },
    ...(options.expectation ? { expectation: options.expectation } : {}),
    ...(options.earlierFlow !== undefined ? { earlierFlow: options.earlierFlow } : {}),
    ...(options.earlierFlowIds !== undefined ? { earlierFlowIds: options.earlierFlowIds } : {}),
    ...(options.flowId !== undefined ? { flowId: options.flowId } : {}),
    ...(options.effect ? { effect: options.effect } : {}),
    ...(options.requestHadCsrfCookie !== undefined ? { requestHadCsrfCookie: options.requestHadCsrfCookie } : {}),
  });
  return {
    operationId,
    exchange: answer.exchange,
    body: answer.json,
    ...(options.expectation ? { expectation: options.expectation } : {}),
    evaluations,
  };
}

/** Runs only the effect checks: the submit's own exchange was checked already. */
export function evaluateEffect(context: CaseContext, answer: Answer, expectation: Expectation, effect: EffectEvidence): Observation {
  const evaluations = evaluateChecks(
    { operationId: 'updateSettingsFlow', exchange: answer.exchange, body: answer.json, expectation, effect, validator: context.validator },
    EFFECT_CHECKS,
  );
  return { operationId: 'updateSettingsFlow', exchange: answer.exchange, body: answer.json, expectation, evaluations };
}

export interface PropertyResult {
  failed: boolean;
  message?: string;
}

/** A property reports at most this many distinct failures (requirement, operation, status), one counterexample each. */
const MAX_COUNTEREXAMPLES = 10;

/** fast-check writes a model run's command choices into the counterexample as `replayPath="..."`. */
function replayPathOf(counterexample: unknown): string | undefined {
  return /replayPath="([^"]*)"/.exec(fc.stringify(counterexample))?.[1];
}

/** A step of a case (a login, an identity) that got no answer at all: the network failed, not the target. */
function transportErrorOf(error: unknown): string | undefined {
  const exchange = error instanceof ProvisioningError ? error.exchange : undefined;
  return exchange?.response.status === 0
    ? `${exchange.request.method} ${exchange.request.url}: ${exchange.response.error ?? 'no response'}`
    : undefined;
}

/** The first exchange of a case that got no answer: the case proves nothing either way. */
function transportTrouble(observations: readonly Observation[]): string | undefined {
  const broken = observations.find((observation) => observation.exchange.response.status === 0);
  return broken
    ? `${broken.exchange.request.method} ${broken.exchange.request.url}: ${broken.exchange.response.error ?? 'no response'}`
    : undefined;
}

const errorKey = (error: unknown) => `error ${error instanceof Error ? error.message : String(error)}`;

interface Round {
  /** The generation-phase run that failed (skipped by the next round: it is known). */
  failedAt?: number;
  observations?: Observation[];
  error?: Error;
  path?: string;
  replayPath?: string;
  counterexample?: unknown;
}

/**
 * Runs a property with the run's seed (and path). Passing runs are committed as they happen. A failing run is shrunk
 * and committed, then the property goes on from the run after it with the failures seen so far treated as known, so
 * every distinct (requirement, operation, status) that fails gets its own counterexample. Cases without an answer
 * (resets, refusals, timeouts) or that could not run are inconclusive: recorded as such, never shrunk.
 */
export async function runProperty<T>(
  context: CaseContext,
  title: string,
  arbitrary: fc.Arbitrary<T>,
  body: (input: T) => Promise<Observation[]>,
  options: PropertyOptions<T> = {},
): Promise<PropertyResult> {
  const known = new Set<string>();
  const ahead = await runsAhead(context, title, arbitrary, body, options);
  const replaying = context.path !== undefined;
  const messages: string[] = [];
  let skipThrough = -1;
  for (let round = 0; round < MAX_COUNTEREXAMPLES; round += 1) {
    const found = await checkRound(context, title, arbitrary, body, options, known, skipThrough, ahead);
    if (!found || context.signal?.aborted) break;
    const replay = {
      seed: context.seed,
      path: found.path ?? '',
      title,
      ...(found.replayPath !== undefined ? { replayPath: found.replayPath } : {}),
    };
    if (found.observations) {
      context.recorder.commit(found.observations, replay);
      for (const key of Recorder.failureKeys(found.observations)) known.add(key);
      const first = found.observations
        .flatMap((observation) => observation.evaluations)
        .find((evaluation) => evaluation.verdict.outcome === 'fail');
      const message = first && first.verdict.outcome === 'fail' ? `${first.check.name}: ${first.verdict.message}` : 'a check failed';
      messages.push(`${message} (seed ${context.seed}, path ${replay.path}; counterexample ${fc.stringify(found.counterexample)})`);
    } else {
      context.recorder.recordInconclusive(title, `the case could not run: ${found.error?.message ?? 'unknown error'}`, replay);
      known.add(errorKey(found.error));
    }
    if (replaying || found.failedAt === undefined) break;
    skipThrough = found.failedAt;
  }
  return messages.length > 0 ? { failed: true, message: messages.join('; ') } : { failed: false };
}

async function checkRound<T>(
  context: CaseContext,
  title: string,
  arbitrary: fc.Arbitrary<T>,
  body: (input: T) => Promise<Observation[]>,
  options: PropertyOptions<T>,
  known: ReadonlySet<string>,
  skipThrough: number,
  ahead: RunsAhead | undefined,
): Promise<Round | undefined> {
  const round: Round = {};
  let calls = 0;
  let firstFailureAt: number | undefined;
  const property = fc.asyncProperty(arbitrary, async (input) => {
    const call = calls;
    calls += 1;
    if (context.signal?.aborted) return true;
    // Runs up to the previous round's failure were seen already: generation is the same for the same seed.
    if (firstFailureAt === undefined && call <= skipThrough) return true;
    // Past the shrink budget no candidate is tried: the last failure found stays the counterexample.
    if (firstFailureAt !== undefined && context.shrinkTimeMs !== undefined && Date.now() - firstFailureAt > context.shrinkTimeMs)
      return true;
    let observations: Observation[];
    try {
      // Until the first failure fast-check is generating, so the runs made ahead are its runs.
      observations =
        (firstFailureAt === undefined ? await takeAhead(ahead, call, input) : undefined) ?? (await inLane(context, title, body, input));
    } catch (error) {
      // The case needs a kind of session the target would not give: it cannot run, and its cells say why.
      if (error instanceof SessionUnavailable) return true;
      const transport = transportErrorOf(error);
      if (transport !== undefined) {
        context.recorder.recordTransportCase(title, transport);
        return true;
      }
      // A case that could not run for a reason reported already is not reported again.
      if (known.has(errorKey(error))) return true;
      // The latest failing run is the counterexample fast-check reports, whichever way it failed.
      [round.error, round.observations] = [error as Error, undefined];
      if (firstFailureAt === undefined) [firstFailureAt, round.failedAt] = [Date.now(), call];
      throw error;
    }
    if (context.signal?.aborted) return true;
    const trouble = transportTrouble(observations);
    if (trouble !== undefined) {
      context.recorder.recordTransportCase(title, trouble);
      return true;
    }
    const fresh = Recorder.failureKeys(observations).filter((key) => !known.has(key));
    if (fresh.length > 0) {
      [round.error, round.observations] = [undefined, observations];
      if (firstFailureAt === undefined) [firstFailureAt, round.failedAt] = [Date.now(), call];
      return false;
    }
    // Failures already reported are not committed again: each has its one counterexample.
    if (!Recorder.fails(observations)) context.recorder.commit(observations, { seed: context.seed, path: '', title });
    return true;
  });
  const details = await fc.check(property, checkParameters(context, options));
  if (!details.failed || context.signal?.aborted) return undefined;
  round.path = details.counterexamplePath ?? '';
  round.counterexample = details.counterexample;
  const replayPath = replayPathOf(details.counterexample);
  if (replayPath !== undefined) round.replayPath = replayPath;
  if (!round.observations) round.error ??= details.errorInstance instanceof Error ? details.errorInstance : undefined;
  return round;
}
