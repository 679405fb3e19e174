/**
 * Property-based fuzzing of every route of the mock: random methods, paths, query values, headers, cookies, tokens and
 * bodies must never get a 5xx (server.inject for breadth), and over real HTTP malformed requests, invalid UTF-8, 3 MB
 * and deeply nested bodies must get an answer on the same connection while the server stays up.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import net from 'node:net';
import type { Server } from '@hapi/hapi';
import { init, start } from '../../mock/index.js';
import { propertyParameters } from './seed.js';

const PASSWORD = 'fuzz-Pa55word-correct-horse';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

interface Credentials {
  token: string;
  cookie: string;
  flowIds: string[];
  identityId: string;
}

function cookiePairs(setCookie: string | string[] | undefined): string[] {
  const list = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return list.map((cookie) => cookie.split(';')[0] ?? '');
}

/** A signed-in identity with an API session, a browser session and one flow of each type. */
async function credentials(server: Server): Promise<Credentials> {
  const email = `fuzz-${Math.random().toString(36).slice(2)}@example.com`;
  const created = await server.inject({
    method: 'POST',
    url: '/admin/identities',
    headers: JSON_HEADERS,
    payload: JSON.stringify({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password: PASSWORD } } } }),
  });
  const identityId = (JSON.parse(created.payload) as { id: string }).id;
  const nativeFlow = JSON.parse(
    (await server.inject({ method: 'GET', url: '/self-service/login/api', headers: JSON_HEADERS })).payload,
  ) as { id: string };
  const native = await server.inject({
    method: 'POST',
    url: `/self-service/login?flow=${nativeFlow.id}`,
    headers: JSON_HEADERS,
    payload: JSON.stringify({ method: 'password', identifier: email, password: PASSWORD }),
  });
  const token = (JSON.parse(native.payload) as { session_token: string }).session_token;
  const browserInit = await server.inject({ method: 'GET', url: '/self-service/login/browser', headers: { accept: 'application/json' } });
  const browserFlow = JSON.parse(browserInit.payload) as {
    id: string;
    ui: { nodes: Array<{ attributes: { name?: string; value?: string } }> };
  };
  const csrf = browserFlow.ui.nodes.find((node) => node.attributes.name === 'csrf_token')?.attributes.value;
  const loginCookies = cookiePairs(browserInit.headers['set-cookie']);
  const browserLogin = await server.inject({
    method: 'POST',
    url: `/self-service/login?flow=${browserFlow.id}`,
    headers: { ...JSON_HEADERS, cookie: loginCookies.join('; ') },
    payload: JSON.stringify({ method: 'password', identifier: email, password: PASSWORD, csrf_token: csrf }),
  });
  const cookie = [...loginCookies, ...cookiePairs(browserLogin.headers['set-cookie'])].join('; ');
  const api = JSON.parse(
    (await server.inject({ method: 'GET', url: '/self-service/settings/api', headers: { ...JSON_HEADERS, 'x-session-token': token } }))
      .payload,
  ) as { id: string };
  const browser = JSON.parse(
    (await server.inject({ method: 'GET', url: '/self-service/settings/browser', headers: { accept: 'application/json', cookie } }))
      .payload,
  ) as { id: string };
  if (!token || !api.id || !browser.id) throw new Error('fuzz setup could not sign in and create flows');
  return { token, cookie, flowIds: [api.id, browser.id], identityId };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;
const printable = fc.string({ maxLength: 60 }).filter((value) => /^[\x20-\x7e]*$/.test(value));
const nasty = fc.oneof(
  printable,
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '%', '%zz', '..', '../../etc/passwd', 'null', '[]', '{}', '\u0000', 'é', '🙂', 'a'.repeat(3000)),
);

interface Route {
  method: string;
  path: string;
}

