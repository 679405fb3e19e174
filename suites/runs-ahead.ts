/**
 * Runs made ahead: with more than one lane a property's generated runs go side by side, while fast-check still takes
 * their outcomes one at a time, in order (see runsAhead).
 */
import fc from 'fast-check';
import type { CaseContext } from './harness.js';
import type { Observation } from './recorder.js';

/** How a run made ahead ended: its observations, or what it threw. */
type Settled = { observations: Observation[] } | { error: unknown };

/** A property's generated runs, made ahead side by side; each is taken once, when fast-check reaches it. */
export interface RunsAhead {
  inputs: string[];
  outcomes: Array<Promise<Settled> | undefined>;
}

export interface PropertyOptions<T> {
  examples?: T[];
  numRuns?: number;
  /** The runs' inputs are stateful (a model run's commands record what ran): made one after another, never ahead. */
  sequential?: boolean;
}

export function checkParameters<T>(context: CaseContext, options: PropertyOptions<T>): fc.Parameters<[T]> {
  const replaying = context.path !== undefined;
  return {
    seed: context.seed,
    // Examples count within numRuns in fast-check; they come on top of `runs` so every run reaches the pinned cells.
    numRuns: (options.numRuns ?? context.runs) + (options.examples?.length ?? 0),
    // A replay shows the recorded case itself: shrinking it further could land on a failure reported elsewhere.
    ...(context.shrinkTimeMs === 0 || replaying ? { endOnFailure: true } : {}),
    ...(replaying ? { path: context.path } : {}),
    // Paths index into the stream that starts with the examples, so a replay must see them too.
    ...(options.examples ? { examples: options.examples.map((example) => [example] as [T]) } : {}),
  };
}

/** Runs the body in a lane of its own when the run has lanes. */
export function inLane<T>(
  context: CaseContext,
  title: string,
  body: (input: T) => Promise<Observation[]>,
  input: T,
): Promise<Observation[]> {
  return context.lanes ? context.lanes.run(title, () => body(input)) : body(input);
}

/**
 * With more than one lane, every generated run starts at once and waits for a lane: the same seed gives fast-check
 * the same inputs in the same order whatever the runs answer, so it draws them first (asserting nothing) and then
 * takes each outcome in turn as if the run were made just then. Shrinking a failure still runs one candidate at a time.
 */
export async function runsAhead<T>(
  context: CaseContext,
  title: string,
  arbitrary: fc.Arbitrary<T>,
  body: (input: T) => Promise<Observation[]>,
  options: PropertyOptions<T>,
): Promise<RunsAhead | undefined> {
  if (context.path !== undefined || options.sequential || !context.lanes || context.lanes.capacity <= 1) return undefined;
  const inputs: T[] = [];
  await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      inputs.push(input);
      return true;
    }),
    checkParameters(context, options),
  );
  // Told apart before any run starts: a run may change what it was given.
  const drawn = inputs.map((input) => fc.stringify(input));
  const outcomes = inputs.map(async (input): Promise<Settled> => {
    try {
      // A run still waiting for a lane when the run is interrupted is not made.
      return { observations: await inLane(context, title, async (value: T) => (context.signal?.aborted ? [] : body(value)), input) };
    } catch (error) {
      return { error };
    }
  });
  return { inputs: drawn, outcomes };
}

/** The run made ahead for generated run `call`, if that is the input fast-check gives it now. */
export async function takeAhead<T>(ahead: RunsAhead | undefined, call: number, input: T): Promise<Observation[] | undefined> {
  const outcome = ahead?.outcomes[call];
  if (outcome === undefined || ahead?.inputs[call] !== fc.stringify(input)) return undefined;
  ahead.outcomes[call] = undefined;
  const settled = await outcome;
  if ('error' in settled) throw settled.error;
  return settled.observations;
}
