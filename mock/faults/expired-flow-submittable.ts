import { missingCheck } from './skipped-check.js';

export const expiredFlowSubmittable = missingCheck(
  'expired-flow-submittable',
  'An expired flow is still accepted on submit.',
  ['SF-UPDATE-410-EXPIRED'],
  'flow-expiry-on-submit',
);
