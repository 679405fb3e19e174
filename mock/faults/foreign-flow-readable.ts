import { missingCheck } from './skipped-check.js';

export const foreignFlowReadable = missingCheck(
  'foreign-flow-readable',
  "Any session can read any identity's settings flow (200 instead of 403 security_identity_mismatch).",
  ['SF-FOREIGN-FLOW'],
  'flow-owner-on-fetch',
);
