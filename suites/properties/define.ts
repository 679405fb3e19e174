/** One property of the settings API as the run sees it, and the helper every property file is built with. */
import type fc from 'fast-check';
import { runProperty, type CaseContext, type PropertyResult } from '../harness.js';
import type { Observation } from '../recorder.js';

export interface PropertyDefinition {
  title: string;
  /** Why the property cannot run against this target, if it cannot. */
  unavailable(context: CaseContext): string | undefined;
  run(context: CaseContext): Promise<PropertyResult>;
}

/** The case's place in this run of the property: the first case is 1 (tags what a case creates). */
export interface CaseNumber {
  number: number;
}

/**
 * A property: what it draws (`inputs`), the named examples pinned ahead of the drawn cases so a default run reaches
 * each documented cell, and one case (`check`) that sends requests and returns what the checks saw. `given` reads what
 * the run needs from the target once; undefined means the target offers nothing to check, and the property passes empty.
 */
export interface PropertySpec<Input, Given> {
  title: string;
  unavailable?: (context: CaseContext) => string | undefined;
  given: (context: CaseContext) => Given | undefined;
  inputs: (context: CaseContext, given: Given) => fc.Arbitrary<Input>;
  examples?: (context: CaseContext, given: Given) => Input[];
  /** Runs besides the examples; the run's --runs by default. */
  numRuns?: (context: CaseContext) => number;
  /** The drawn inputs carry state (a model run's commands record what ran): its cases run one after another. */
  sequential?: boolean;
  check: (context: CaseContext, input: Input, given: Given, at: CaseNumber) => Promise<Observation[]>;
}

export function defineProperty<Input, Given>(spec: PropertySpec<Input, Given>): PropertyDefinition {
  return {
    title: spec.title,
    unavailable: spec.unavailable ?? (() => undefined),
    run(context) {
      const given = spec.given(context);
      if (given === undefined) return Promise.resolve({ failed: false });
      let number = 0;
      const examples = spec.examples?.(context, given);
      const numRuns = spec.numRuns?.(context);
      return runProperty(
        context,
        spec.title,
        spec.inputs(context, given),
        (input) => {
          number += 1;
          return spec.check(context, input, given, { number });
        },
        {
          ...(examples ? { examples } : {}),
          ...(numRuns !== undefined ? { numRuns } : {}),
          ...(spec.sequential ? { sequential: true } : {}),
        },
      );
    },
  };
}