function requestArbitrary(routes: Route[], known: Credentials) {
  const paths = [...new Set(routes.map((route) => route.path))];
  const flowId = fc.oneof(fc.constantFrom(...known.flowIds), fc.uuid(), nasty);
  const queryValue = fc.oneof(flowId, nasty, fc.constantFrom('true', 'false', 'aal2', 'http://127.0.0.1:4455/x', 'https://evil.example'));
  const queryKey = fc.oneof(fc.constantFrom('flow', 'id', 'return_to', 'refresh', 'aal', 'token', 'via'), printable);
  const parameter = fc.oneof(fc.constant(known.identityId), fc.constantFrom(...known.flowIds), fc.uuid(), nasty);
  const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
  const routePath = fc.tuple(fc.constantFrom(...paths), parameter).map(([path, value]) => fill(path, value));
  // Mostly a route as declared (its method and path), so requests get past routing; then any method, odd paths.
  const target = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...routes), parameter)
        .map(([route, value]) => ({ method: route.method, path: fill(route.path, value) })),
    },
    { weight: 2, arbitrary: fc.record({ method: fc.constantFrom(...METHODS), path: routePath }) },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constantFrom(...METHODS),
        path: fc.tuple(routePath, fc.constantFrom('/', '//', '/x', '%2F', '?', '#', '/..')).map(([path, tail]) => path + tail),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constantFrom(...METHODS),
        path: fc.array(nasty, { minLength: 1, maxLength: 3 }).map((segments) => `/${segments.map(encodeURIComponent).join('/')}`),
      }),
    },
  );
  // Settings endpoints need ?flow= or ?id=: half the time one comes first (a known flow or not), then random pairs.
  const query = fc
    .tuple(
      fc.option(fc.tuple(fc.constantFrom('flow', 'id'), flowId), { nil: undefined, freq: 2 }),
      fc.array(fc.tuple(queryKey, queryValue), { maxLength: 3 }),
    )
    .map(([flowPair, rest]) => (flowPair ? [flowPair, ...rest] : rest));
  const token = fc.option(fc.oneof(fc.constant(known.token), nasty, fc.constant(`${known.token}x`)), { nil: undefined });
  const cookie = fc.option(
    fc.oneof(
      fc.constant(known.cookie),
      nasty,
      fc.constant(`${known.cookie}; ory_kratos_session=%`),
      fc.constant('ory_kratos_session=""; csrf_token_x=;'),
    ),
    { nil: undefined },
  );
  const contentType = fc.option(
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
      ),
      printable,
    ),
    { nil: undefined },
  );
  const accept = fc.option(
    fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*', 'text/html;q=0.1, application/json;q=0.9'), printable),
    { nil: undefined },
  );
  const body = fc.option(
    fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record(
          {
            method: fc.constantFrom('profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey', 'oidc', 'nope'),
            csrf_token: nasty,
            traits: fc.jsonValue(),
            password: nasty,
            link: nasty,
            unlink: nasty,
          },
          { requiredKeys: ['method'] },
        )
        .map((value) => JSON.stringify(value)),
      nasty,
      fc.constantFrom('{', '{"method":', '[1,2', '{"a":1}}', 'method=profile&traits.email=', '\uFFFD\uD800'),
    ),
    { nil: undefined },
  );
  return fc.record({
    target,
    query,
    token,
    cookie,
    contentType,
    accept,
    body,
    authorization: fc.option(fc.oneof(fc.constant(`Bearer ${known.token}`), printable), { nil: undefined }),
  });
}

function url(path: string, query: Array<[string, string]>): string {
  const search = query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  return search === '' ? path : `${path}?${search}`;
}

describe('reliability: fuzzing every route of the mock (server.inject)', function () {
  this.timeout(60_000);
  let server: Server;
  let known: Credentials;
  let routes: Route[];

  before(async () => {
    server = await init({ log: () => {} });
    known = await credentials(server);
    routes = server
      .table()
      .filter((route) => route.path !== '/{p*}')
      .map((route) => ({ method: route.method === '*' ? 'GET' : route.method.toUpperCase(), path: route.path }));
  });

  it('random methods, paths, queries, headers, cookies, tokens and bodies never get a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(routes, known), async (request) => {
        const headers: Record<string, string> = {};
        if (request.token !== undefined) headers['x-session-token'] = request.token;
        if (request.cookie !== undefined) headers['cookie'] = request.cookie;
        if (request.contentType !== undefined) headers['content-type'] = request.contentType;
        if (request.accept !== undefined) headers['accept'] = request.accept;
        if (request.authorization !== undefined) headers['authorization'] = request.authorization;
        const { method } = request.target;
        const target = url(request.target.path, request.query);
        const response = await server.inject({
          method,
          url: target,
          headers,
          ...(request.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { payload: request.body } : {}),
        });
        expect(response.statusCode, `${method} ${target} → ${response.payload.slice(0, 500)}`).to.be.below(500);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      }),
      propertyParameters(800),
    );
    // Breadth, not just 404s: requests got through to success, validation and authentication answers.
    expect([...statuses.keys()], JSON.stringify([...statuses])).to.include.members([200, 400, 401, 404]);
  });
});

