import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { TargetClient } from '../../suites/client.js';
import { MAX_KEPT_BODY_BYTES, TRUNCATION_MARKER } from '../../suites/response.js';
import { CookieJar, parseSetCookie } from '../../suites/cookies.js';

/** A tiny server with one route per behaviour the client must survive. */
function startServer(): Promise<{ url: string; server: http.Server; requests: http.IncomingMessage[] }> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request);
    switch (new URL(request.url ?? '/', 'http://x').pathname) {
      case '/redirect':
        response.writeHead(303, { location: '/landing' }).end();
        return;
      case '/landing':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"landed":true}');
        return;
      case '/slow':
        setTimeout(() => response.writeHead(200).end('late'), 2000).unref();
        return;
      case '/reset':
        request.socket.destroy();
        return;
      case '/huge':
        response.writeHead(200, { 'content-type': 'application/json' }).end(`["${'x'.repeat(MAX_KEPT_BODY_BYTES * 2)}"]`);
        return;
      case '/latin1':
        response.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff]));
        return;
      case '/gzip':
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"compressed":true}'));
        return;
      case '/gzip-unlabelled':
        response.writeHead(200, { 'content-type': 'application/json' }).end(gzipSync('{"compressed":true}'));
        return;
      case '/not-json':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"broken":');
        return;
      case '/set-cookie':
        response.writeHead(200, { 'set-cookie': ['session=abc; Path=/; HttpOnly; SameSite=Lax', 'csrf=def; Path=/'] }).end();
        return;
      case '/clear-cookie':
        response.writeHead(200, { 'set-cookie': ['session=; Path=/; Max-Age=0'] }).end();
        return;
      default:
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ cookie: request.headers.cookie ?? null, body: null }));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests })),
  );
}

describe('target client', () => {
  let url: string;
  let server: http.Server;
  let requests: http.IncomingMessage[];
  before(async () => ({ url, server, requests } = await startServer()));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never follows a redirect: the 303 itself is the answer', async () => {
    const client = new TargetClient({ baseUrl: url, timeoutMs: 1000 });
    const before = requests.length;
    const answer = await client.send({ method: 'GET', url: '/redirect' });
    expect(answer.status).to.equal(303);
    expect(answer.exchange.response.headers['location']).to.equal('/landing');
    expect(requests.length - before).to.equal(1);
  });

  it('records a timeout as an exchange with response.error instead of throwing', async () => {
    const client = new TargetClient({ baseUrl: url, timeoutMs: 200 });
    const started = Date.now();
    const answer = await client.send({ method: 'GET', url: '/slow' });
    expect(Date.now() - started).to.be.lessThan(1500);
    expect(answer.status).to.equal(0);
    expect(answer.exchange.response.error).to.match(/timeout/);
  });

  it('records a connection reset and a refused connection as errors', async () => {
    const client = new TargetClient({ baseUrl: url, timeoutMs: 1000 });
    const reset = await client.send({ method: 'GET', url: '/reset' });
    expect(reset.status).to.equal(0);
    expect(reset.exchange.response.error).to.be.a('string').and.not.equal('');
    const refused = await new TargetClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 }).send({ method: 'GET', url: '/' });
    expect(refused.status).to.equal(0);
    expect(refused.exchange.response.error).to.match(/ECONNREFUSED/);
  });

  it('keeps at most 64 KiB of a body, says it truncated it and does not parse it', async () => {
    const answer = await new TargetClient({ baseUrl: url, timeoutMs: 2000 }).send({ method: 'GET', url: '/huge' });
    expect(answer.truncated).to.equal(true);
    expect(answer.json).to.equal(undefined);
    expect(answer.exchange.response.body?.endsWith(TRUNCATION_MARKER)).to.equal(true);
    expect(answer.exchange.response.body?.length).to.be.at.most(MAX_KEPT_BODY_BYTES + TRUNCATION_MARKER.length);
  });

  it('reads a body as its Content-Encoding says, as browsers do; an unlabelled compressed body stays unreadable', async () => {
    const client = new TargetClient({ baseUrl: url, timeoutMs: 1000 });
    expect((await client.send({ method: 'GET', url: '/gzip', headers: { 'accept-encoding': 'gzip' } })).json).to.deep.equal({
      compressed: true,
    });
    expect((await client.send({ method: 'GET', url: '/gzip-unlabelled', headers: { 'accept-encoding': 'gzip' } })).json).to.equal(
      undefined,
    );
  });

  it('survives non-UTF-8 and non-JSON bodies', async () => {
    const client = new TargetClient({ baseUrl: url, timeoutMs: 1000 });
    const latin1 = await client.send({ method: 'GET', url: '/latin1' });
    expect(latin1.status).to.equal(200);
    expect(latin1.exchange.response.body).to.include('caf');
    const broken = await client.send({ method: 'GET', url: '/not-json' });
    expect(broken.json).to.equal(undefined);
    expect(broken.exchange.response.body).to.equal('{"broken":');
  });

  it('records the request it sent, with method, URL, headers and body', async () => {
    const answer = await new TargetClient({ baseUrl: url, timeoutMs: 1000 }).send({
      method: 'POST',
      url: '/echo',
      json: { a: 1 },
      headers: { accept: 'application/json' },
    });
    expect(answer.exchange.request).to.deep.include({ method: 'POST', url: `${url}/echo`, body: '{"a":1}' });
    expect(answer.exchange.request.headers).to.include({ accept: 'application/json', 'content-type': 'application/json' });
  });

  it('stores cookies in the jar it was given and sends them back; other jars stay empty', async () => {
    const client = new TargetClient({ baseUrl: url, timeoutMs: 1000 });
    const first = new CookieJar();
    const second = new CookieJar();
    await client.send({ method: 'GET', url: '/set-cookie', jar: first });
    const withFirst = await client.send({ method: 'GET', url: '/echo', jar: first });
    const withSecond = await client.send({ method: 'GET', url: '/echo', jar: second });
    expect((withFirst.json as { cookie: string }).cookie).to.equal('session=abc; csrf=def');
    expect((withSecond.json as { cookie: string | null }).cookie).to.equal(null);
    await client.send({ method: 'GET', url: '/clear-cookie', jar: first });
    expect(first.names()).to.deep.equal(['csrf']);
  });
});

describe('cookie parsing', () => {
  it('reads name, value and lower-cased attributes', () => {
    expect(parseSetCookie('csrf_token_ab=x=y; Path=/; HttpOnly; SameSite=Lax')).to.deep.equal({
      name: 'csrf_token_ab',
      value: 'x=y',
      attributes: { path: '/', httponly: true, samesite: 'Lax' },
    });
    expect(parseSetCookie('no-equals-sign')).to.equal(undefined);
  });
});
