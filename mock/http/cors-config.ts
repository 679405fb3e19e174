/**
 * The `cors` config key: Kratos's `serve.public.cors` keys and defaults
 * (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/embedx/config.schema.json#L2532-L2630).
 * Apart from cors.ts so that the configuration's types do not depend on hapi's.
 */
import { bool, ConfigError, expectKeys, listOf, nonNegativeInteger, str, type Checker } from '../config-check.js';

export interface CorsInput {
  enabled?: boolean;
  allowed_origins?: string[];
  allowed_methods?: string[];
  allowed_headers?: string[];
  exposed_headers?: string[];
  allow_credentials?: boolean;
  max_age?: number;
}

export interface CorsConfig {
  enabled: boolean;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
}

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'HEAD', 'OPTIONS', 'TRACE'];

const origin: Checker = (value, key) => {
  str(value, key);
  const text = value as string;
  if (text === '*') return;
  if (text.split('*').length > 2) throw new ConfigError(`config key "${key}" may hold one "*" wildcard at most, got "${text}"`);
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(text)) {
    throw new ConfigError(`config key "${key}" must be an origin such as https://app.example or https://*.example, or "*", got "${text}"`);
  }
};

const method: Checker = (value, key) => {
  if (typeof value !== 'string' || !METHODS.includes(value))
    throw new ConfigError(`config key "${key}" must be one of ${METHODS.join(', ')}`);
};

export const corsChecker: Checker = (value, key) =>
  expectKeys(value, key, {
    enabled: bool,
    allowed_origins: listOf(origin),
    allowed_methods: listOf(method),
    allowed_headers: listOf(str),
    exposed_headers: listOf(str),
    allow_credentials: bool,
    max_age: nonNegativeInteger,
  });

export function resolveCors(input: CorsInput | undefined): CorsConfig {
  return {
    enabled: input?.enabled ?? false,
    allowedOrigins: (input?.allowed_origins ?? ['*']).map((entry) => entry.toLowerCase()),
    allowedMethods: input?.allowed_methods ?? ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: input?.allowed_headers ?? [
      'Authorization',
      'Content-Type',
      'Max-Age',
      'X-Session-Token',
      'X-XSRF-TOKEN',
      'X-CSRF-TOKEN',
    ],
    exposedHeaders: input?.exposed_headers ?? ['Content-Type'],
    allowCredentials: input?.allow_credentials ?? true,
    maxAgeSeconds: input?.max_age ?? 0,
  };
}

/** rs/cors's origin match: exact, "*", or one wildcard standing for zero or more characters. */
