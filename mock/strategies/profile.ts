/** The profile strategy (docs/kratos-behavior.md#profile): traits, validated against the identity schema. */
import { errors } from '../errors.js';
import { profileNodes, protectedValues, traitPaths } from '../identity-schema.js';
import { getPath } from '../../spec/json.js';
import { coerceTraits, validateTraits } from '../traits.js';
import { SAVE_LABEL, error, submitNode } from '../ui.js';
import type { SettingsStrategy, StrategyDeps } from './strategy.js';
import { isPlainObject } from '../../spec/json.js';

export function createStrategy(deps: StrategyDeps): SettingsStrategy {
  const schema = deps.config.identitySchema;
  const submittedValues = (traits: unknown) =>
    Object.fromEntries(traitPaths(schema).map((path) => [`traits.${path}`, getPath(traits, path)]));
  return {
    method: 'profile',
    group: 'profile',
    populate: ({ identity }) => [...profileNodes(schema, identity.traits), submitNode('profile', 'method', 'profile', SAVE_LABEL)],
    isResponsible: (submission) => submission.body['method'] === 'profile',
    async submit(ctx) {
      const body = ctx.submission.body;
      if (body['traits'] === undefined) {
        return { kind: 'invalid', messages: [{ message: error(4000002, 'Property traits is missing.', { property: 'traits' }) }] };
      }
      const traits = coerceTraits(schema, body['traits']);
      const messages = validateTraits(schema, traits);
      if (messages.length > 0) return { kind: 'invalid', messages, values: submittedValues(traits) };
      ctx.ensureCsrf();
      if (!isPlainObject(traits) || Object.keys(traits).length === 0) throw errors.badRequest('Did not receive any value changes.');
      const protectedChange =
        JSON.stringify(protectedValues(schema, ctx.identity.traits)) !== JSON.stringify(protectedValues(schema, traits));
      if (protectedChange && !ctx.isPrivileged()) return { kind: 'reauth', pauseApiFlows: true };
      return { kind: 'success', identity: { ...ctx.identity, traits } };
    },
  };
}
