/**
 * No flow or identity data crosses identities: with identity A's credentials (session token, session cookie, or both),
 * every settings endpoint is tried against identity B's flows and ids, and nothing of B (identity id, traits, session
 * token, its flows' CSRF tokens and TOTP secrets) may appear in A's answers; B's identity must stay unchanged.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { propertyParameters } from '../reliability/seed.js';
import {
  JSON_ACCEPT,
  BROWSER_ACCEPT,
  apiLogin,
  browserSession,
  cookieHeader,
  csrfOf,
  harness,
  json,
  node,
  store,
  type Harness,
} from '../mock/harness.js';

interface Person {
  identityId: string;
  email: string;
  token: string;
  cookie: string;
  flows: { api: any; browser: any };
}

async function person(h: Harness): Promise<Person> {
  const session = await browserSession(h);
  const token = await apiLogin(h, session.email);
  const cookie = cookieHeader(session.jar);
  const api = json(
    await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { ...JSON_ACCEPT, 'x-session-token': token } }),
  );
  const browser = json(await h.inject({ method: 'GET', url: '/self-service/settings/browser', headers: { ...JSON_ACCEPT, cookie } }));
  return { identityId: session.identityId, email: session.email, token, cookie, flows: { api, browser } };
}

/** What of B must never be shown to A. */
function secretsOf(b: Person): string[] {
  const secrets = [b.identityId, b.email, b.token, ...b.cookie.split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1))];
  for (const flow of [b.flows.api, b.flows.browser]) {
    const csrf = csrfOf(flow);
    if (csrf) secrets.push(csrf);
    const totpSecret = node(flow, 'totp_secret_key')?.attributes?.text?.context?.secret;
    if (typeof totpSecret === 'string') secrets.push(totpSecret);
  }
  return secrets.filter((secret) => secret.length >= 8);
}

const submitBodies = (a: Person) =>
  fc.oneof(
    fc.record({
      method: fc.constant('profile'),
      traits: fc.record(
        { email: fc.constantFrom(a.email, 'mallory@example.com'), name: fc.string({ maxLength: 10 }) },
        { requiredKeys: ['email'] },
      ),
    }),
    fc.record({ method: fc.constant('password'), password: fc.constantFrom('a-new-Pa55word-xyz-1', 'short') }),
    fc.record({ method: fc.constant('totp'), totp_code: fc.stringMatching(/^\d{6}$/) }),
    fc.record({ method: fc.constant('lookup_secret'), lookup_secret_regenerate: fc.constant(true) }),
    fc.record({ method: fc.constantFrom('webauthn', 'passkey', 'oidc'), link: fc.string({ maxLength: 10 }) }),
  );

describe('security: property — no flow or identity data crosses identities', function () {
  this.timeout(60_000);
  let h: Harness;
  let a: Person;
  let b: Person;
  let bBefore: string;

  before(async () => {
    h = await harness();
    a = await person(h);
    b = await person(h);
    bBefore = JSON.stringify(store(h).getIdentity(b.identityId));
  });

  it("identity A's credentials on every settings endpoint with B's flow ids reveal nothing of B", async () => {
    const secrets = secretsOf(b);
    expect(secrets.length).to.be.at.least(5);
    const credentials = fc.constantFrom<'token' | 'cookie' | 'both'>('token', 'cookie', 'both');
    const flowOfB = fc.constantFrom<'api' | 'browser'>('api', 'browser');
    const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded');
    const accept = fc.constantFrom(JSON_ACCEPT.accept, BROWSER_ACCEPT.accept);
    const statuses = new Set<number>();
    const request = fc.oneof(
      fc.record({ kind: fc.constant('get-flow' as const), credentials, flowOfB, accept }),
      fc.record({ kind: fc.constant('continue' as const), credentials, flowOfB, accept }),
      fc.record({
        kind: fc.constant('submit' as const),
        credentials,
        flowOfB,
        accept,
        contentType,
        body: submitBodies(a),
        csrfFrom: fc.constantFrom<'a' | 'b'>('a', 'b'),
      }),
      fc.record({ kind: fc.constant('create' as const), credentials, accept, browser: fc.boolean() }),
      fc.record({ kind: fc.constant('whoami' as const), credentials, accept }),
    );

    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const headers: Record<string, string> = { accept: input.accept };
        if (input.credentials !== 'cookie') headers['x-session-token'] = a.token;
        if (input.credentials !== 'token') headers['cookie'] = a.cookie;
        let response: Awaited<ReturnType<Harness['inject']>>;
        switch (input.kind) {
          case 'get-flow':
            response = await h.inject({ method: 'GET', url: `/self-service/settings/flows?id=${b.flows[input.flowOfB].id}`, headers });
            break;
          case 'continue':
            response = await h.inject({ method: 'GET', url: `/self-service/settings?flow=${b.flows[input.flowOfB].id}`, headers });
            break;
          case 'submit': {
            const csrf = csrfOf(input.csrfFrom === 'a' ? a.flows.browser : b.flows[input.flowOfB]);
            const body: Record<string, unknown> = { ...input.body, csrf_token: csrf };
            const payload =
              input.contentType === 'application/json'
                ? JSON.stringify(body)
                : new URLSearchParams(
                    Object.entries(body).flatMap(
                      ([key, value]): Array<[string, string]> =>
                        typeof value === 'object' && value !== null
                          ? Object.entries(value).map(([inner, innerValue]) => [`${key}.${inner}`, String(innerValue)])
                          : [[key, String(value)]],
                    ),
                  ).toString();
            response = await h.inject({
              method: 'POST',
              url: `/self-service/settings?flow=${b.flows[input.flowOfB].id}`,
              headers: { ...headers, 'content-type': input.contentType },
              payload,
            });
            break;
          }
          case 'create':
            response = await h.inject({
              method: 'GET',
              url: input.browser ? '/self-service/settings/browser' : '/self-service/settings/api',
              headers,
            });
            break;
          case 'whoami':
            response = await h.inject({ method: 'GET', url: '/sessions/whoami', headers });
            break;
        }
        const visible = `${response.payload}\n${JSON.stringify(response.headers)}`;
        for (const secret of secrets)
          expect(visible.includes(secret), `${JSON.stringify(input)} revealed ${secret}:\n${visible.slice(0, 800)}`).to.equal(false);
        expect(response.statusCode, response.payload.slice(0, 300)).to.be.below(500);
        statuses.add(response.statusCode);
      }),
      propertyParameters(150),
    );

    // A's credentials worked (A's own flows and session: 200) and B's flows were refused (403): the property had teeth.
    expect([...statuses]).to.include.members([200, 403]);
    expect(JSON.stringify(store(h).getIdentity(b.identityId)), "B's identity changed").to.equal(bBefore);
  });
});
