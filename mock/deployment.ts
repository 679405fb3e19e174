/**
 * The mock shaped like a real deployment (config key `deployment`): the public API under a base path and behind a
 * gateway key, the admin API behind a bearer key and on a port of its own, HTTPS.
 */
import type { Server } from '@hapi/hapi';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { MockConfig } from './config.js';
import { errors } from './errors.js';

/** Marks a request that reached the mock through the admin port (`server.inject` carries it in request.app). */
const VIA_ADMIN_PORT = 'viaAdminPort';

function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/** Routes each request as the deployment would: strip the base path, refuse what the gateway would refuse. */
export function applyDeployment(server: Server, config: MockConfig): void {
  const { basePath, publicApiHeader, adminApiKey, adminPort } = config.deployment;
  server.ext('onRequest', (request, h) => {
    const viaAdminPort = (request.app as Record<string, unknown>)[VIA_ADMIN_PORT] === true;
    let path = request.path;
    if (!viaAdminPort && basePath !== '') {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) throw errors.notFound();
      path = path.slice(basePath.length) || '/';
      request.setUrl(`${path}${request.url.search}`);
    }
    const admin = isAdminPath(path);
    if (adminPort !== undefined && admin !== viaAdminPort) throw errors.notFound();
    if (admin && adminApiKey !== undefined && request.headers['authorization'] !== `Bearer ${adminApiKey}`) {
      throw errors.unauthorized('The admin API needs Authorization: Bearer <admin_api_key>.');
    }
    if (!admin && publicApiHeader !== undefined && request.headers[publicApiHeader.name] !== publicApiHeader.value) {
      throw errors.unauthorized(`The gateway needs the ${publicApiHeader.name} header.`);
    }
    return h.continue;
  });
}

/** Listens on the admin port and hands each request to the server; resolves to the admin API's base URL. */
export async function listenOnAdminPort(server: Server, config: MockConfig, host: string, urlHost: string): Promise<string | undefined> {
  const { adminPort, tls } = config.deployment;
  if (adminPort === undefined) return undefined;
  const handler: http.RequestListener = (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const method = incoming.method ?? 'GET';
      void server
        .inject({
          method,
          url: incoming.url ?? '/',
          headers: incoming.headers as Record<string, string>,
          ...(method === 'GET' || method === 'HEAD' ? {} : { payload: Buffer.concat(chunks) }),
          app: { [VIA_ADMIN_PORT]: true },
        })
        .then(
          (response) => {
            const headers = Object.fromEntries(
              Object.entries(response.headers).filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding'),
            );
            outgoing.writeHead(response.statusCode, headers as http.OutgoingHttpHeaders).end(response.rawPayload);
          },
          () => outgoing.writeHead(502).end(),
        );
    });
  };
  const listener = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(adminPort, host, () => resolve());
  });
  server.ext(
    'onPreStop',
    () =>
      new Promise<void>((resolve) => {
        listener.closeAllConnections();
        listener.close(() => resolve());
      }),
  );
  const port = (listener.address() as AddressInfo).port;
  return `${tls ? 'https' : 'http'}://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;
}
