/**
 * The mock's configuration: defaults as Kratos (docs/kratos-behavior.md#defaults) except that every settings method is
 * enabled.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { compileJsonSchema, parseDuration } from '../spec/index.js';
import { DEFAULT_HASH_COST } from './crypto/password-hash.js';
import { bool, ConfigError, expectKeys, nonNegativeInteger, positiveInteger, str, uiUrl, url, type Checker } from './config-check.js';

import { identitiesChecker, type IdentityFixture } from './fixtures-config.js';
import { corsChecker, resolveCors, type CorsConfig, type CorsInput } from './http/cors-config.js';
import { deploymentChecker, resolveDeployment, type Deployment, type DeploymentInput } from './deployment-config.js';
import { isPlainObject } from '../spec/json.js';
import { DEFAULT_IDENTITY_SCHEMA } from './default-identity-schema.js';

export { ConfigError } from './config-check.js';

/** The UI pages Kratos redirects browsers to; each defaults to the built-in page `<public>/ui/<name>`. */
export const UI_PAGES = ['settings', 'login', 'error', 'registration', 'verification', 'recovery'] as const;
export type UiPage = (typeof UI_PAGES)[number];

export const SETTINGS_METHODS = ['profile', 'password', 'oidc', 'totp', 'passkey', 'webauthn', 'lookup_secret'] as const;
export type SettingsMethod = (typeof SETTINGS_METHODS)[number];

/** Every provider is served by the mock's built-in fake provider: the mock never talks to a real one. */
export interface OidcProviderConfig {
  id: string;
  label?: string;
}

/** The configuration file's shape (YAML or JSON). Durations are strings like `1h` or milliseconds. */
export interface MockConfigInput {
  public_base_url?: string;
  ui?: Partial<Record<UiPage, string>>;
  allowed_return_urls?: string[];
  /** Where browsers go after login without return_to; also the base of relative return_to URLs. */
  default_browser_return_url?: string;
  /** Kratos's `selfservice.flows.settings.after.default_browser_return_url`: the settings success target. */
  settings_after_return_url?: string;
  flow_lifespan?: string | number;
  login_flow_lifespan?: string | number;
  privileged_session_max_age?: string | number;
  session_lifespan?: string | number;
  required_aal?: 'aal1' | 'highest_available';
  methods?: Partial<Record<SettingsMethod, { enabled?: boolean }>> & {
    password?: {
      enabled?: boolean;
      min_length?: number;
      identifier_similarity_check?: boolean;
      haveibeenpwned_enabled?: boolean;
      hash_cost?: number;
    };
    totp?: { enabled?: boolean; issuer?: string };
    /** rp_id: the relying party id of security keys and passkeys (default: the public URL's host name). */
    webauthn?: { enabled?: boolean; rp_id?: string };
    oidc?: { enabled?: boolean; providers?: OidcProviderConfig[] };
  };
  identity_schema?: Record<string, unknown>;
  request_body_limit_bytes?: number;
  cors?: CorsInput;
  deployment?: DeploymentInput;
  /** The fake OIDC provider's own server: port (default: a free one) and the URL browsers reach it at. */
  oidc_provider?: { port?: number; url?: string };
  /** Identities created at start (mock/fixtures.ts). */
  identities?: IdentityFixture[];
}

export interface MockConfig {
  /** Without a trailing slash. Set when the server knows its port unless configured. */
  publicBaseUrl: string;
  ui: Record<UiPage, string>;
  allowedReturnUrls: string[];
  defaultBrowserReturnUrl: string | undefined;
  settingsAfterReturnUrl: string | undefined;
  flowLifespanMs: number;
  loginFlowLifespanMs: number;
  privilegedMaxAgeMs: number;
  sessionLifespanMs: number;
  requiredAal: 'aal1' | 'highest_available';
  enabled: Record<SettingsMethod, boolean>;
  /** hashCost: scrypt's N for new password hashes (a power of two). */
  password: { minLength: number; identifierSimilarityCheck: boolean; breachCheck: boolean; hashCost: number };
  totpIssuer: string;
  webauthnRpId: string | undefined;
  oidcProviders: OidcProviderConfig[];
  identitySchemaId: string;
  identitySchema: Record<string, unknown>;
  bodyLimitBytes: number;
  cors: CorsConfig;
  deployment: Deployment;
  /** Set once the admin port listens (deployment.admin_port); else the public URL serves /admin/*. */
  adminBaseUrl?: string;
  /** `url` without a trailing slash; set when the provider listens unless configured. */
  oidcProvider: { port: number; url: string; configuredUrl: boolean };
  identities: IdentityFixture[];
  /** What the file set explicitly; the rest follows the public URL once the port is known. */
  configured: { publicBaseUrl: boolean; ui: NonNullable<MockConfigInput['ui']> };
}

