/** The registry of every check, and running them over one exchange. */
import { CONTINUATION_CHECKS } from './continuations.js';
import { EFFECT_CHECKS } from './effects.js';
import { FLOW_CHECKS } from './flows.js';
import { GENERIC_CHECKS } from './generic.js';
import { REDIRECT_CHECKS } from './redirects.js';
import { RULE_CHECKS } from './rules.js';
import type { Check, CheckContext, CheckVerdict } from './types.js';
import { VALUE_CHECKS } from './values.js';

export type { Check, CheckContext, CheckVerdict, EffectEvidence } from './types.js';

export const CHECKS: readonly Check[] = [...GENERIC_CHECKS, ...RULE_CHECKS, ...REDIRECT_CHECKS, ...FLOW_CHECKS, ...VALUE_CHECKS, ...CONTINUATION_CHECKS, ...EFFECT_CHECKS];

export interface Evaluation {
  check: Check;
  verdict: Exclude<CheckVerdict, { outcome: 'skip' }>;
}

/** Every check that applies to the context, with its verdict. A check that throws is reported as failing. */
export function evaluateChecks(context: CheckContext, checks: readonly Check[] = CHECKS): Evaluation[] {
  const evaluations: Evaluation[] = [];
  for (const check of checks) {
    let verdict: CheckVerdict;
    try {
      verdict = check.evaluate(context);
    } catch (error) {
      verdict = { outcome: 'fail', message: `the check could not evaluate the response: ${(error as Error).message}` };
    }
    if (verdict.outcome !== 'skip') evaluations.push({ check, verdict });
  }
  return evaluations;
}
