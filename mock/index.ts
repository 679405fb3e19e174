/** The reference mock: `init()` for server.inject in tests, `start()` to listen. */
import Hapi, { type Plugin, type Request, type Server } from '@hapi/hapi';
import { randomUUID } from 'node:crypto';
import { loadValidator } from '../spec/index.js';
import { ConfigError, readConfigFile, resolveConfig, setPublicBaseUrl, type MockConfig } from './config.js';
import type { MockContext } from './context.js';
import { applyDeployment, listenOnAdminPort } from './deployment.js';
import { registerErrorHook } from './http/error-hook.js';
import { FAULTS } from './faults/index.js';
import { loadFixtures } from './fixtures.js';
import { registerCors } from './http/cors.js';
import { createBrowserLoginFlow } from './routes/createBrowserLoginFlow.js';
import { createBrowserLogoutFlow } from './routes/createBrowserLogoutFlow.js';
import { createBrowserSettingsFlow } from './routes/createBrowserSettingsFlow.js';
import { createIdentity } from './routes/createIdentity.js';
import { createBrowserRegistrationFlow } from './routes/createBrowserRegistrationFlow.js';
import { createNativeRegistrationFlow } from './routes/createNativeRegistrationFlow.js';
import { getRegistrationFlow } from './routes/getRegistrationFlow.js';
import { updateRegistrationFlow } from './routes/updateRegistrationFlow.js';
import { createBrowserVerificationFlow } from './routes/createBrowserVerificationFlow.js';
import { createNativeVerificationFlow } from './routes/createNativeVerificationFlow.js';
import { getVerificationFlow } from './routes/getVerificationFlow.js';
import { updateVerificationFlow } from './routes/updateVerificationFlow.js';
import { createBrowserRecoveryFlow } from './routes/createBrowserRecoveryFlow.js';
import { createNativeRecoveryFlow } from './routes/createNativeRecoveryFlow.js';
import { getRecoveryFlow } from './routes/getRecoveryFlow.js';
import { updateRecoveryFlow } from './routes/updateRecoveryFlow.js';
import { listCourierMessages } from './routes/listCourierMessages.js';
import { createNativeLoginFlow } from './routes/createNativeLoginFlow.js';
import { createNativeSettingsFlow } from './routes/createNativeSettingsFlow.js';
import { deleteIdentity } from './routes/deleteIdentity.js';
import { fallbackRoutes } from './routes/fallbacks.js';
import { getFlowError } from './routes/getFlowError.js';
import { getIdentity } from './routes/getIdentity.js';
import { getIdentitySchema, listIdentitySchemas } from './routes/getIdentitySchema.js';
import { getLoginFlow } from './routes/getLoginFlow.js';
import { getSettingsFlow } from './routes/getSettingsFlow.js';
import { isReady } from './routes/isReady.js';
import { listIdentities } from './routes/listIdentities.js';
import { performNativeLogout } from './routes/performNativeLogout.js';
import { toSession } from './routes/toSession.js';
import { updateLoginFlow } from './routes/updateLoginFlow.js';
import { updateLogoutFlow } from './routes/updateLogoutFlow.js';
import { updateSettingsFlow } from './routes/updateSettingsFlow.js';
import { pagesPlugin } from './pages/plugin.js';
import { completeSettings } from './settings/submit.js';
import { SelfServiceStore } from './flows/store.js';
import { MemoryStore } from './store.js';
import { operationIdOf, SPECIFIED_OPERATION_IDS } from './routes/operations.js';
import { loadStrategies } from './strategies/registry.js';
import type { StrategyDeps } from './strategies/strategy.js';
import { VARIANTS } from './variants/index.js';

export { ConfigError } from './config.js';
export { FAULTS } from './faults/index.js';
export { VARIANTS } from './variants/index.js';

