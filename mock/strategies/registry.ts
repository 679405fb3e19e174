/** Loads the strategy modules in Kratos's order (catalogue §4); modules not written yet are skipped. */
import type { SettingsStrategy, StrategyDeps } from './strategy.js';

const MODULES = ['profile', 'password', 'oidc', 'totp', 'passkey', 'webauthn', 'lookup-secret'] as const;

interface StrategyModule {
  createStrategy(deps: StrategyDeps): SettingsStrategy;
}

function isMissingModule(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || message.includes('Cannot find module')) && message.includes(`/strategies/${name}.`);
}

export async function loadStrategies(deps: StrategyDeps): Promise<SettingsStrategy[]> {
  const strategies: SettingsStrategy[] = [];
  for (const name of MODULES) {
    const specifier = `./${name}.js`;
    let loaded: StrategyModule;
    try {
      loaded = (await import(specifier)) as StrategyModule;
    } catch (error) {
      if (isMissingModule(error, name)) continue;
      throw error;
    }
    strategies.push(loaded.createStrategy(deps));
  }
  return strategies;
}