const HOUR = 60 * 60 * 1000;

export interface ConfigOverrides {
  host?: string;
  port?: number;
  flowLifespanMs?: number;
  privilegedMaxAgeMs?: number;
}

/** scrypt's N: a power of two from 2 to 2^20. */
const hashCost: Checker = (value, key) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > 2 ** 20 || (value & (value - 1)) !== 0) {
    throw new ConfigError(`config key "${key}" must be a power of two from 2 to 1048576, got ${JSON.stringify(value)}`);
  }
};

const duration: Checker = (value, key) => {
  durationMs(value, key);
};
const enabledOnly: Checker = (value, key) => expectKeys(value, key, { enabled: bool });

function durationMs(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    try {
      return parseDuration(value);
    } catch (error) {
      throw new ConfigError(`config key "${key}": ${(error as Error).message}`);
    }
  }
  throw new ConfigError(`config key "${key}" must be a duration such as "1h" or a number of milliseconds`);
}

const provider: Checker = (value, key) => expectKeys(value, key, { id: str, label: str });

const ROOT_CHECKERS: Record<string, Checker> = {
  public_base_url: url,
  ui: (value, key) => expectKeys(value, key, Object.fromEntries(UI_PAGES.map((name) => [name, uiUrl]))),
  allowed_return_urls: (value, key) => {
    if (!Array.isArray(value)) throw new ConfigError(`config key "${key}" must be a list of URLs`);
    for (const [index, entry] of value.entries()) url(entry, `${key}[${index}]`);
  },
  default_browser_return_url: url,
  settings_after_return_url: url,
  flow_lifespan: duration,
  login_flow_lifespan: duration,
  privileged_session_max_age: duration,
  session_lifespan: duration,
  required_aal: (value, key) => {
    if (value !== 'aal1' && value !== 'highest_available') {
      throw new ConfigError(`config key "${key}" must be "aal1" or "highest_available", got ${JSON.stringify(value)}`);
    }
  },
  methods: (value, key) =>
    expectKeys(value, key, {
      profile: enabledOnly,
      passkey: enabledOnly,
      lookup_secret: enabledOnly,
      webauthn: (child, childKey) => expectKeys(child, childKey, { enabled: bool, rp_id: str }),
      password: (child, childKey) =>
        expectKeys(child, childKey, {
          enabled: bool,
          min_length: positiveInteger,
          identifier_similarity_check: bool,
          haveibeenpwned_enabled: bool,
          hash_cost: hashCost,
        }),
      totp: (child, childKey) => expectKeys(child, childKey, { enabled: bool, issuer: str }),
      oidc: (child, childKey) =>
        expectKeys(child, childKey, {
          enabled: bool,
          providers: (list, listKey) => {
            if (!Array.isArray(list)) throw new ConfigError(`config key "${listKey}" must be a list`);
            for (const [index, entry] of list.entries()) provider(entry, `${listKey}[${index}]`);
            const ids = list.map((entry) => (entry as OidcProviderConfig).id);
            const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
            if (duplicate !== undefined) throw new ConfigError(`config key "${listKey}" lists provider "${duplicate}" twice`);
          },
        }),
    }),
  identity_schema: (value, key) => checkIdentitySchema(value, key),
  request_body_limit_bytes: positiveInteger,
  cors: corsChecker,
  deployment: deploymentChecker,
  oidc_provider: (value, key) => expectKeys(value, key, { port: nonNegativeInteger, url }),
  identities: identitiesChecker,
};

