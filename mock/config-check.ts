/** The checks config keys are made of: each throws a ConfigError naming the key. */
import { isPlainObject } from '../spec/json.js';

/** A misconfiguration; the message names the bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Checker = (value: unknown, key: string) => void;

export function expectKeys(value: unknown, key: string, checkers: Record<string, Checker>): void {
  if (!isPlainObject(value)) throw new ConfigError(`config key "${key || '(root)'}" must be an object`);
  for (const [name, child] of Object.entries(value)) {
    const path = key ? `${key}.${name}` : name;
    const check = checkers[name];
    if (!check) throw new ConfigError(`config key "${path}" is not a known setting`);
    if (child !== undefined) check(child, path);
  }
}

export const url: Checker = (value, key) => {
  if (typeof value !== 'string') throw new ConfigError(`config key "${key}" must be a URL string`);
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(`config key "${key}" must be an absolute http(s) URL, got "${value}"`);
  }
};
/**
 * A UI URL: absolute http(s), or a path on the public URL, as Kratos's ParseAbsoluteOrRelativeURI accepts:
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/driver/config/config.go#L1313-L1325
 */
export const uiUrl: Checker = (value, key) => {
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) return;
  try {
    url(value, key);
  } catch {
    throw new ConfigError(`config key "${key}" must be an absolute http(s) URL or a path starting with "/", got ${JSON.stringify(value)}`);
  }
};
export const bool: Checker = (value, key) => {
  if (typeof value !== 'boolean') throw new ConfigError(`config key "${key}" must be true or false`);
};
export const str: Checker = (value, key) => {
  if (typeof value !== 'string' || value === '') throw new ConfigError(`config key "${key}" must be a non-empty string`);
};
export const positiveInteger: Checker = (value, key) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`config key "${key}" must be a positive whole number`);
  }
};
/** A list whose every entry passes `entry`. */
export function listOf(entry: Checker): Checker {
  return (value, key) => {
    if (!Array.isArray(value)) throw new ConfigError(`config key "${key}" must be a list`);
    for (const [index, item] of value.entries()) entry(item, `${key}[${index}]`);
  };
}

export const nonNegativeInteger: Checker = (value, key) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError(`config key "${key}" must be a whole number of at least 0`);
  }
};
