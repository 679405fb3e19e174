/**
 * A server in its own process for the benches, so load generator and server each get a core:
 *   serve.ts mock '<json MockServeOptions>'   the reference mock on a free port
 *   serve.ts bare '<body file>'                bare hapi routes: GET flows answers that JSON body; a POST submit answers it
 *                                              after drawing one TOTP QR code, the one costly step of a successful submit
 * It reports `{ url }` over IPC and answers `measure` (after a full GC when --expose-gc is on) with its memory and the
 * number of requests it has served, and `stop` by exiting.
 */
import Hapi, { type Server } from '@hapi/hapi';
import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { start } from '../../mock/index.js';

export interface MockServeOptions {
  /** The mock's clock runs this many times faster than the wall clock, so hours of expiry pass within a bench. */
  clockSpeed?: number;
  flowLifespanMs?: number;
  privilegedMaxAgeMs?: number;
}

export interface ServeMeasurement {
  rssBytes: number;
  heapUsedBytes: number;
  requests: number;
}

async function startMock(options: MockServeOptions): Promise<Server> {
  const speed = options.clockSpeed ?? 1;
  const origin = Date.now();
  return start({
    host: '127.0.0.1',
    port: 0,
    clock: () => origin + (Date.now() - origin) * speed,
    ...(options.flowLifespanMs !== undefined ? { flowLifespanMs: options.flowLifespanMs } : {}),
    ...(options.privilegedMaxAgeMs !== undefined ? { privilegedMaxAgeMs: options.privilegedMaxAgeMs } : {}),
    log: () => {},
  });
}

/** An otpauth URI as long as the mock's, so the bare submit draws the same QR code a successful submit draws. */
const TYPICAL_OTPAUTH_URI =
  'otpauth://totp/Kratos:load-throughput-0-3f6c1a2e-8b4d-4c1e-9f7a-2d5b6e8c0a11%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Kratos';

async function startBare(bodyFile: string): Promise<Server> {
  const body = JSON.parse(readFileSync(bodyFile, 'utf8')) as Record<string, unknown>;
  const server = Hapi.server({ host: '127.0.0.1', port: 0 });
  server.route([
    { method: 'GET', path: '/self-service/settings/flows', handler: () => body },
    {
      method: 'POST',
      path: '/self-service/settings',
      handler: async () => ({ ...body, qr: await QRCode.toDataURL(TYPICAL_OTPAUTH_URI, { width: 256 }) }),
    },
  ]);
  await server.start();
  return server;
}

const [mode = '', argument = ''] = process.argv.slice(2);
const server = mode === 'bare' ? await startBare(argument) : await startMock(JSON.parse(argument || '{}') as MockServeOptions);
let requests = 0;
server.ext('onRequest', (_request, h) => {
  requests += 1;
  return h.continue;
});
process.on('message', (message) => {
  if (message === 'measure') {
    globalThis.gc?.();
    const memory = process.memoryUsage();
    const measurement: ServeMeasurement = { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, requests };
    process.send?.(measurement);
  } else if (message === 'stop') {
    void server.stop({ timeout: 500 }).then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ url: server.info.uri });
