/** The `deployment` config key: how the mock is reached, to mirror a production deployment. */
import { readFileSync } from 'node:fs';
import { ConfigError, expectKeys, str, type Checker } from './config-check.js';

export interface DeploymentInput {
  /** The public API is served under this path (`/auth`): `/auth/self-service/...`. */
  base_path?: string;
  /** `Name: value` every public request must carry (a gateway key); others get 401. */
  public_api_header?: string;
  /** Requests to /admin/* must carry `Authorization: Bearer <key>`; others get 401. */
  admin_api_key?: string;
  /** Serve /admin/* on this port only (0: a free one), not on the public port. */
  admin_port?: number;
  /** The session cookie's name (Ory Network: `ory_session_<slug>`). */
  session_cookie?: string;
  /** Serve HTTPS (public and admin port) with this PEM certificate and key. */
  tls?: { cert: string; key: string };
}

export interface Deployment {
  basePath: string;
  publicApiHeader: { name: string; value: string } | undefined;
  adminApiKey: string | undefined;
  adminPort: number | undefined;
  sessionCookie: string;
  tls: { cert: string; key: string } | undefined;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function headerLine(line: string): { name: string; value: string } | undefined {
  const separator = line.indexOf(':');
  const name = line.slice(0, Math.max(separator, 0)).trim();
  const value = line.slice(separator + 1).trim();
  return separator > 0 && TOKEN.test(name) && value !== '' ? { name: name.toLowerCase(), value } : undefined;
}

const readablePem: Checker = (value, key) => {
  if (typeof value !== 'string') throw new ConfigError(`config key "${key}" must be the path of a PEM file`);
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (error) {
    throw new ConfigError(`config key "${key}": cannot read "${value}": ${(error as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new ConfigError(`config key "${key}": "${value}" is not a PEM file`);
};

export const deploymentChecker: Checker = (value, key) =>
  expectKeys(value, key, {
    base_path: (child, childKey) => {
      if (typeof child !== 'string' || !/^(\/[\w.~-]+)+$/.test(child))
        throw new ConfigError(`config key "${childKey}" must be a path such as "/auth" (no trailing slash)`);
    },
    public_api_header: (child, childKey) => {
      if (typeof child !== 'string' || headerLine(child) === undefined)
        throw new ConfigError(`config key "${childKey}" must be "Name: value"`);
    },
    admin_api_key: str,
    admin_port: (child, childKey) => {
      if (typeof child !== 'number' || !Number.isInteger(child) || child < 0 || child > 65535)
        throw new ConfigError(`config key "${childKey}" must be a port number`);
    },
    session_cookie: (child, childKey) => {
      if (typeof child !== 'string' || !TOKEN.test(child)) throw new ConfigError(`config key "${childKey}" must be a cookie name`);
    },
    tls: (child, childKey) => {
      expectKeys(child, childKey, { cert: readablePem, key: readablePem });
      const given = child as Record<string, unknown>;
      if (given['cert'] === undefined || given['key'] === undefined)
        throw new ConfigError(`config key "${childKey}" needs both "cert" and "key"`);
    },
  });

export function resolveDeployment(input: DeploymentInput = {}): Deployment {
  return {
    basePath: input.base_path ?? '',
    publicApiHeader: input.public_api_header === undefined ? undefined : headerLine(input.public_api_header),
    adminApiKey: input.admin_api_key,
    adminPort: input.admin_port,
    sessionCookie: input.session_cookie ?? 'ory_kratos_session',
    tls: input.tls === undefined ? undefined : { cert: readFileSync(input.tls.cert, 'utf8'), key: readFileSync(input.tls.key, 'utf8') },
  };
}
