/**
 * `startMock`: the reference mock in-process, listening on a free port, for a front end's own API tests. Identities and
 * sessions come through the mock's HTTP API (admin API and native login flow), as they would from Kratos.
 */
import { randomBytes } from 'node:crypto';
import type { MockConfigInput } from '../mock/config.js';
import { mockContextOf, start } from '../mock/index.js';
import { parseDuration } from '../spec/index.js';
import type { Duration } from './run.js';

// From the modules themselves, not mock/index.js: that one's declarations pull in @hapi/hapi's, which need joi's.
export { ConfigError, type MockConfigInput } from '../mock/config.js';

export interface StartMockOptions {
  /** The mock's configuration, in the shape of its config file (see mock/config.example.yaml in the repository). */
  config?: MockConfigInput;
  /** A YAML or JSON configuration file; `config` wins over it. */
  configFile?: string;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** Named faults (deliberately broken behaviour), as `mock --fault`; unknown names throw a ConfigError. */
  faults?: string[];
  /** Named valid variations, as `mock --variant`. */
  variants?: string[];
  /** Where the mock's log lines go (default: nowhere). */
  log?: (message: string) => void;
}

export interface MockIdentity {
  id: string;
  traits: Record<string, unknown>;
  /** The identifier to log in with (the schema's password identifier, by default the email). */
  identifier: string;
  password: string;
}

export interface MockSession {
  /** For native clients: send as `X-Session-Token` or `Authorization: Bearer`. */
  token: string;
  identityId: string;
}

export interface RunningMock {
  /** Base URL of the public API (with the configured base path), no trailing slash. */
  url: string;
  /** Base URL of the admin API (`/admin/identities`, ...): the admin port's when one is configured, else `url`. */
  adminUrl: string;
  /** Moves the mock's clock forward, so flows expire and sessions age without waiting. */
  advanceClock(by: Duration): void;
  /** Creates an identity with a password through the admin API; default traits: a fresh email. */
  createIdentity(input?: { traits?: Record<string, unknown>; password?: string }): Promise<MockIdentity>;
  /** Logs in through the native login flow and returns the session token. */
  login(identity: Pick<MockIdentity, 'identifier' | 'password'>): Promise<MockSession>;
  stop(): Promise<void>;
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: the mock answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function startMock(options: StartMockOptions = {}): Promise<RunningMock> {
  let offsetMs = 0;
  const server = await start({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.variants ? { variants: options.variants } : {}),
    clock: () => Date.now() + offsetMs,
    log: options.log ?? (() => {}),
  });
  const { deployment, adminBaseUrl } = mockContextOf(server).config;
  const host = server.info.host.includes(':') ? `[${server.info.host}]` : server.info.host;
  const url = `${deployment.tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.info.port}${deployment.basePath}`;
  const adminUrl = adminBaseUrl ?? url;
  // The helpers send what the configured deployment asks of every client: the admin key, the gateway header.
  const adminHeaders: Record<string, string> =
    deployment.adminApiKey === undefined ? {} : { authorization: `Bearer ${deployment.adminApiKey}` };
  const publicHeaders: Record<string, string> =
    deployment.publicApiHeader === undefined ? {} : { [deployment.publicApiHeader.name]: deployment.publicApiHeader.value };

  return {
    url,
    adminUrl,
    advanceClock(by) {
      const ms = typeof by === 'number' ? by : parseDuration(by);
      if (!(ms >= 0)) throw new RangeError(`advanceClock: the clock only moves forward, got ${String(by)}`);
      offsetMs += ms;
    },
    async createIdentity(input = {}) {
      const password = input.password ?? `pw-${randomBytes(12).toString('hex')}`;
      const traits = input.traits ?? { email: `user-${randomBytes(6).toString('hex')}@example.test` };
      const created = await json(
        await fetch(`${adminUrl}/admin/identities`, {
          method: 'POST',
          headers: { ...adminHeaders, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ traits, credentials: { password: { config: { password } } } }),
        }),
        'createIdentity',
      );
      const credentials = created['credentials'] as { password?: { identifiers?: string[] } } | undefined;
      const identifier = credentials?.password?.identifiers?.[0];
      if (identifier === undefined) throw new Error('createIdentity: the identity schema names no password identifier');
      return { id: String(created['id']), traits: created['traits'] as Record<string, unknown>, identifier, password };
    },
    async login({ identifier, password }) {
      const flow = await json(
        await fetch(`${url}/self-service/login/api`, { headers: { ...publicHeaders, accept: 'application/json' } }),
        'createNativeLoginFlow',
      );
      const answer = await json(
        await fetch(`${url}/self-service/login?flow=${encodeURIComponent(String(flow['id']))}`, {
          method: 'POST',
          headers: { ...publicHeaders, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ method: 'password', identifier, password }),
        }),
        'updateLoginFlow',
      );
      const session = answer['session'] as { identity?: { id?: string } } | undefined;
      return { token: String(answer['session_token']), identityId: String(session?.identity?.id) };
    },
    async stop() {
      await server.stop({ timeout: 1_000 });
    },
  };
}
