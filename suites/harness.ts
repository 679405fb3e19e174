/** Running one request through the checks, and one fast-check property as one case of the run. */
import fc from 'fast-check';
import type { ResponseValidator } from '../spec/index.js';
import type { SettingsOperationId } from '../spec/operations.js';
import { EFFECT_CHECKS } from './checks/effects.js';
import { evaluateChecks, type EffectEvidence } from './checks/index.js';
import type { Answer, RequestSpec } from './client.js';
import type { Coverage } from './coverage.js';
import type { Expectation } from './oracle.js';
import { Recorder, type Observation } from './recorder.js';
import type { World } from './world.js';

export interface CaseContext {
  world: World;
  recorder: Recorder;
  validator: ResponseValidator;
  seed: number;
  /** Replays one case of each selected property when set. */
  path?: string;
  runs: number;
  signal?: AbortSignal;
  /** Longest time spent shrinking a failing property; absent: no limit. */
  shrinkTimeMs?: number;
  /** The combinations of situation the cases exercised. */
  coverage?: Coverage;
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
export async function observe(context: CaseContext, operationId: SettingsOperationId, request: RequestSpec, options: ObserveOptions = {}): Promise<{ answer: Answer; observation: Observation }> {
  const requestHadCsrfCookie = request.jar?.names().some((name) => context.world.cookieNames.csrf.includes(name)) ?? false;
  const answer = await context.world.client.send(request);
  const observation = evaluate(context, operationId, answer, { ...options, requestHadCsrfCookie });
  return { answer, observation };
}

function evaluate(context: CaseContext, operationId: SettingsOperationId, answer: Answer, options: ObserveOptions & { requestHadCsrfCookie?: boolean }): Observation {
  const evaluations = evaluateChecks({
    operationId,
    exchange: answer.exchange,
    validator: context.validator,
    declared: { flowLifespanMs: context.world.options.flowLifespanMs },
    ...(options.expectation ? { expectation: options.expectation } : {}),
    ...(options.earlierFlow !== undefined ? { earlierFlow: options.earlierFlow } : {}),
    ...(options.earlierFlowIds !== undefined ? { earlierFlowIds: options.earlierFlowIds } : {}),
    ...(options.flowId !== undefined ? { flowId: options.flowId } : {}),
    ...(options.effect ? { effect: options.effect } : {}),
    ...(options.requestHadCsrfCookie !== undefined ? { requestHadCsrfCookie: options.requestHadCsrfCookie } : {}),
  });
  return { operationId, exchange: answer.exchange, ...(options.expectation ? { expectation: options.expectation } : {}), evaluations };
}

/** Runs only the effect checks: the submit's own exchange was checked already. */
export function evaluateEffect(context: CaseContext, answer: Answer, expectation: Expectation, effect: EffectEvidence): Observation {
  const evaluations = evaluateChecks({ operationId: 'updateSettingsFlow', exchange: answer.exchange, expectation, effect, validator: context.validator }, EFFECT_CHECKS);
  return { operationId: 'updateSettingsFlow', exchange: answer.exchange, expectation, evaluations };
}

export interface PropertyResult {
  failed: boolean;
  message?: string;
  /** False when the case failed without a check failure to show (it could not run): the caller records it. */
  recorded?: boolean;
  path?: string;
}

/**
 * Runs a property with the run's seed (and path). Passing runs are committed as they happen; of the failing runs
 * only the last one, fast-check's shrunk counterexample, is committed, named by its seed and path.
 */
export async function runProperty<T>(
  context: CaseContext,
  title: string,
  arbitrary: fc.Arbitrary<T>,
  body: (input: T) => Promise<Observation[]>,
  options: { examples?: T[]; numRuns?: number } = {},
): Promise<PropertyResult> {
  let lastFailing: Observation[] | undefined;
  let lastError: Error | undefined;
  let firstFailureAt: number | undefined;
  const property = fc.asyncProperty(arbitrary, async (input) => {
    if (context.signal?.aborted) return true;
    // Past the shrink budget no candidate is tried: the last failure found stays the counterexample.
    if (firstFailureAt !== undefined && context.shrinkTimeMs !== undefined && Date.now() - firstFailureAt > context.shrinkTimeMs) return true;
    let observations: Observation[];
    try {
      observations = await body(input);
    } catch (error) {
      // The latest failing run is the counterexample fast-check reports, whichever way it failed.
      [lastError, lastFailing] = [error as Error, undefined];
      firstFailureAt ??= Date.now();
      throw error;
    }
    if (context.signal?.aborted) return true;
    if (Recorder.fails(observations)) {
      [lastError, lastFailing] = [undefined, observations];
      firstFailureAt ??= Date.now();
      return false;
    }
    context.recorder.commit(observations, { seed: context.seed, path: '', title });
    return true;
  });
  const replaying = context.path !== undefined;
  const details = await fc.check(property, {
    seed: context.seed,
    // Examples count within numRuns in fast-check; they come on top of `runs` so every run reaches the pinned cells.
    numRuns: (options.numRuns ?? context.runs) + (options.examples?.length ?? 0),
    ...(context.shrinkTimeMs === 0 ? { endOnFailure: true } : {}),
    ...(replaying ? { path: context.path } : {}),
    // Paths index into the stream that starts with the examples, so a replay must see them too.
    ...(options.examples ? { examples: options.examples.map((example) => [example] as [T]) } : {}),
  });
  if (!details.failed || context.signal?.aborted) return { failed: false };
  const path = details.counterexamplePath ?? '';
  if (lastFailing) {
    context.recorder.commit(lastFailing, { seed: context.seed, path, title });
    const first = lastFailing.flatMap((observation) => observation.evaluations).find((evaluation) => evaluation.verdict.outcome === 'fail');
    const message = first && first.verdict.outcome === 'fail' ? `${first.check.name}: ${first.verdict.message}` : 'a check failed';
    return { failed: true, recorded: true, path, message: `${message} (seed ${context.seed}, path ${path}; counterexample ${fc.stringify(details.counterexample)})` };
  }
  const error = lastError ?? (details.errorInstance instanceof Error ? details.errorInstance : undefined);
  return { failed: true, recorded: false, path, message: `the case could not run: ${error?.message ?? 'unknown error'}` };
}