export interface MockOptions {
  host?: string;
  port?: number;
  /**
   * The host name of the public URL when the config sets none (default: the address listened on). `localhost` for a
   * loopback address lets browsers use WebAuthn, whose relying party id may not be an IP address.
   */
  publicHostname?: string;
  /** The configuration object (the file's shape); wins over `configFile`. */
  config?: unknown;
  configFile?: string;
  flowLifespanMs?: number;
  privilegedMaxAgeMs?: number;
  /** Named faults (deliberately broken behaviour); unknown names fail at start. */
  faults?: string[];
  /** Named variants: valid ways a conforming server may differ from this mock; unknown names fail at start. */
  variants?: string[];
  clock?: () => number;
  idGenerator?: () => string;
  /** Check every JSON response of the settings operations against spec/ and throw on drift (tests). */
  validateResponses?: boolean;
  log?: (message: string) => void;
}

const SWEEP_INTERVAL_MS = 60 * 1000;

/** The mock's state, reachable from a server for tests: `mockContextOf(server).store`. */
export function mockContextOf(server: Server): MockContext {
  return (server.app as { mock: MockContext }).mock;
}

function resolveOptions(options: MockOptions): MockConfig {
  for (const [kind, names, registry] of [
    ['fault', options.faults, FAULTS],
    ['variant', options.variants, VARIANTS],
  ] as const) {
    for (const name of names ?? []) {
      if (!registry.has(name)) throw new ConfigError(`unknown ${kind} "${name}"; known ${kind}s: ${[...registry.keys()].join(', ')}`);
    }
  }
  const input = options.config ?? (options.configFile ? readConfigFile(options.configFile) : {});
  return resolveConfig(input, {
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined && options.port !== 0 ? { port: options.port } : {}),
    ...(options.flowLifespanMs !== undefined ? { flowLifespanMs: options.flowLifespanMs } : {}),
    ...(options.privilegedMaxAgeMs !== undefined ? { privilegedMaxAgeMs: options.privilegedMaxAgeMs } : {}),
  });
}

function responseChecker(validateResponses: boolean | undefined) {
  if (!validateResponses) return undefined;
  return loadValidator().then((validator) => (request: Request, status: number, body: unknown, headers: Record<string, unknown>) => {
    const operationId = operationIdOf(request);
    if (operationId === undefined || !SPECIFIED_OPERATION_IDS.has(operationId)) return;
    const problems =
      typeof body === 'object' && body !== null
        ? validator
            .validateResponse(operationId, status, body)
            .map((violation) => `  ${violation.path || '/'} ${violation.keyword}: ${violation.message}`)
        : [];
    for (const name of validator.requiredHeaders(operationId, status)) {
      if (headers[name] === undefined && headers[name.toLowerCase()] === undefined) problems.push(`  header ${name} is missing`);
    }
    if (problems.length > 0) {
      const message = `mock response drifted from spec/: ${operationId} ${status}\n${problems.join('\n')}\n${JSON.stringify(body)}`;
      console.error(message);
      throw new Error(message);
    }
  });
}