/** The identity schema must describe `traits` as an object with properties; one trait may be the password identifier. */
function checkIdentitySchema(value: unknown, key: string): void {
  if (!isPlainObject(value)) throw new ConfigError(`config key "${key}" must be a JSON Schema object`);
  const properties = value['properties'];
  const traits = isPlainObject(properties) ? properties['traits'] : undefined;
  if (!isPlainObject(traits) || traits['type'] !== 'object' || !isPlainObject(traits['properties'])) {
    throw new ConfigError(`config key "${key}.properties.traits" must be an object schema with "properties"`);
  }
  try {
    compileJsonSchema(value);
  } catch (error) {
    throw new ConfigError(`config key "${key}" is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

export function readConfigFile(file: string): MockConfigInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file "${file}": ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
    return (parsed ?? {}) as MockConfigInput;
  } catch (error) {
    throw new ConfigError(`config file "${file}" is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
}

const DEFAULT_OIDC_PROVIDERS: OidcProviderConfig[] = [{ id: 'fake', label: 'Fake OIDC' }];

/** Validates the input (unknown keys are errors) and fills in the defaults. */
export function resolveConfig(input: unknown, overrides: ConfigOverrides = {}): MockConfig {
  expectKeys(input ?? {}, '', ROOT_CHECKERS);
  const raw = (input ?? {}) as MockConfigInput;
  const deployment = resolveDeployment(raw.deployment);
  const scheme = deployment.tls ? 'https' : 'http';
  const publicBaseUrl = (
    raw.public_base_url ?? `${scheme}://${overrides.host ?? '127.0.0.1'}:${overrides.port ?? 4433}${deployment.basePath}`
  ).replace(/\/+$/, '');
  const methods = raw.methods ?? {};
  const enabled = Object.fromEntries(SETTINGS_METHODS.map((method) => [method, methods[method]?.enabled ?? true])) as Record<
    SettingsMethod,
    boolean
  >;
  const config: MockConfig = {
    publicBaseUrl,
    ui: { settings: '', login: '', error: '', registration: '', verification: '', recovery: '' },
    allowedReturnUrls: raw.allowed_return_urls ?? [],
    defaultBrowserReturnUrl: raw.default_browser_return_url,
    settingsAfterReturnUrl: raw.settings_after_return_url,
    flowLifespanMs: overrides.flowLifespanMs ?? durationMs(raw.flow_lifespan ?? HOUR, 'flow_lifespan'),
    loginFlowLifespanMs: durationMs(raw.login_flow_lifespan ?? HOUR, 'login_flow_lifespan'),
    privilegedMaxAgeMs: overrides.privilegedMaxAgeMs ?? durationMs(raw.privileged_session_max_age ?? HOUR, 'privileged_session_max_age'),
    sessionLifespanMs: durationMs(raw.session_lifespan ?? 24 * HOUR, 'session_lifespan'),
    requiredAal: raw.required_aal ?? 'highest_available',
    enabled,
    password: {
      minLength: methods.password?.min_length ?? 8,
      identifierSimilarityCheck: methods.password?.identifier_similarity_check ?? true,
      breachCheck: methods.password?.haveibeenpwned_enabled ?? true,
      hashCost: methods.password?.hash_cost ?? DEFAULT_HASH_COST,
    },
    totpIssuer: methods.totp?.issuer ?? 'Kratos Settings Mock',
    webauthnRpId: methods.webauthn?.rp_id,
    oidcProviders: methods.oidc?.providers ?? DEFAULT_OIDC_PROVIDERS,
    identitySchemaId: 'default',
    identitySchema: raw.identity_schema ?? DEFAULT_IDENTITY_SCHEMA,
    bodyLimitBytes: raw.request_body_limit_bytes ?? 1024 * 1024,
    cors: resolveCors(raw.cors),
    deployment,
    oidcProvider: {
      port: raw.oidc_provider?.port ?? 0,
      url: (raw.oidc_provider?.url ?? `http://${overrides.host ?? '127.0.0.1'}:${raw.oidc_provider?.port ?? 0}`).replace(/\/+$/, ''),
      configuredUrl: raw.oidc_provider?.url !== undefined,
    },
    identities: raw.identities ?? [],
    configured: { publicBaseUrl: raw.public_base_url !== undefined, ui: raw.ui ?? {} },
  };
  setPublicBaseUrl(config, publicBaseUrl);
  return config;
}

/** Sets the public URL and the UI URLs that default to pages on the mock itself. */
export function setPublicBaseUrl(config: MockConfig, publicBaseUrl: string): void {
  const ui = config.configured.ui;
  config.publicBaseUrl = publicBaseUrl.replace(/\/+$/, '');
  config.ui = Object.fromEntries(UI_PAGES.map((name) => [name, ui[name] ?? `${config.publicBaseUrl}/ui/${name}`])) as Record<
    UiPage,
    string
  >;
}
