import { expect } from 'chai';
import fc from 'fast-check';
import { apiSession, harness, json, type Harness } from './harness.js';

const METHODS = ['profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey', 'oidc', 'nope'];

/** Bodies shaped like settings submits, with wrong types and junk mixed in. */
const submitBody = fc.record(
  {
    method: fc.oneof(fc.constantFrom(...METHODS), fc.anything()),
    traits: fc.oneof(fc.dictionary(fc.constantFrom('email', 'name', 'website', 'x'), fc.anything()), fc.anything()),
    password: fc.oneof(fc.string(), fc.anything()),
    totp_code: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.anything()),
    totp_unlink: fc.anything(),
    lookup_secret_regenerate: fc.anything(),
    lookup_secret_reveal: fc.anything(),
    lookup_secret_confirm: fc.anything(),
    lookup_secret_disable: fc.anything(),
    csrf_token: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('mock: property — a client mistake is never answered with a 5xx', function () {
  this.timeout(60_000);
  let h: Harness;
  let token: string;
  before(async () => {
    h = await harness();
    token = (await apiSession(h)).token;
  });

  it('any JSON submit body on an api flow gets a 2xx/4xx and a spec-valid body', async () => {
    await fc.assert(
      fc.asyncProperty(submitBody, async (body) => {
        const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
        const response = await h.inject({
          method: 'POST',
          url: `/self-service/settings?flow=${flow.id}`,
          headers: { 'content-type': 'application/json', 'x-session-token': token },
          payload: JSON.stringify(body),
        });
        expect(response.statusCode, response.payload).to.be.below(500);
      }),
      { numRuns: 60 },
    );
  });

  it('any Accept, Content-Type and raw body gets a 2xx/3xx/4xx', async () => {
    const header = fc.string({ maxLength: 40 }).filter((value) => /^[\x20-\x7e]*$/.test(value));
    await fc.assert(
      fc.asyncProperty(header, header, fc.string({ maxLength: 200 }), async (accept, contentType, payload) => {
        const flow = json(await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } }));
        const response = await h.inject({
          method: 'POST',
          url: `/self-service/settings?flow=${flow.id}`,
          headers: { accept, 'content-type': contentType, 'x-session-token': token },
          payload,
        });
        expect(response.statusCode, response.payload).to.be.below(500);
      }),
      { numRuns: 60 },
    );
  });
});
