/**
 * A loopback proxy in front of the mock that misbehaves on one settings endpoint (GET /self-service/settings/flows,
 * which provisioning never calls) and passes everything else through, so the suite gets as far as its checks.
 */
import type http from 'node:http';
import { startTamperingProxy, type Tamper, type TamperingProxy } from '../support/tampering-proxy.js';

export type Misbehaviour = 'hang' | 'reset' | 'non-json' | 'huge-body' | 'invalid-utf8';

export const HUGE_BODY_BYTES = 10 * 1024 * 1024;

function isHostile(request: http.IncomingMessage): boolean {
  return request.method === 'GET' && (request.url ?? '').startsWith('/self-service/settings/flows');
}

function tamperFor(misbehaviour: Misbehaviour): Tamper {
  switch (misbehaviour) {
    case 'hang':
      return { kind: 'intercept', respond: () => {} };
    case 'reset':
      return { kind: 'reset' };
    case 'non-json':
      return { kind: 'answer', status: 200, body: '<html><body>Service temporarily unavailable</body></html>' };
    case 'huge-body':
      return {
        kind: 'intercept',
        respond: (_request, response) => {
          const filler = Buffer.alloc(HUGE_BODY_BYTES, 'a');
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(filler.length + 9) });
          response.write('{"id":"');
          response.write(filler);
          response.end('"}');
        },
      };
    case 'invalid-utf8':
      return {
        kind: 'intercept',
        respond: (_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          response.end(Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]));
        },
      };
  }
}

/** The proxy records every exchange it passes; `tampered()` counts the requests that met the misbehaviour. */
export function startHostileProxy(upstream: string, misbehaviour: Misbehaviour): Promise<TamperingProxy> {
  const tamper = tamperFor(misbehaviour);
  return startTamperingProxy(upstream, (request) => (isHostile(request) ? tamper : { kind: 'pass' }), { record: true });
}
