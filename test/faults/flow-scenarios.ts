/**
 * Conversations that show faults in situations, stored state, continuations and flow values: each goes one step
 * further than the answer itself (the flow fetched again, the replacement flow, a second init).
 */
import { mockContextOf } from '../../mock/index.js';
import { csrfOf, json } from '../mock/harness.js';
import { FORM, PUBLIC, apiFlow, apiSession, browserFlow, browserSession, digest, submitJson, type Scenario } from './scenarios.js';

const HOUR_MS = 60 * 60 * 1000;

/** The values of a flow's password inputs, which `digest` leaves out with every other node value. */
function passwordValues(body: { ui?: { nodes?: Array<{ attributes?: { type?: string; value?: unknown } }> } }): unknown[] {
  return (body.ui?.nodes ?? []).filter((node) => node.attributes?.type === 'password').map((node) => node.attributes?.value);
}

export const FLOW_SCENARIOS: Record<string, Scenario> = {
  async unprivilegedChanges(h) {
    const { token } = await apiSession(h, 'stale-profile@example.com');
    h.advance(120_000);
    const flow = json(await apiFlow(h, token));
    const identifier = await submitJson(
      h,
      flow.id,
      { 'x-session-token': token },
      { method: 'profile', traits: { email: 'changed-stale@example.com' } },
    );
    const reveal = await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'lookup_secret', lookup_secret_reveal: true });
    return [identifier, reveal].map(digest);
  },

  async wrongCodes(h) {
    const { token } = await apiSession(h, 'codes@example.com');
    const flow = json(await apiFlow(h, token));
    const totp = await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'totp', totp_code: '000000' });
    const confirm = await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'lookup_secret', lookup_secret_confirm: true });
    return [totp, confirm].map(digest);
  },

  async profileTraits(h) {
    const { token } = await apiSession(h, 'traits@example.com');
    const flow = json(await apiFlow(h, token));
    const added = await submitJson(
      h,
      flow.id,
      { 'x-session-token': token },
      { method: 'profile', traits: { email: 'traits@example.com', name: { first: 'Ada' } } },
    );
    const cleared = await submitJson(
      h,
      flow.id,
      { 'x-session-token': token },
      { method: 'profile', traits: { email: 'traits-new@example.com' } },
    );
    const refetched = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { 'x-session-token': token },
    });
    const whoami = await h.inject({ method: 'GET', url: '/sessions/whoami', headers: { 'x-session-token': token } });
    return [added, cleared, refetched, whoami].map(digest);
  },

  async passwordValues(h) {
    const { token } = await apiSession(h, 'echo@example.com');
    const flow = json(await apiFlow(h, token));
    const weak = json(await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'password', password: 'ab1' }));
    const strong = json(
      await submitJson(h, flow.id, { 'x-session-token': token }, { method: 'password', password: 'a brand new passphrase 42' }),
    );
    return [{ weak: passwordValues(weak), strong: passwordValues(strong) }];
  },

  async submitReturnTo(h) {
    const { cookie } = await browserSession(h, 'submit-return-to@example.com');
    const flow = json(await browserFlow(h, cookie(), `${PUBLIC}/self-service/settings/browser`));
    const url = `/self-service/settings?flow=${flow.id}&return_to=${encodeURIComponent(`${PUBLIC}/self-service/elsewhere`)}`;
    const form = new URLSearchParams({
      method: 'profile',
      'traits.email': 'submit-return-to@example.com',
      csrf_token: csrfOf(flow),
    }).toString();
    const navigation = await h.inject({ method: 'POST', url, headers: { ...FORM, cookie: cookie() }, payload: form });
    const ajax = await submitJson(
      h,
      flow.id,
      { cookie: cookie() },
      { method: 'profile', traits: { email: 'submit-return-to@example.com' }, csrf_token: csrfOf(flow) },
    );
    return [navigation, ajax].map(digest);
  },

  async browserNavigationOutcomes(h) {
    const { cookie } = await browserSession(h, 'navigation@example.com');
    const flow = json(await browserFlow(h, cookie()));
    const post = (fields: Record<string, string>) =>
      h.inject({
        method: 'POST',
        url: `/self-service/settings?flow=${flow.id}`,
        headers: { ...FORM, cookie: cookie() },
        payload: new URLSearchParams({ ...fields, csrf_token: csrfOf(flow) }).toString(),
      });
    const fetch = () =>
      h.inject({
        method: 'GET',
        url: `/self-service/settings/flows?id=${flow.id}`,
        headers: { accept: 'application/json', cookie: cookie() },
      });
    const rejected = await post({ method: 'profile', 'traits.email': 'not-an-email' });
    const afterRejection = await fetch();
    const accepted = await post({ method: 'profile', 'traits.email': 'navigation-new@example.com' });
    const afterSuccess = await fetch();
    return [rejected, afterRejection, accepted, afterSuccess].map(digest);
  },

  async expiryContinuations(h) {
    const api = await apiSession(h, 'expiry-api@example.com');
    const browser = await browserSession(h, 'expiry-browser@example.com');
    const apiFlowId = json(await apiFlow(h, api.token)).id as string;
    const browserFlowBody = json(await browserFlow(h, browser.cookie()));
    h.advance(HOUR_MS + 60_000);
    const expired = await submitJson(
      h,
      apiFlowId,
      { 'x-session-token': api.token },
      { method: 'profile', traits: { email: 'expiry-api@example.com' } },
    );
    const replacement = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${String(json(expired).use_flow_id)}`,
      headers: { 'x-session-token': api.token },
    });
    const form = new URLSearchParams({
      method: 'profile',
      'traits.email': 'expiry-browser@example.com',
      csrf_token: csrfOf(browserFlowBody),
    }).toString();
    const navigation = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${browserFlowBody.id}`,
      headers: { ...FORM, cookie: browser.cookie() },
      payload: form,
    });
    return [expired, replacement, navigation].map(digest);
  },

  async secondFactorOnFlow(h) {
    const { token, identityId } = await apiSession(h, 'aal-flow@example.com');
    const flow = json(await apiFlow(h, token));
    const store = mockContextOf(h.server).store;
    const stored = store.getIdentity(identityId);
    if (!stored) throw new Error('identity missing');
    store.saveIdentity({
      ...stored,
      credentials: {
        ...stored.credentials,
        totp: store.newCredential('totp', [identityId], { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
      },
    });
    const fetched = await h.inject({
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      headers: { accept: 'application/json', 'x-session-token': token },
    });
    const submitted = await submitJson(
      h,
      flow.id,
      { 'x-session-token': token },
      { method: 'profile', traits: { email: 'aal-flow@example.com' } },
    );
    return [fetched, submitted].map(digest);
  },

  async compressedAnswers(h) {
    const { token } = await apiSession(h, 'gzip@example.com');
    const response = await h.inject({
      method: 'GET',
      url: '/self-service/settings/api',
      headers: { 'x-session-token': token, 'accept-encoding': 'gzip' },
    });
    return [{ status: response.statusCode, contentEncoding: response.headers['content-encoding'] ?? null }];
  },

  async twoInits(h) {
    const { token } = await apiSession(h, 'two-inits@example.com');
    const first = await apiFlow(h, token);
    const second = await apiFlow(h, token);
    return [first, second].map(digest);
  },

  async oidcLinkWrongCsrf(h) {
    const { cookie } = await browserSession(h, 'oidc-csrf@example.com');
    const flow = json(await browserFlow(h, cookie()));
    return [digest(await submitJson(h, flow.id, { cookie: cookie() }, { method: 'oidc', link: 'fake', csrf_token: 'wrong-token' }))];
  },
};
