/**
 * A variant: one valid way a conforming server may differ from this mock (field order, extra fields, headers, timing,
 * encoding, the documented alternative where Kratos and its docs disagree). The suite must pass every one.
 */
import type { FaultTarget } from '../faults/fault.js';

export interface Variant {
  name: string;
  description: string;
  /**
   * Why a conforming server may behave like this: a public documentation page or RFC, or a docs/kratos-behavior.md
   * anchor.
   */
  allowedBy: string;
  apply(target: FaultTarget): void;
}
