/** A started mock and a cookie-keeping HTTP client for it: tests that talk to the mock as a front end does, over TCP. */
import type { Server } from '@hapi/hapi';
import { start, type MockOptions } from '../../mock/index.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
  location: string | undefined;
}

/** One browser-like client: a cookie jar, no automatic redirects. */
export class Client {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; json?: unknown; form?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.jar.size > 0) headers['cookie'] = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const url = /^https?:/.test(path) ? path : `${this.base}${path}`;
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0\b/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json, location: response.headers.get('location') ?? undefined };
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.request('GET', path, headers ? { headers } : {});
  }
}

export interface Started {
  server: Server;
  base: string;
  clock: { now: number };
  stop(): Promise<void>;
}

/** A mock listening on a free port of 127.0.0.1 with a controllable clock. */
export async function startMock(options: MockOptions = {}): Promise<Started> {
  const clock = { now: Date.now() };
  const server = await start({ port: 0, log: () => {}, validateResponses: true, clock: () => clock.now, ...options });
  return { server, base: server.info.uri, clock, stop: () => server.stop() };
}

export const JSON_HEADERS = { accept: 'application/json' };

export async function createIdentity(base: string, email: string, password: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${base}/admin/identities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ schema_id: 'default', traits: { email }, credentials: { password: { config: { password } } }, ...extra }),
  });
  if (response.status !== 201) throw new Error(`identity not created: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Signs the client in through a browser login flow submitted as a form; returns the flow's final answer. */
export async function browserLogin(client: Client, email: string, password: string, query = ''): Promise<Answer> {
  const init = await client.get(`/self-service/login/browser${query}`, JSON_HEADERS);
  if (init.status !== 200) throw new Error(`login flow not created: ${init.status} ${init.text}`);
  const csrf = nodeValue(init.json, 'csrf_token');
  return client.request('POST', `/self-service/login?flow=${init.json.id}`, {
    form: { method: 'password', identifier: email, password, csrf_token: String(csrf) },
  });
}

export function findNode(flow: any, name: string): any {
  return flow.ui.nodes.find((node: any) => node.attributes.name === name || node.attributes.id === name);
}

export function nodeValue(flow: any, name: string): unknown {
  return findNode(flow, name)?.attributes.value;
}
