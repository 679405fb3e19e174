/**
 * The `identities:` config key (identities created at start, see fixtures.ts): its type and checks, apart from
 * fixtures.ts so that the configuration's types do not depend on hapi's.
 */
import { bool, ConfigError, expectKeys, listOf, str, type Checker } from './config-check.js';
import { base32Decode } from './crypto/totp.js';
import { isPlainObject } from '../spec/json.js';

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
  if (!isPlainObject(value)) throw new ConfigError(`config key "${key}" must be an object of traits`);
};

export const identitiesChecker: Checker = listOf((value, key) =>
  expectKeys(value, key, {
    id: uuid,
    traits: traitsObject,
    password: str,
    totp_secret: base32,
    lookup_codes: listOf(str),
    inactive: bool,
    oidc: listOf((link, linkKey) => expectKeys(link, linkKey, { provider: str, subject: str })),
  }),
);
