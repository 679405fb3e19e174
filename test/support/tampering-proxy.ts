/**
 * A loopback proxy in front of a server that lets a test change what passes: drop a connection, answer in the
 * server's place, misbehave in any way a handler can, or strip a request header. Everything else goes through
 * unchanged, and can be recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What to do with one request: pass it on (maybe without some headers), answer it here, reset its connection, or hand
 * it to `respond`, which may also never answer.
 */
export type Tamper =
  | { kind: 'pass'; dropHeaders?: string[] }
  | { kind: 'answer'; status: number; body: string }
  | { kind: 'reset' }
  | { kind: 'intercept'; respond: (request: http.IncomingMessage, response: http.ServerResponse) => void };

/** One request the proxy passed through, for tests that look for secrets in what was sent. */
export interface PassedExchange {
  requestHeaders: http.IncomingHttpHeaders;
  requestBody: string;
  responseHeaders: http.IncomingHttpHeaders;
  responseBody: string;
}

export interface TamperingProxy {
  url: string;
  /** Every exchange passed through, when the proxy records (else empty). */
  passed: PassedExchange[];
  /** How many requests were not passed on unchanged. */
  tampered(): number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Keep every passed exchange, bodies included, in `passed`. */
  record?: boolean;
}

function collect(stream: http.IncomingMessage): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

function isUnchanged(decision: Tamper, request: http.IncomingMessage): boolean {
  return decision.kind === 'pass' && !(decision.dropHeaders?.some((name) => request.headers[name] !== undefined) ?? false);
}

function tamperHere(decision: Exclude<Tamper, { kind: 'pass' }>, request: http.IncomingMessage, response: http.ServerResponse): void {
  request.resume();
  if (decision.kind === 'reset') request.socket.resetAndDestroy();
  else if (decision.kind === 'intercept') decision.respond(request, response);
  else {
    response.writeHead(decision.status, { 'content-type': 'application/json' });
    response.end(decision.body);
  }
}

export async function startTamperingProxy(
  upstream: string,
  decide: (request: http.IncomingMessage, index: number) => Tamper,
  options: ProxyOptions = {},
): Promise<TamperingProxy> {
  const target = new URL(upstream);
  let index = 0;
  let tampered = 0;
  const passed: PassedExchange[] = [];
  const server = http.createServer((request, response) => {
    const decision = decide(request, index);
    index += 1;
    if (!isUnchanged(decision, request)) tampered += 1;
    if (decision.kind !== 'pass') {
      tamperHere(decision, request, response);
      return;
    }
    const headers = { ...request.headers };
    for (const name of decision.dropHeaders ?? []) delete headers[name];
    const requestBody = options.record ? collect(request) : undefined;
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent: false },
      (upstreamResponse) => {
        if (requestBody) {
          const responseBody = collect(upstreamResponse);
          upstreamResponse.on('end', () =>
            passed.push({
              requestHeaders: request.headers,
              requestBody: requestBody(),
              responseHeaders: upstreamResponse.headers,
              responseBody: responseBody(),
            }),
          );
        }
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
    tampered: () => tampered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
