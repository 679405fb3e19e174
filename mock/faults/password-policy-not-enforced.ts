import type { Fault } from './fault.js';

/** The policy settings are read but never applied: any password is accepted. */
export const passwordPolicyNotEnforced: Fault = {
  name: 'password-policy-not-enforced',
  description: 'The password policy is not enforced: a three-character password is saved.',
  breaks: ['SF-UPDATE-400-VALIDATION'],
  apply: ({ mock }) => {
    mock.config.password = { ...mock.config.password, minLength: 0, identifierSimilarityCheck: false, breachCheck: false };
  },
};
