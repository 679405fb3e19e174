/**
 * The settings strategies in Kratos's order (docs/kratos-behavior.md#strategy-order): the first responsible one owns a
 * submit.
 */
import { createStrategy as lookupSecret } from './lookup-secret.js';
import { createStrategy as oidc } from './oidc.js';
import { createStrategy as passkey } from './passkey.js';
import { createStrategy as password } from './password.js';
import { createStrategy as profile } from './profile.js';
import type { SettingsStrategy, StrategyDeps } from './strategy.js';
import { createStrategy as totp } from './totp.js';
import { createStrategy as webauthn } from './webauthn.js';

const FACTORIES = [profile, password, oidc, totp, passkey, webauthn, lookupSecret];

export function loadStrategies(deps: StrategyDeps): SettingsStrategy[] {
  return FACTORIES.map((create) => create(deps));
}
