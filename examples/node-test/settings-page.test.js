// The same kind of test with node:test and no test framework to install: `node --test examples/node-test/`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMock } from 'kratos-settings-conformance/mock';

let kratos;

before(async () => {
  kratos = await startMock({ config: { flow_lifespan: '10m' } });
});

after(() => kratos.stop());

test('a settings flow left open too long is answered 410 Gone', async () => {
  const session = await kratos.login(await kratos.createIdentity());
  const headers = { accept: 'application/json', 'x-session-token': session.token };
  const flow = await (await fetch(`${kratos.url}/self-service/settings/api`, { headers })).json();
  kratos.advanceClock('11m');
  const response = await fetch(`${kratos.url}/self-service/settings?flow=${flow.id}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'password', password: 'a-new-long-passphrase-93' }),
  });
  assert.equal(response.status, 410);
});

test('the admin API lists the identities a test created', async () => {
  const { id } = await kratos.createIdentity({ traits: { email: 'grace@example.test' } });
  const identities = await (await fetch(`${kratos.adminUrl}/admin/identities`)).json();
  assert.ok(identities.some((identity) => identity.id === id));
});
