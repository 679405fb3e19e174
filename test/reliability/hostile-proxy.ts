/**
 * A loopback proxy in front of the mock that misbehaves on one settings endpoint (GET /self-service/settings/flows,
 * which provisioning never calls) and passes everything else through, so the suite gets as far as its checks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Misbehaviour = 'hang' | 'reset' | 'non-json' | 'huge-body' | 'invalid-utf8';

export const HUGE_BODY_BYTES = 10 * 1024 * 1024;

/** One request the proxy passed through, for tests that look for secrets in what the suite printed. */
export interface PassedExchange {
  requestHeaders: http.IncomingHttpHeaders;
  requestBody: string;
  responseHeaders: http.IncomingHttpHeaders;
  responseBody: string;
}

export interface HostileProxy {
  url: string;
  /** Every exchange passed through to the mock. */
  passed: PassedExchange[];
  /** How many requests met the misbehaviour. */
  hostileRequests(): number;
  close(): Promise<void>;
}

function isHostile(request: http.IncomingMessage): boolean {
  return request.method === 'GET' && (request.url ?? '').startsWith('/self-service/settings/flows');
}

function misbehave(misbehaviour: Misbehaviour, request: http.IncomingMessage, response: http.ServerResponse): void {
  switch (misbehaviour) {
    case 'hang':
      return;
    case 'reset':
      request.socket.resetAndDestroy();
      return;
    case 'non-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('<html><body>Service temporarily unavailable</body></html>');
      return;
    case 'huge-body': {
      const filler = Buffer.alloc(HUGE_BODY_BYTES, 'a');
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(filler.length + 9) });
      response.write('{"id":"');
      response.write(filler);
      response.end('"}');
      return;
    }
    case 'invalid-utf8':
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]));
      return;
  }
}

export async function startHostileProxy(upstream: string, misbehaviour: Misbehaviour): Promise<HostileProxy> {
  const target = new URL(upstream);
  let hostile = 0;
  const passed: PassedExchange[] = [];
  const server = http.createServer((request, response) => {
    if (isHostile(request)) {
      hostile += 1;
      request.resume();
      misbehave(misbehaviour, request, response);
      return;
    }
    const requestChunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent: false },
      (upstreamResponse) => {
        const responseChunks: Buffer[] = [];
        upstreamResponse.on('data', (chunk: Buffer) => responseChunks.push(chunk));
        upstreamResponse.on('end', () => passed.push({
          requestHeaders: request.headers, requestBody: Buffer.concat(requestChunks).toString('utf8'),
          responseHeaders: upstreamResponse.headers, responseBody: Buffer.concat(responseChunks).toString('utf8'),
        }));
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
    passed,
    hostileRequests: () => hostile,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
