import { missingCheck } from './skipped-check.js';

export const returnToNotEnforced = missingCheck(
  'return-to-not-enforced',
  'return_to is not checked against the allow-list when a flow is created (an open redirect).',
  ['SF-RETURN-TO'],
  'return-to',
);