export async function init(options: MockOptions = {}): Promise<Server> {
  const config = resolveOptions(options);
  const now = options.clock ?? Date.now;
  const newId = options.idGenerator ?? randomUUID;
  const store = new MemoryStore({ clock: now, newId, expiredFlowRetentionMs: Math.max(config.flowLifespanMs, 60 * 60 * 1000) });
  const server = Hapi.server({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4433,
    routes: {
      state: { parse: false, failAction: 'ignore' },
      payload: { maxBytes: config.bodyLimitBytes },
    },
    router: { stripTrailingSlash: false },
    ...(config.deployment.tls ? { tls: config.deployment.tls } : {}),
  });
  const deps: StrategyDeps = {
    config,
    store,
    now,
    newId,
    // Called only while serving requests, after `ctx` below exists.
    completeSettings: (request, h, input) => completeSettings(ctx, request, h, input),
  };
  const strategies = loadStrategies(deps);
  const ctx: MockContext = { config, store, flows: new SelfServiceStore(now, newId), strategies, now, newId, skippedChecks: new Set() };
  server.app = { mock: ctx };
  const check = await responseChecker(options.validateResponses);
  registerErrorHook(server, {
    ...(check ? { onResponse: check } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  registerCors(server, () => ctx.config.cors);
  // After the error hook: faults and variants see (and rewrite) the responses the mock would send.
  for (const [name, fault] of FAULTS) if (options.faults?.includes(name)) fault.apply({ server, mock: ctx });
  for (const [name, variant] of VARIANTS) if (options.variants?.includes(name)) variant.apply({ server, mock: ctx });
  applyDeployment(server, config);
  let lastSweep = now();
  server.ext('onRequest', (_request, h) => {
    if (now() - lastSweep >= SWEEP_INTERVAL_MS) {
      lastSweep = now();
      store.sweep();
    }
    return h.continue;
  });
  const plugin: Plugin<undefined> = {
    name: 'kratos-settings-mock',
    register(pluginServer) {
      pluginServer.route([
        createBrowserSettingsFlow,
        createNativeSettingsFlow,
        getSettingsFlow,
        ...updateSettingsFlow,
        isReady,
        createIdentity,
        listIdentities,
        getIdentity,
        deleteIdentity,
        createNativeLoginFlow,
        createBrowserLoginFlow,
        getLoginFlow,
        updateLoginFlow,
        toSession,
        getFlowError,
        getIdentitySchema,
        listIdentitySchemas,
        createBrowserLogoutFlow,
        updateLogoutFlow,
        performNativeLogout,
        createBrowserRegistrationFlow,
        createNativeRegistrationFlow,
        getRegistrationFlow,
        updateRegistrationFlow,
        createBrowserVerificationFlow,
        createNativeVerificationFlow,
        getVerificationFlow,
        updateVerificationFlow,
        createBrowserRecoveryFlow,
        createNativeRecoveryFlow,
        getRecoveryFlow,
        updateRecoveryFlow,
        listCourierMessages,
        ...fallbackRoutes,
        ...strategies.flatMap((strategy) => strategy.routes?.() ?? []),
      ]);
    },
  };
  await server.register([plugin, pagesPlugin]);
  await server.initialize();
  await loadFixtures(ctx, config.identities);
  ctx.oidcProviderServer = await providerServer(options, ctx);
  server.ext('onPostStop', async () => {
    await ctx.oidcProviderServer?.stop();
  });
  return server;
}

/** The fake OIDC provider on a server of its own: another origin than the mock, as a real provider is. */
async function providerServer(options: MockOptions, ctx: MockContext): Promise<Server> {
  const provider = Hapi.server({
    host: options.host ?? '127.0.0.1',
    port: ctx.config.oidcProvider.port,
    routes: { state: { parse: false, failAction: 'ignore' } },
    router: { stripTrailingSlash: false },
  });
  registerErrorHook(provider, options.log ? { log: options.log } : {});
  provider.route(ctx.strategies.flatMap((strategy) => strategy.providerRoutes?.() ?? []));
  await provider.initialize();
  return provider;
}

export async function start(options: MockOptions = {}): Promise<Server> {
  const server = await init(options);
  await server.start();
  const ctx = mockContextOf(server);
  const host = options.host ?? '127.0.0.1';
  // A wildcard address is not something a browser can be sent to.
  const reachable = options.publicHostname ?? (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);
  const { basePath, tls } = ctx.config.deployment;
  if (!ctx.config.configured.publicBaseUrl) {
    setPublicBaseUrl(
      ctx.config,
      `${tls ? 'https' : 'http'}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${server.info.port}${basePath}`,
    );
  }
  const adminBaseUrl = await listenOnAdminPort(server, ctx.config, host, reachable);
  if (adminBaseUrl !== undefined) ctx.config.adminBaseUrl = adminBaseUrl;
  const provider = ctx.oidcProviderServer;
  if (provider && ctx.config.enabled.oidc) {
    await provider.start();
    if (!ctx.config.oidcProvider.configuredUrl) {
      const hostname = new URL(ctx.config.publicBaseUrl).hostname;
      ctx.config.oidcProvider.url = `http://${hostname}:${provider.info.port}`;
    }
  }
  return server;
}
