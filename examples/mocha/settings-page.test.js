// A front end's API tests against the reference mock, started in-process: `npx mocha examples/mocha/`.
import assert from 'node:assert/strict';
import { startMock } from 'kratos-settings-conformance/mock';

/** The front end's own code under test: renames the signed-in user through a native settings flow. */
async function rename(kratosUrl, sessionToken, traits) {
  const headers = { accept: 'application/json', 'x-session-token': sessionToken };
  const flow = await (await fetch(`${kratosUrl}/self-service/settings/api`, { headers })).json();
  const response = await fetch(`${kratosUrl}/self-service/settings?flow=${flow.id}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'profile', traits }),
  });
  return { status: response.status, body: await response.json() };
}

describe('renaming the user', () => {
  let kratos;
  let user;
  let session;

  before(async () => {
    kratos = await startMock({ config: { session_lifespan: '1h' } });
    user = await kratos.createIdentity({ traits: { email: 'ada@example.test' } });
    session = await kratos.login(user);
  });

  after(() => kratos.stop());

  it('saves the new name', async () => {
    const { status, body } = await rename(kratos.url, session.token, { email: user.identifier, name: { first: 'Ada' } });
    assert.equal(status, 200);
    assert.equal(body.state, 'success');
    assert.deepEqual(body.identity.traits.name, { first: 'Ada' });
  });

  it('is refused once the session has expired', async () => {
    kratos.advanceClock('2h');
    const { status } = await rename(kratos.url, session.token, { email: user.identifier, name: { first: 'Grace' } });
    assert.equal(status, 401);
  });
});
