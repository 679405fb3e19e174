/** The fake OIDC provider on an origin of its own, as a real provider is: linking goes there and back over HTTP. */
import { createServer } from 'node:net';
import { expect } from 'chai';
import { Client, createIdentity, JSON_HEADERS, startMock } from './http-client.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function linkOverHttp(port?: number) {
  const mock = await startMock(port === undefined ? {} : { config: { oidc_provider: { port } } });
  try {
    await createIdentity(mock.base, 'linker@example.com', 'a passphrase for linking');
    const api = new Client(mock.base);
    const init = await api.get('/self-service/login/api');
    const login = await api.request('POST', `/self-service/login?flow=${init.json.id}`, {
      json: { method: 'password', identifier: 'linker@example.com', password: 'a passphrase for linking' },
    });
    const token = { 'x-session-token': login.json.session_token };
    const flow = await api.get('/self-service/settings/api', token);
    const link = await api.request('POST', `/self-service/settings?flow=${flow.json.id}`, { headers: token, json: { link: 'fake' } });
    expect(link.status).to.equal(422);
    const authorize = new URL(link.json.redirect_browser_to);
    const provider = await api.get(authorize.href);
    expect(provider.status).to.equal(303);
    const callback = await api.get(provider.location!, JSON_HEADERS);
    return {
      base: mock.base,
      authorize,
      callbackUrl: provider.location!,
      callback,
      onMock: await api.get(`${mock.base}${authorize.pathname}${authorize.search}`),
    };
  } finally {
    await mock.stop();
  }
}

describe('mock: the fake OIDC provider has its own origin', () => {
  it('listens on a port of its own by default; the callback comes back to the mock and links', async () => {
    const { base, authorize, callbackUrl, callback, onMock } = await linkOverHttp();
    expect(authorize.origin).not.to.equal(new URL(base).origin);
    expect(authorize.pathname).to.equal('/oidc/fake/auth');
    expect(callbackUrl.startsWith(`${base}/self-service/methods/oidc/callback/fake?`)).to.equal(true);
    expect(callback.status).to.equal(200);
    expect(callback.json.state).to.equal('success');
    expect(onMock.status, 'the mock itself no longer serves the provider').to.equal(404);
  });

  it('listens on oidc_provider.port when configured', async () => {
    const port = await freePort();
    const { authorize, callback } = await linkOverHttp(port);
    expect(authorize.port).to.equal(String(port));
    expect(callback.json.state).to.equal('success');
  });
});
