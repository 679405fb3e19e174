import { missingCheck } from './skipped-check.js';

export const csrfNotChecked = missingCheck(
  'csrf-not-checked',
  'Browser-flow submits are accepted without comparing csrf_token with the anti-CSRF cookie.',
  ['SF-UPDATE-CSRF'],
  'csrf-token',
);
