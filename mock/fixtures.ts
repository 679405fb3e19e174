/**
 * Identities declared in the config (`identities:`), created at start so that a front end's end-to-end tests begin
 * from a known state: traits, a password, a TOTP secret, backup codes and OIDC links, each as the settings flow would
 * have stored it. Not a Kratos key: Kratos imports identities through its admin API.
 */
import { ConfigError } from './config-check.js';
import type { MockContext } from './context.js';
import type { IdentityFixture } from './fixtures-config.js';
import { hashPassword } from './crypto/password-hash.js';
import { otpauthUri } from './crypto/totp.js';
import { identifiersFromTraits } from './identity-schema.js';
import { withConnection } from './oidc/connections.js';
import type { Credential, Identity } from './store.js';
import { accountName } from './strategies/totp.js';
import { coerceTraits, validateTraits } from './traits.js';

/** Creates the declared identities; a fixture that does not fit the schema or the providers stops the start. */
export async function loadFixtures(ctx: MockContext, fixtures: IdentityFixture[]): Promise<void> {
  const { config, store } = ctx;
  for (const [index, fixture] of fixtures.entries()) {
    const key = `identities[${index}]`;
    if (!fixture.traits) throw new ConfigError(`config key "${key}.traits" is required`);
    const traits = coerceTraits(config.identitySchema, fixture.traits) as Record<string, unknown>;
    const problems = validateTraits(config.identitySchema, traits);
    if (problems.length > 0) {
      const detail = problems.map((problem) => `${problem.node ?? 'traits'}: ${problem.message.text}`).join('; ');
      throw new ConfigError(`config key "${key}.traits" does not match the identity schema: ${detail}`);
    }
    if (fixture.id !== undefined && store.getIdentity(fixture.id))
      throw new ConfigError(`config key "${key}.id" repeats another identity's id`);
    const credentials: Record<string, Credential> = {};
    if (fixture.password !== undefined) {
      const identifiers = identifiersFromTraits(config.identitySchema, traits, 'password');
      if (identifiers.length === 0)
        throw new ConfigError(`config key "${key}.password" needs a trait the schema marks as password identifier`);
      if (identifiers.some((identifier) => store.findByIdentifier('password', identifier))) {
        throw new ConfigError(`config key "${key}.traits" repeats another identity's login identifier`);
      }
      credentials['password'] = store.newCredential('password', identifiers, {
        hashed_password: await hashPassword(fixture.password, config.password.hashCost),
      });
    }
    if (fixture.lookup_codes !== undefined) {
      credentials['lookup_secret'] = store.newCredential('lookup_secret', [], {
        recovery_codes: fixture.lookup_codes.map((code) => ({ code })),
      });
    }
    let identity: Identity = store.createIdentity({
      ...(fixture.id ? { id: fixture.id } : {}),
      schemaId: config.identitySchemaId,
      traits,
      credentials,
    });
    if (fixture.totp_secret !== undefined) {
      const secret = fixture.totp_secret.toUpperCase();
      const totp = store.newCredential('totp', [identity.id], {
        secret,
        totp_url: otpauthUri({ secret, issuer: config.totpIssuer, accountName: accountName(config.identitySchema, identity) }),
      });
      identity = { ...identity, credentials: { ...identity.credentials, totp } };
    }
    for (const [linkIndex, link] of (fixture.oidc ?? []).entries()) {
      if (!config.oidcProviders.some((provider) => provider.id === link.provider)) {
        throw new ConfigError(`config key "${key}.oidc[${linkIndex}].provider" names no provider of methods.oidc.providers`);
      }
      identity = withConnection(identity, store, link);
    }
    if (identity.credentials['lookup_secret']) {
      identity.credentials['lookup_secret'] = { ...identity.credentials['lookup_secret'], identifiers: [identity.id] };
    }
    store.saveIdentity(fixture.inactive ? { ...identity, state: 'inactive' } : identity);
  }
}
