/** `startMock` from 'kratos-settings-conformance/mock': the mock in-process for a front end's tests, over HTTP. */
import { expect } from 'chai';
import { ConfigError, startMock, type RunningMock } from '../../api/mock.js';

async function whoami(mock: RunningMock, token: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(`${mock.url}/sessions/whoami`, { headers: { ...headers, accept: 'application/json', 'x-session-token': token } }))
    .status;
}

describe('api: startMock', function () {
  this.timeout(30_000);

  describe('with the default configuration', () => {
    let mock: RunningMock;

    before(async () => {
      mock = await startMock({ config: { session_lifespan: '1h', flow_lifespan: '10m' } });
    });

    after(() => mock.stop());

    it('listens on a free port and serves the admin API on the same URL', async () => {
      expect(mock.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(mock.url).to.not.match(/:4433$/);
      expect(mock.adminUrl).to.equal(mock.url);
      expect((await fetch(`${mock.url}/health/ready`)).status).to.equal(200);
    });

    it('creates identities with the traits given, and they log in with their password', async () => {
      const ada = await mock.createIdentity({
        traits: { email: 'ada@example.test', name: { first: 'Ada' } },
        password: 'correct-horse-battery-9',
      });
      expect(ada).to.include({ identifier: 'ada@example.test', password: 'correct-horse-battery-9' });
      expect(ada.traits).to.deep.equal({ email: 'ada@example.test', name: { first: 'Ada' } });
      const session = await mock.login(ada);
      expect(session.identityId).to.equal(ada.id);
      expect(await whoami(mock, session.token)).to.equal(200);
    });

    it("names the mock's answer when an identity cannot be created or cannot log in", async () => {
      await mock.createIdentity({ traits: { email: 'twice@example.test' } });
      let error: unknown;
      try {
        await mock.createIdentity({ traits: { email: 'twice@example.test' } });
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.match(/createIdentity: the mock answered 409/);
      error = undefined;
      try {
        await mock.login({ identifier: 'twice@example.test', password: 'not-the-password' });
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.match(/updateLoginFlow: the mock answered 400/);
    });

    it('advanceClock expires flows and sessions without waiting', async () => {
      const session = await mock.login(await mock.createIdentity());
      const headers = { accept: 'application/json', 'x-session-token': session.token };
      const flow = (await (await fetch(`${mock.url}/self-service/settings/api`, { headers })).json()) as { id: string };
      mock.advanceClock('11m');
      expect((await fetch(`${mock.url}/self-service/settings/flows?id=${flow.id}`, { headers })).status).to.equal(410);
      expect(await whoami(mock, session.token)).to.equal(200);
      mock.advanceClock(60 * 60 * 1000);
      expect(await whoami(mock, session.token)).to.equal(401);
    });

    it('advanceClock refuses to go back or a duration it cannot read', () => {
      expect(() => mock.advanceClock(-1)).to.throw(RangeError, /only moves forward/);
      expect(() => mock.advanceClock('soon')).to.throw(RangeError, /not a duration/);
    });
  });

  it('follows a deployment configuration: base path, gateway header, admin port and key', async () => {
    const mock = await startMock({
      config: { deployment: { base_path: '/auth', public_api_header: 'X-Gateway: open', admin_port: 0, admin_api_key: 'admin-key' } },
    });
    try {
      expect(mock.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/auth$/);
      expect(mock.adminUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(mock.adminUrl).port).to.not.equal(new URL(mock.url).port);
      expect((await fetch(`${mock.adminUrl}/admin/identities`)).status).to.equal(401);
      const session = await mock.login(await mock.createIdentity());
      expect(await whoami(mock, session.token)).to.equal(401);
      expect(await whoami(mock, session.token, { 'x-gateway': 'open' })).to.equal(200);
    } finally {
      await mock.stop();
    }
  });

  it('refuses an unknown fault or a bad configuration with a ConfigError', async () => {
    for (const options of [{ faults: ['no-such-fault'] }, { config: { flow_lifespan: 'forever' } }]) {
      let error: unknown;
      try {
        await (await startMock(options)).stop();
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(options)).to.be.instanceOf(ConfigError);
    }
  });
});
