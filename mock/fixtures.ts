/**
 * Identities declared in the config (`identities:`), created at start so that a front end's end-to-end tests begin
 * from a known state: traits, a password, a TOTP secret, backup codes and OIDC links, each as the settings flow would
 * have stored it. Not a Kratos key: Kratos imports identities through its admin API.
 */
import { bool, ConfigError, expectKeys, isRecord, listOf, str, type Checker } from './config-check.js';
import type { MockContext } from './context.js';
import { hashPassword } from './crypto/password-hash.js';
import { base32Decode, otpauthUri } from './crypto/totp.js';
import { identifiersFromTraits } from './identity-schema.js';
import { withConnection } from './oidc/connections.js';
import type { Credential, Identity } from './store.js';
import { accountName } from './strategies/totp.js';
import { coerceTraits, validateTraits } from './traits.js';

export interface IdentityFixture {
  id?: string;
  traits: Record<string, unknown>;
  password?: string;
  totp_secret?: string;
  lookup_codes?: string[];
  oidc?: { provider: string; subject: string }[];
  inactive?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const uuid: Checker = (value, key) => {
  if (typeof value !== 'string' || !UUID.test(value)) throw new ConfigError(`config key "${key}" must be a UUID`);
};
const base32: Checker = (value, key) => {
  str(value, key);
  if (!/^[A-Z2-7]+=*$/i.test(value as string) || base32Decode(value as string).length < 10) {
    throw new ConfigError(`config key "${key}" must be a base32 TOTP secret of at least 16 characters`);
  }
};
const traitsObject: Checker = (value, key) => {
  if (!isRecord(value)) throw new ConfigError(`config key "${key}" must be an object of traits`);
};

export const identitiesChecker: Checker = listOf((value, key) => expectKeys(value, key, {
  id: uuid, traits: traitsObject, password: str, totp_secret: base32, lookup_codes: listOf(str), inactive: bool,
  oidc: listOf((link, linkKey) => expectKeys(link, linkKey, { provider: str, subject: str })),
}));

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
    if (fixture.id !== undefined && store.getIdentity(fixture.id)) throw new ConfigError(`config key "${key}.id" repeats another identity's id`);
    const credentials: Record<string, Credential> = {};
    if (fixture.password !== undefined) {
      const identifiers = identifiersFromTraits(config.identitySchema, traits, 'password');
      if (identifiers.length === 0) throw new ConfigError(`config key "${key}.password" needs a trait the schema marks as password identifier`);
      if (identifiers.some((identifier) => store.findByIdentifier('password', identifier))) {
        throw new ConfigError(`config key "${key}.traits" repeats another identity's login identifier`);
      }
      credentials['password'] = store.newCredential('password', identifiers, { hashed_password: await hashPassword(fixture.password) });
    }
    if (fixture.lookup_codes !== undefined) {
      credentials['lookup_secret'] = store.newCredential('lookup_secret', [], { recovery_codes: fixture.lookup_codes.map((code) => ({ code })) });
    }
    let identity: Identity = store.createIdentity({ ...(fixture.id ? { id: fixture.id } : {}), schemaId: config.identitySchemaId, traits, credentials });
    if (fixture.totp_secret !== undefined) {
      const secret = fixture.totp_secret.toUpperCase();
      const totp = store.newCredential('totp', [identity.id], {
        secret, totp_url: otpauthUri({ secret, issuer: config.totpIssuer, accountName: accountName(config.identitySchema, identity) }),
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
