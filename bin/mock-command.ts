import { randomBytes } from 'node:crypto';
import { ConfigError, mockContextOf, start } from '../mock/index.js';
import { createDemoIdentity } from '../mock/demo.js';
import { resolveSettings } from './config-file.js';
import type { ParsedCommand } from './options.js';

const LOOPBACK_OR_ANY = new Set(['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost']);

/** `kratos-settings-conformance mock`: runs the mock until SIGINT/SIGTERM; exit 2 on a bad configuration. */
export async function mockCommand(parsed: ParsedCommand): Promise<number> {
  const { values, inlineMockConfig } = resolveSettings(parsed);
  const faults = values['fault'];
  const variants = values['variant'];
  const host = typeof values['host'] === 'string' ? values['host'] : '127.0.0.1';
  let server: Awaited<ReturnType<typeof start>>;
  try {
    server = await start({
      host,
      // WebAuthn refuses an IP address as relying party id; localhost reaches a loopback or wildcard address as well.
      ...(LOOPBACK_OR_ANY.has(host) ? { publicHostname: 'localhost' } : {}),
      port: typeof values['port'] === 'number' ? values['port'] : 4433,
      ...(typeof values['config'] === 'string' ? { configFile: values['config'] } : {}),
      ...(inlineMockConfig ? { config: inlineMockConfig } : {}),
      ...(typeof values['flow-lifespan'] === 'number' ? { flowLifespanMs: values['flow-lifespan'] } : {}),
      ...(typeof values['privileged-max-age'] === 'number' ? { privilegedMaxAgeMs: values['privileged-max-age'] } : {}),
      ...(Array.isArray(faults) ? { faults } : {}),
      ...(Array.isArray(variants) ? { variants } : {}),
      log: (message) => console.error(message),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES') {
      console.error(`error: cannot listen: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
  const password = `demo-${randomBytes(6).toString('hex')}`;
  const demo = await createDemoIdentity(mockContextOf(server), password);
  const { config } = mockContextOf(server);
  const listening = `${config.deployment.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${server.info.port}`;
  console.log(`listening on ${listening}`);
  if (config.publicBaseUrl !== listening) console.log(`public URL: ${config.publicBaseUrl}`);
  if (config.adminBaseUrl !== undefined) console.log(`admin API: ${config.adminBaseUrl}`);
  console.log(`demo identity: ${demo.identifier} / ${password}`);
  console.log(`settings UI: ${mockContextOf(server).config.ui.settings}`);
  if (mockContextOf(server).config.enabled.oidc) console.log(`fake OIDC provider: ${mockContextOf(server).config.oidcProvider.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.stop({ timeout: 2000 });
  return 0;
}
