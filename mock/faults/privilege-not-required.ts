import { missingCheck } from './skipped-check.js';

export const privilegeNotRequired = missingCheck(
  'privilege-not-required',
  'The shared privileged-session check is missing: TOTP, lookup-secret, WebAuthn, OIDC and protected-trait changes go through with an old session (only the password method keeps its own check).',
  ['SF-PRIVILEGED'],
  'privileged-session',
);
