import { missingCheck } from './skipped-check.js';

export const foreignFlowSubmittable = missingCheck(
  'foreign-flow-submittable',
  "The identity-mismatch check is missing on submit: a session can submit another identity's flow.",
  ['SF-FOREIGN-FLOW'],
  'flow-owner-on-submit',
);
