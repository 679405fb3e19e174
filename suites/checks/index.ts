/** The registry of every check, and running them over one exchange: each check only where it applies. */
import { jsonOf } from '../client.js';
import { CONTINUATION_CHECKS } from './continuations.js';
import { EFFECT_CHECKS } from './effects.js';
import { FLOW_CHECKS } from './flows.js';
import { GENERIC_CHECKS } from './generic.js';
import { REDIRECT_CHECKS } from './redirects.js';
import { RULE_CHECKS } from './rules.js';
import { isRedirect, type Applicability, type Check, type CheckContext, type CheckVerdict, type StatusSet } from './types.js';
import { VALUE_CHECKS } from './values.js';

export type { Check, CheckContext, CheckVerdict, EffectEvidence } from './types.js';

export const CHECKS: readonly Check[] = [
  ...GENERIC_CHECKS,
  ...RULE_CHECKS,
  ...REDIRECT_CHECKS,
  ...FLOW_CHECKS,
  ...VALUE_CHECKS,
  ...CONTINUATION_CHECKS,
  ...EFFECT_CHECKS,
];

export interface Evaluation {
  check: Check;
  verdict: Exclude<CheckVerdict, { outcome: 'skip' }>;
}

/** An exchange to judge; the body is parsed here when the caller has not parsed it already. */
export type CheckInput = Omit<CheckContext, 'body'> & { body?: unknown };

function statusIn(statuses: StatusSet, status: number): boolean {
  switch (statuses) {
    case 'answered':
      return status !== 0;
    case 'redirect':
      return isRedirect(status);
    case 'not-redirect':
      return status !== 0 && !isRedirect(status);
    case 'error':
      return status >= 400;
    default:
      return statuses.includes(status);
  }
}

/** Whether the exchange is one the applicability covers. */
export function applies(applicability: Applicability | undefined, context: CheckContext): boolean {
  if (!applicability) return true;
  const { operations, statuses, rules, effects } = applicability;
  if (operations && !operations.includes(context.operationId)) return false;
  if (statuses && !statusIn(statuses, context.exchange.response.status)) return false;
  if (rules && (context.expectation === undefined || !rules.includes(context.expectation.rule))) return false;
  if (effects && (context.effect === undefined || !effects.includes(context.effect.kind))) return false;
  return true;
}

export function contextOf(input: CheckInput): CheckContext {
  return { ...input, body: 'body' in input ? input.body : jsonOf(input.exchange) };
}

/** One check's verdict on an exchange: skip where it does not apply; a check that throws is reported as failing. */
export function verdictOf(check: Check, context: CheckContext): CheckVerdict {
  if (!applies(check.appliesTo, context)) return { outcome: 'skip' };
  try {
    return check.evaluate(context);
  } catch (error) {
    return { outcome: 'fail', message: `the check could not evaluate the response: ${(error as Error).message}` };
  }
}

/** Every check that applies to the exchange, with its verdict. */
export function evaluateChecks(input: CheckInput, checks: readonly Check[] = CHECKS): Evaluation[] {
  const context = contextOf(input);
  const evaluations: Evaluation[] = [];
  for (const check of checks) {
    const verdict = verdictOf(check, context);
    if (verdict.outcome !== 'skip') evaluations.push({ check, verdict });
  }
  return evaluations;
}
