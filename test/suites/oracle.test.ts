import { expect } from 'chai';
import { AXIOS, BROWSER_NAVIGATION, JSON_CLIENT, NO_ACCEPT, ANY_ACCEPT } from '../../suites/arbitraries.js';
import { expectBrowserInit, expectFetch, expectNativeInit, type Expectation } from '../../suites/oracle.js';
import { expectSubmit, type SubmitSituation } from '../../suites/submit-oracle.js';
import { isJsonClient, prefersJsonFlow } from '../../suites/negotiation.js';

const statuses = (expectation: Expectation) => expectation.outcomes.map((outcome) => outcome.status);
const ids = (expectation: Expectation) => expectation.outcomes.flatMap((outcome) => outcome.errorIds ?? []);

const submit = (overrides: Partial<SubmitSituation>): SubmitSituation => ({
  session: 'valid',
  client: JSON_CLIENT,
  flow: 'own',
  flowType: 'api',
  transport: 'token',
  method: 'profile',
  input: 'valid',
  csrf: 'valid',
  encoding: 'json',
  touchesIdentifier: false,
  ...overrides,
});

describe('oracle', () => {
  describe('content negotiation (docs/kratos-behavior.md#negotiation)', () => {
    it("a missing Accept and */* are text/html; application/json and axios's header are JSON", () => {
      expect(isJsonClient(undefined, undefined)).to.equal(false);
      expect(isJsonClient('*/*', undefined)).to.equal(false);
      expect(isJsonClient(BROWSER_NAVIGATION.accept, undefined)).to.equal(false);
      expect(isJsonClient('application/json', undefined)).to.equal(true);
      expect(isJsonClient(AXIOS.accept, undefined)).to.equal(true);
    });
    it('The JSON-client test also holds for Content-Type exactly application/json, not with a charset', () => {
      expect(isJsonClient(undefined, 'application/json')).to.equal(true);
      expect(isJsonClient(undefined, 'application/json; charset=utf-8')).to.equal(false);
    });
    it('The JSON Accept test ignores Content-Type and negotiates over text/html and application/json', () => {
      expect(prefersJsonFlow('application/json')).to.equal(true);
      expect(prefersJsonFlow(AXIOS.accept)).to.equal(true);
      expect(prefersJsonFlow('*/*')).to.equal(false);
      expect(prefersJsonFlow('text/html;q=0.5, application/json;q=0.9')).to.equal(true);
    });
  });

  describe('docs/kratos-behavior.md#browser-init createBrowserSettingsFlow', () => {
    it('no session, JSON client → 401 session_inactive', () => {
      const expectation = expectBrowserInit({ session: 'none', client: JSON_CLIENT, returnTo: 'none' });
      expect(statuses(expectation)).to.deep.equal([401]);
      expect(ids(expectation)).to.deep.equal(['session_inactive']);
    });
    it('no session, browser navigation → 303 to login', () => {
      const expectation = expectBrowserInit({ session: 'garbage-cookie', client: BROWSER_NAVIGATION, returnTo: 'none' });
      expect(expectation.outcomes).to.deep.equal([{ status: 303, location: 'login' }]);
    });
    it('AAL too low → 403 session_aal2_required (JSON) or 303 to login with aal2', () => {
      expect(ids(expectBrowserInit({ session: 'aal1-needs-aal2', client: AXIOS, returnTo: 'none' }))).to.deep.equal([
        'session_aal2_required',
      ]);
      expect(expectBrowserInit({ session: 'aal1-needs-aal2', client: NO_ACCEPT, returnTo: 'none' }).outcomes).to.deep.equal([
        { status: 303, location: 'login-aal2' },
      ]);
    });
    it('return_to not allowed → 400 self_service_flow_return_to_forbidden (docs: security_identity_mismatch)', () => {
      const expectation = expectBrowserInit({ session: 'valid', client: JSON_CLIENT, returnTo: 'forbidden' });
      expect(statuses(expectation)).to.include(400);
      expect(ids(expectation)).to.include.members(['self_service_flow_return_to_forbidden', 'security_identity_mismatch']);
    });
    it('return_to not allowed, not JSON → 303 to the error UI', () => {
      expect(expectBrowserInit({ session: 'valid', client: ANY_ACCEPT, returnTo: 'forbidden' }).outcomes).to.deep.equal([
        { status: 303, location: 'error-ui' },
      ]);
    });
    it('success → 200 flow for JSON Accept, 303 to the settings UI otherwise', () => {
      expect(expectBrowserInit({ session: 'valid', client: JSON_CLIENT, returnTo: 'allowed' }).outcomes).to.deep.equal([
        { status: 200, body: 'flow' },
      ]);
      expect(expectBrowserInit({ session: 'valid', client: BROWSER_NAVIGATION, returnTo: 'none' }).outcomes).to.deep.equal([
        { status: 303, location: 'settings-ui' },
      ]);
    });
    it('the session of a deleted identity counts as no session', () => {
      expect(expectBrowserInit({ session: 'revoked', client: JSON_CLIENT, returnTo: 'none' }).rule).to.equal('noSession');
    });
    it('the session check comes before return_to', () => {
      expect(expectBrowserInit({ session: 'none', client: JSON_CLIENT, returnTo: 'forbidden' }).rule).to.equal('noSession');
    });
  });

  describe('docs/kratos-behavior.md#api-init createNativeSettingsFlow: every response is JSON', () => {
    it('no session → 401 session_inactive, whatever the Accept header', () => {
      for (const client of [BROWSER_NAVIGATION, NO_ACCEPT, JSON_CLIENT]) {
        expect(expectNativeInit({ session: 'garbage-token', client, returnTo: 'none' }).outcomes).to.deep.equal([
          { status: 401, errorIds: ['session_inactive'], body: 'error' },
        ]);
      }
    });
    it('AAL → 403; return_to → 400; success → 200', () => {
      expect(statuses(expectNativeInit({ session: 'aal1-needs-aal2', client: BROWSER_NAVIGATION, returnTo: 'none' }))).to.deep.equal([403]);
      expect(statuses(expectNativeInit({ session: 'valid', client: BROWSER_NAVIGATION, returnTo: 'unparsable' }))).to.deep.equal([400]);
      expect(statuses(expectNativeInit({ session: 'valid', client: BROWSER_NAVIGATION, returnTo: 'none' }))).to.deep.equal([200]);
    });
  });

  describe('docs/kratos-behavior.md#get-flow getSettingsFlow', () => {
    it('no session, JSON → 401 without error.id (docs: session_inactive)', () => {
      const expectation = expectFetch({ session: 'none', client: JSON_CLIENT, flow: 'own' });
      expect(statuses(expectation)).to.deep.equal([401]);
      expect(ids(expectation)).to.include.members([null, 'session_inactive']);
    });
    it("no session, not JSON → Kratos's 302 to the login UI is accepted", () => {
      expect(statuses(expectFetch({ session: 'none', client: BROWSER_NAVIGATION, flow: 'own' }))).to.include(302);
    });
    it('missing, malformed or unknown id → 404', () => {
      for (const flow of ['missing', 'malformed', 'unknown'] as const)
        expect(statuses(expectFetch({ session: 'valid', client: JSON_CLIENT, flow }))).to.deep.equal([404]);
    });
    it("another identity's flow → 403 security_identity_mismatch, before AAL and expiry", () => {
      const expectation = expectFetch({ session: 'aal1-needs-aal2', client: JSON_CLIENT, flow: 'other-identity' });
      expect(expectation.outcomes).to.deep.equal([{ status: 403, errorIds: ['security_identity_mismatch'], body: 'error' }]);
    });
    it('AAL comes before expiry', () => {
      expect(expectFetch({ session: 'aal1-needs-aal2', client: JSON_CLIENT, flow: 'expired' }).rule).to.equal('aal2Required');
    });
    it('expired → 410, with or without error.id, for any client', () => {
      const expectation = expectFetch({ session: 'valid', client: BROWSER_NAVIGATION, flow: 'expired' });
      expect(statuses(expectation)).to.deep.equal([410]);
      expect(ids(expectation)).to.include.members([null, 'self_service_flow_expired']);
    });
    it('otherwise → 200, for any client', () => {
      expect(statuses(expectFetch({ session: 'valid', client: BROWSER_NAVIGATION, flow: 'own' }))).to.deep.equal([200]);
    });
  });

  describe('docs/kratos-behavior.md#submit updateSettingsFlow and docs/kratos-behavior.md#flow-error-dispatch', () => {
    it('no session → 401 (JSON) or 302 to login (not JSON)', () => {
      expect(statuses(expectSubmit(submit({ session: 'none' })))).to.deep.equal([401]);
      expect(statuses(expectSubmit(submit({ session: 'none', client: BROWSER_NAVIGATION, encoding: 'form' })))).to.include(302);
    });
    it('missing or malformed ?flow → 400 (JSON client), 303 to the error UI otherwise, even for API clients', () => {
      expect(statuses(expectSubmit(submit({ flow: 'missing' })))).to.include(400);
      expect(expectSubmit(submit({ flow: 'malformed', client: NO_ACCEPT, encoding: 'form' })).outcomes).to.deep.equal([
        { status: 303, location: 'error-ui' },
      ]);
    });
    it('unknown flow → 404 (JSON client)', () => {
      expect(statuses(expectSubmit(submit({ flow: 'unknown' })))).to.include(404);
    });
    it('AAL on an API flow → 403 even without JSON Accept; browser flow, not a JSON client → 303 to login aal2', () => {
      expect(statuses(expectSubmit(submit({ session: 'aal1-needs-aal2', client: NO_ACCEPT, encoding: 'form' })))).to.deep.equal([403]);
      expect(
        expectSubmit(submit({ session: 'aal1-needs-aal2', flowType: 'browser', client: BROWSER_NAVIGATION, encoding: 'form' })).outcomes,
      ).to.deep.equal([{ status: 303, location: 'login-aal2' }]);
    });
    it('expired → 410 self_service_flow_expired (api or JSON client), 303 to the settings UI for browser navigation; before the identity check', () => {
      expect(expectSubmit(submit({ flow: 'expired', client: NO_ACCEPT, encoding: 'form' })).outcomes).to.deep.equal([
        { status: 410, errorIds: ['self_service_flow_expired'], body: 'error' },
      ]);
      expect(
        expectSubmit(submit({ flow: 'expired', flowType: 'browser', client: BROWSER_NAVIGATION, encoding: 'form' })).outcomes,
      ).to.deep.equal([{ status: 303, location: 'settings-ui' }]);
    });
    it("another identity's flow → 403 security_identity_mismatch, or 303 to the error UI for browser navigation", () => {
      expect(ids(expectSubmit(submit({ flow: 'other-identity' })))).to.deep.equal(['security_identity_mismatch']);
      expect(
        expectSubmit(submit({ flow: 'other-identity', flowType: 'browser', client: BROWSER_NAVIGATION, encoding: 'form' })).outcomes,
      ).to.deep.equal([{ status: 303, location: 'error-ui' }]);
    });
    it('unknown method → 400 flow (api or JSON client) or 303 back to the UI', () => {
      expect(expectSubmit(submit({ method: 'unknown' })).outcomes).to.deep.equal([{ status: 400, body: 'flow' }]);
      expect(
        expectSubmit(submit({ method: 'unknown', flowType: 'browser', transport: 'cookie', client: BROWSER_NAVIGATION, encoding: 'form' }))
          .outcomes,
      ).to.deep.equal([{ status: 303, location: 'settings-ui' }]);
    });
    it('docs/kratos-behavior.md#csrf: browser flows need the body csrf_token; API flows do not; OIDC never checks it', () => {
      expect(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', csrf: 'wrong' })).outcomes).to.deep.equal([
        { status: 403, errorIds: ['security_csrf_violation'], body: 'error' },
      ]);
      expect(expectSubmit(submit({ csrf: 'missing' })).rule).to.equal('validUpdate');
      expect(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', csrf: 'missing', method: 'oidc' })).rule).to.equal('oidcLink');
    });
    it('docs/kratos-behavior.md#profile: profile validation comes before CSRF, so both outcomes are accepted', () => {
      expect(statuses(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', csrf: 'wrong', input: 'invalid' })))).to.have.members(
        [403, 400],
      );
    });
    it('docs/kratos-behavior.md#csrf, #doc-api-flow-csrf: an API flow submitted with a cookie → 400, except for OIDC, which skips the CSRF step', () => {
      expect(expectSubmit(submit({ transport: 'cookie' })).outcomes).to.deep.equal([{ status: 400, body: 'flow' }]);
      expect(expectSubmit(submit({ transport: 'cookie', method: 'oidc' })).rule).to.equal('oidcLink');
      expect(expectSubmit(submit({ origin: true, method: 'password' })).rule).to.equal('apiFlowFromBrowser');
      expect(expectSubmit(submit({ origin: true, flowType: 'browser', transport: 'cookie' })).rule).to.equal('validUpdate');
    });
    it('docs/kratos-behavior.md#privileged-session: password with an unprivileged session → 403 session_refresh_required or 303 to login refresh', () => {
      expect(ids(expectSubmit(submit({ session: 'unprivileged', method: 'password' })))).to.deep.equal(['session_refresh_required']);
      expect(
        expectSubmit(
          submit({
            session: 'unprivileged',
            method: 'password',
            flowType: 'browser',
            transport: 'cookie',
            client: BROWSER_NAVIGATION,
            encoding: 'form',
          }),
        ).outcomes,
      ).to.deep.equal([{ status: 303, location: 'login-refresh' }]);
    });
    it('docs/kratos-behavior.md#privileged-session: a profile change that leaves identifiers alone needs no privilege', () => {
      expect(expectSubmit(submit({ session: 'unprivileged', method: 'profile', touchesIdentifier: false })).rule).to.equal('validUpdate');
    });
    it('docs/kratos-behavior.md#oidc: OIDC link → 422 for JSON clients only; an API flow without JSON is redirected', () => {
      expect(ids(expectSubmit(submit({ method: 'oidc' })))).to.deep.equal(['browser_location_change_required']);
      expect(statuses(expectSubmit(submit({ method: 'oidc', client: NO_ACCEPT, encoding: 'form' })))).to.deep.equal([303]);
    });
    it('success → 200 for API flows and JSON clients, 303 for browser navigation', () => {
      expect(statuses(expectSubmit(submit({ client: NO_ACCEPT, encoding: 'form' })))).to.deep.equal([200]);
      expect(statuses(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', client: AXIOS, encoding: 'form' })))).to.deep.equal([
        200,
      ]);
      expect(
        statuses(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', client: BROWSER_NAVIGATION, encoding: 'form' }))),
      ).to.deep.equal([303]);
    });
    it('docs/kratos-behavior.md#json-client: JSON sent as application/json; charset=utf-8 is not a JSON client by Content-Type, so browser navigation gets a redirect', () => {
      expect(
        statuses(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', client: BROWSER_NAVIGATION, encoding: 'json-charset' }))),
      ).to.deep.equal([303]);
      expect(
        statuses(expectSubmit(submit({ flowType: 'browser', transport: 'cookie', client: BROWSER_NAVIGATION, encoding: 'json' }))),
      ).to.deep.equal([200]);
    });
    it('docs/kratos-behavior.md#webauthn-api-flows: webauthn is never responsible on API flows, so a webauthn submit there gets the 4010004 flow, even with a cookie', () => {
      expect(expectSubmit(submit({ method: 'webauthn' }))).to.deep.include({
        rule: 'unknownMethod',
        outcomes: [{ status: 400, body: 'flow' }],
      });
      expect(expectSubmit(submit({ method: 'webauthn', transport: 'cookie' })).rule).to.equal('unknownMethod');
      expect(expectSubmit(submit({ method: 'webauthn', session: 'unprivileged' })).rule).to.equal('unknownMethod');
    });
    it('docs/kratos-behavior.md#webauthn, #passkey: webauthn on browser flows and passkey on both check CSRF, need privilege, and succeed or explain bad registrations', () => {
      const browser = { flowType: 'browser' as const, transport: 'cookie' as const };
      expect(expectSubmit(submit({ ...browser, method: 'webauthn' })).rule).to.equal('validUpdate');
      expect(expectSubmit(submit({ ...browser, method: 'webauthn', input: 'invalid' })).outcomes).to.deep.equal([
        { status: 400, body: 'flow' },
      ]);
      expect(expectSubmit(submit({ ...browser, method: 'webauthn', csrf: 'missing' })).rule).to.equal('csrfViolation');
      expect(ids(expectSubmit(submit({ ...browser, method: 'passkey', session: 'unprivileged' })))).to.deep.equal([
        'session_refresh_required',
      ]);
      // Success, or 4000009 on a 400 flow when the target's schema names no key identifier (docs/kratos-behavior.md#messages): both are Kratos.
      expect(expectSubmit(submit({ method: 'passkey' })).outcomes).to.deep.equal([
        { status: 200, body: 'flow' },
        { status: 400, body: 'flow' },
      ]);
      expect(expectSubmit(submit({ method: 'passkey', transport: 'cookie' })).rule).to.equal('apiFlowFromBrowser');
      expect(
        expectSubmit(submit({ ...browser, method: 'passkey', input: 'invalid', client: BROWSER_NAVIGATION, encoding: 'form' })).outcomes,
      ).to.deep.equal([{ status: 303, location: 'settings-ui' }]);
    });
    it('docs/kratos-behavior.md#lookup-secret: lookup secret regeneration returns the flow without success', () => {
      expect(expectSubmit(submit({ method: 'lookup_secret' })).rule).to.equal('uiOnlyUpdate');
      expect(expectSubmit(submit({ method: 'lookup_secret', lookupSecretAction: 'reveal' })).outcomes).to.deep.equal([
        { status: 200, body: 'flow' },
      ]);
      expect(
        expectSubmit(
          submit({
            method: 'lookup_secret',
            lookupSecretAction: 'reveal',
            flowType: 'browser',
            transport: 'cookie',
            client: BROWSER_NAVIGATION,
            encoding: 'form',
          }),
        ).outcomes,
      ).to.deep.equal([{ status: 303, location: 'settings-ui' }]);
    });
    it('docs/kratos-behavior.md#lookup-secret: confirming regenerated codes goes through the success pipeline; confirming or revealing without codes is a 400 flow', () => {
      expect(expectSubmit(submit({ method: 'lookup_secret', lookupSecretAction: 'confirm' })).rule).to.equal('validUpdate');
      expect(expectSubmit(submit({ method: 'lookup_secret', lookupSecretAction: 'confirm', input: 'invalid' })).outcomes).to.deep.equal([
        { status: 400, body: 'flow' },
      ]);
      expect(expectSubmit(submit({ method: 'lookup_secret', lookupSecretAction: 'reveal', input: 'invalid' })).rule).to.equal(
        'invalidInput',
      );
      expect(
        ids(expectSubmit(submit({ method: 'lookup_secret', lookupSecretAction: 'confirm', session: 'aal1-needs-aal2' }))),
      ).to.deep.equal(['session_aal2_required']);
    });
  });
});
