/**
 * The password strategy (docs/kratos-behavior.md#password): policy, similarity, same-as-old; always needs a privileged
 * session.
 */
import { isBreached } from '../crypto/breached-passwords.js';
import { hashPassword, verifyPassword } from '../crypto/password-hash.js';
import { identifiersFromTraits } from '../identity-schema.js';
import type { MockConfig } from '../config.js';
import type { Identity } from '../store.js';
import { SAVE_LABEL, error, info, inputNode, submitNode, type UiText } from '../ui.js';
import type { SettingsStrategy, StrategyDeps } from './strategy.js';

/** Length of the longest common substring. */
function longestCommonSubstring(a: string, b: string): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        current[j] = (previous[j - 1] ?? 0) + 1;
        best = Math.max(best, current[j] ?? 0);
      }
    }
    previous = current;
  }
  return best;
}

/** Too similar: one contains the other, or they share a substring at least half as long as the longer one. */
export function tooSimilar(identifier: string, password: string): boolean {
  const a = identifier.toLowerCase();
  const b = password.toLowerCase();
  if (a === '' || b === '') return false;
  if (a.includes(b) || b.includes(a)) return true;
  return longestCommonSubstring(a, b) / Math.max(a.length, b.length) >= 0.5;
}

/** The password policy's verdict on a new password for these traits (settings and registration alike). */
export function passwordPolicyMessage(config: MockConfig, password: string, traits: unknown): UiText | undefined {
  const min = config.password.minLength;
  if (password.length < min) {
    return error(4000032, `The password must be at least ${min} characters long, but got ${password.length}.`, {
      actual_length: password.length,
      min_length: min,
    });
  }
  const identifiers = identifiersFromTraits(config.identitySchema, traits, 'password');
  if (config.password.identifierSimilarityCheck && identifiers.some((identifier) => tooSimilar(identifier, password))) {
    return error(4000031, 'The password can not be used because it is too similar to the identifier.');
  }
  // After length and similarity, as in
  // https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/password/validator.go#L207-L235
  // The mock knows that a password was breached, not how often: 1 is the least count the default max_breaches (0) refuses.
  if (config.password.breachCheck && isBreached(password)) {
    return error(4000034, 'The password has been found in data breaches and must no longer be used.', { breaches: 1 });
  }
  return undefined;
}

export function createStrategy(deps: StrategyDeps): SettingsStrategy {
  const { config } = deps;
  const policyMessage = (password: string, identity: Identity) => passwordPolicyMessage(config, password, identity.traits);
  return {
    method: 'password',
    group: 'password',
    populate: () => [
      inputNode('password', 'password', 'password', { required: true, autocomplete: 'new-password', label: info(1070001, 'Password') }),
      submitNode('password', 'method', 'password', SAVE_LABEL),
    ],
    isResponsible: (submission) => submission.body['method'] === 'password',
    isFirstFactor: (identity) => typeof identity.credentials['password']?.config['hashed_password'] === 'string',
    async submit(ctx) {
      const password = ctx.submission.body['password'];
      const invalid = (message: UiText) => ({
        kind: 'invalid' as const,
        messages: [{ node: 'password', message }],
        values: { password: undefined },
      });
      if (password === undefined || password === null)
        return invalid(error(4000002, 'Property password is missing.', { property: 'password' }));
      if (typeof password !== 'string') {
        return invalid(
          error(4000026, `expected string, but got ${typeof password}`, { actual_type: typeof password, expected_types: ['string'] }),
        );
      }
      if (password === '') return invalid(error(4000003, 'length must be >= 1, but got 0', { actual_length: 0, min_length: 1 }));
      ctx.ensureCsrf();
      const maxAge = config.privilegedMaxAgeMs;
      if (maxAge <= 0 || ctx.session.authenticatedAt + maxAge < ctx.now()) return { kind: 'reauth' };
      if (identifiersFromTraits(config.identitySchema, ctx.identity.traits, 'password').length === 0) {
        return {
          kind: 'invalid',
          messages: [
            {
              message: error(
                4000009,
                'Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.',
              ),
            },
          ],
          values: { password: undefined },
        };
      }
      const policy = policyMessage(password, ctx.identity);
      if (policy) return invalid(policy);
      const previous = ctx.identity.credentials['password'];
      if (previous && (await verifyPassword(password, previous.config['hashed_password']))) {
        return invalid(error(4000039, 'The new password must be different from the old password.'));
      }
      const hashed = await hashPassword(password, config.password.hashCost);
      const identifiers = identifiersFromTraits(config.identitySchema, ctx.identity.traits, 'password');
      const credential = previous
        ? { ...previous, identifiers, config: { hashed_password: hashed }, updatedAt: ctx.now() }
        : ctx.store.newCredential('password', identifiers, { hashed_password: hashed });
      return { kind: 'success', identity: { ...ctx.identity, credentials: { ...ctx.identity.credentials, password: credential } } };
    },
  };
}
