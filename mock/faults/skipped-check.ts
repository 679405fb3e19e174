/** Faults that are a missing check: the core consults `skippedChecks` at the one decision point. */
import type { SkippableCheck } from '../context.js';
import type { Fault } from './fault.js';

export function missingCheck(name: string, description: string, breaks: readonly string[], check: SkippableCheck): Fault {
  return { name, description, breaks, apply: ({ mock }) => void mock.skippedChecks.add(check) };
}