/** Sends raw bytes on a fresh socket and resolves with everything the server wrote back before closing or going idle. */
function rawExchange(port: number, chunks: Buffer[], idleMs = 1_500): Promise<{ text: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let error: string | undefined;
    const done = () => {
      socket.destroy();
      resolve({ text: Buffer.concat(received).toString('latin1'), ...(error !== undefined ? { error } : {}) });
    };
    let idle = setTimeout(done, idleMs);
    socket.on('data', (chunk) => {
      received.push(chunk);
      clearTimeout(idle);
      idle = setTimeout(done, 200);
    });
    socket.on('error', (caught: NodeJS.ErrnoException) => (error = caught.code ?? caught.message));
    socket.on('close', () => {
      clearTimeout(idle);
      done();
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

function post(path: string, headers: Record<string, string>, body: Buffer): Buffer[] {
  const head = [
    `POST ${path} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
    `content-length: ${body.length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return [Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body];
}

describe('reliability: hostile requests over real HTTP (raw sockets)', function () {
  this.timeout(60_000);
  let server: Server;
  let port: number;
  let known: Credentials;

  before(async () => {
    server = await start({ port: 0, log: () => {} });
    port = Number(server.info.port);
    known = await credentials(server);
  });
  after(async () => {
    await server?.stop({ timeout: 1_000 });
  });
  afterEach(async () => {
    const ready = await rawExchange(port, [Buffer.from('GET /health/ready HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n')]);
    expect(statusOf(ready.text), 'the mock must still be up').to.equal(200);
  });

  const submitPath = () => `/self-service/settings?flow=${known.flowIds[0]}`;
  const submitHeaders = () => ({ 'content-type': 'application/json', accept: 'application/json', 'x-session-token': known.token });

  it('malformed JSON on a settings submit → a 4xx answer', async () => {
    const answer = await rawExchange(port, post(submitPath(), submitHeaders(), Buffer.from('{"method":"profile",')));
    expect(statusOf(answer.text), answer.text.slice(0, 300)).to.be.within(400, 499);
  });

  it('a 3 MB body → 413, answered before the connection closes', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 'a');
    const answer = await rawExchange(port, post(submitPath(), submitHeaders(), body), 5_000);
    expect(statusOf(answer.text), answer.error ?? answer.text.slice(0, 300)).to.equal(413);
  });

  it('deeply nested JSON → a 4xx answer, not a stack overflow', async () => {
    const depth = 100_000;
    const body = Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    const answer = await rawExchange(port, post(submitPath(), submitHeaders(), body), 5_000);
    expect(statusOf(answer.text), answer.text.slice(0, 300)).to.be.within(400, 499);
    const arrays = Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    const arraysAnswer = await rawExchange(port, post(submitPath(), submitHeaders(), arrays), 5_000);
    expect(statusOf(arraysAnswer.text), arraysAnswer.text.slice(0, 300)).to.be.within(400, 499);
  });

  it('invalid UTF-8 in a JSON body, a form body, the query and a header → a 4xx answer', async () => {
    const invalid = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
    const json = Buffer.concat([Buffer.from('{"method":"profile","traits":{"email":"'), invalid, Buffer.from('"}}')]);
    const answers = [
      await rawExchange(port, post(submitPath(), submitHeaders(), json)),
      await rawExchange(
        port,
        post(
          submitPath(),
          { ...submitHeaders(), 'content-type': 'application/x-www-form-urlencoded' },
          Buffer.concat([Buffer.from('method=profile&traits.email='), invalid]),
        ),
      ),
      await rawExchange(port, [
        Buffer.concat([
          Buffer.from('GET /self-service/settings/flows?id='),
          invalid,
          Buffer.from(' HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: application/json\r\nx-session-token: '),
          invalid,
          Buffer.from('\r\n\r\n'),
        ]),
      ]),
      await rawExchange(port, [
        Buffer.concat([
          Buffer.from('GET /self-service/settings/api HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ory_kratos_session='),
          invalid,
          Buffer.from('\r\n\r\n'),
        ]),
      ]),
    ];
    for (const answer of answers) expect(statusOf(answer.text), answer.error ?? answer.text.slice(0, 300)).to.be.within(400, 499);
  });

  it('malformed request lines and headers → 400 from the HTTP layer', async () => {
    const malformed = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'GET /self-service/settings/api HTTP/1.1\r\nbad header line\r\n\r\n',
      'POST /self-service/settings HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n',
      'POST /self-service/settings HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
    ];
    for (const request of malformed) {
      const answer = await rawExchange(port, [Buffer.from(request, 'latin1')]);
      expect(statusOf(answer.text), `${JSON.stringify(request)}: ${answer.error ?? answer.text.slice(0, 200)}`).to.be.within(400, 499);
    }
  });

  it('random bytes after a valid request line and headers → an answer below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
        async (bytes, contentType) => {
          const answer = await rawExchange(
            port,
            post(submitPath(), { ...submitHeaders(), 'content-type': contentType }, Buffer.from(bytes)),
          );
          const status = statusOf(answer.text);
          expect(status, answer.error ?? answer.text.slice(0, 300)).to.be.within(200, 499);
        },
      ),
      propertyParameters(25),
    );
  });
});
