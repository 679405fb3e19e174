/**
 * A loopback proxy in front of a server that lets a test change what passes: drop a connection, answer in the
 * server's place, or strip a request header. Everything else goes through unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What to do with one request: pass it on (maybe without some headers), answer it here, or reset its connection. */
export type Tamper =
  | { kind: 'pass'; dropHeaders?: string[] }
  | { kind: 'answer'; status: number; body: string }
  | { kind: 'reset' };

export interface TamperingProxy {
  url: string;
  /** How many requests were not passed on unchanged. */
  tampered(): number;
  close(): Promise<void>;
}

export async function startTamperingProxy(upstream: string, decide: (request: http.IncomingMessage, index: number) => Tamper): Promise<TamperingProxy> {
  const target = new URL(upstream);
  let index = 0;
  let tampered = 0;
  const server = http.createServer((request, response) => {
    const decision = decide(request, index);
    index += 1;
    if (decision.kind !== 'pass' || (decision.dropHeaders?.some((name) => request.headers[name] !== undefined) ?? false)) tampered += 1;
    if (decision.kind === 'reset') {
      request.resume();
      request.socket.resetAndDestroy();
      return;
    }
    if (decision.kind === 'answer') {
      request.resume();
      response.writeHead(decision.status, { 'content-type': 'application/json' });
      response.end(decision.body);
      return;
    }
    const headers = { ...request.headers };
    for (const name of decision.dropHeaders ?? []) delete headers[name];
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent: false },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tampered: () => tampered,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
