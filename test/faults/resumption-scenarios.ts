/**
 * Conversations that show faults after a re-authentication and in one-time codes: each goes on past the refusal (the
 * login it asks for, the way back to the flow) or past the first use of a backup code.
 */
import { totp } from '../../mock/crypto/totp.js';
import { cookieHeader, csrfOf, giveTotp, json, setCookies } from '../mock/harness.js';
import {
  FORM,
  NAVIGATION,
  apiFlow,
  apiLogin,
  apiSession,
  browserFlow,
  browserSession,
  digest,
  submitJson,
  type Scenario,
} from './scenarios.js';

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

export const RESUMPTION_SCENARIOS: Record<string, Scenario> = {
  /** A paused browser submit: refused for an old session, the refresh login, and the browser back at the flow. */
  async reauthenticatedResume(h) {
    const { jar, cookie } = await browserSession(h, 'resume@example.com');
    const flow = json(await browserFlow(h, cookie()));
    h.advance(120_000);
    const form = new URLSearchParams({ method: 'profile', 'traits.email': 'resumed@example.com', csrf_token: csrfOf(flow) }).toString();
    const refused = await h.inject({
      method: 'POST',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { ...FORM, cookie: cookie() },
      payload: form,
    });
    for (const [name, value] of setCookies(refused)) jar.set(name, value);
    const loginUrl = new URL(String(refused.headers['location']));
    const init = await h.inject({
      method: 'GET',
      url: loginUrl.pathname + loginUrl.search,
      headers: { accept: 'application/json', cookie: cookie() },
    });
    const login = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${json(init).id}`,
      headers: { ...JSON_HEADERS, cookie: cookie() },
      payload: JSON.stringify({
        method: 'password',
        identifier: 'resume@example.com',
        password: 'correct horse battery staple',
        csrf_token: csrfOf(json(init)),
      }),
    });
    for (const [name, value] of setCookies(login)) jar.set(name, value);
    const back = await h.inject({
      method: 'GET',
      url: `/self-service/settings?flow=${flow.id}`,
      headers: { ...NAVIGATION, cookie: cookieHeader(jar) },
    });
    const whoami = await h.inject({
      method: 'GET',
      url: '/sessions/whoami',
      headers: { accept: 'application/json', cookie: cookieHeader(jar) },
    });
    return [refused, login, back, whoami].map(digest);
  },

  /** An AAL1 session of an identity with TOTP logs in with aal=aal2, then opens settings. */
  async secondFactorLogin(h) {
    const { token, identityId } = await apiSession(h, 'aal2-login@example.com');
    const secret = giveTotp(h, identityId);
    const init = json(await h.inject({ method: 'GET', url: '/self-service/login/api?aal=aal2', headers: { 'x-session-token': token } }));
    const login = await h.inject({
      method: 'POST',
      url: `/self-service/login?flow=${init.id}`,
      headers: { ...JSON_HEADERS, 'x-session-token': token },
      payload: JSON.stringify({ method: 'totp', totp_code: totp(secret, h.clock.now) }),
    });
    const settings = await apiFlow(h, token);
    return [{ status: login.statusCode, aal: json(login).session?.authenticator_assurance_level }, digest(settings)];
  },

  /** Backup codes set up, one used twice, then replaced, and an old one used. */
  async backupCodes(h) {
    const { token } = await apiSession(h, 'codes-once@example.com');
    const headers = { 'x-session-token': token };
    const setUp = async () => {
      const flow = json(await apiFlow(h, token));
      const regenerated = json(await submitJson(h, flow.id, headers, { method: 'lookup_secret', lookup_secret_regenerate: true }));
      await submitJson(h, flow.id, headers, { method: 'lookup_secret', lookup_secret_confirm: true });
      const node = regenerated.ui.nodes.find(
        (candidate: { attributes: { id?: string } }) => candidate.attributes.id === 'lookup_secret_codes',
      );
      return (node.attributes.text.context.secrets as Array<{ context: { secret: string } }>).map((entry) => entry.context.secret);
    };
    const loginWith = async (code: string) => {
      const aal1 = json(await apiLogin(h, 'codes-once@example.com')).session_token as string;
      const init = json(await h.inject({ method: 'GET', url: '/self-service/login/api?aal=aal2', headers: { 'x-session-token': aal1 } }));
      return h.inject({
        method: 'POST',
        url: `/self-service/login?flow=${init.id}`,
        headers: { ...JSON_HEADERS, 'x-session-token': aal1 },
        payload: JSON.stringify({ method: 'lookup_secret', lookup_secret: code }),
      });
    };
    const [first, second] = await setUp();
    const firstUse = await loginWith(first!);
    const secondUse = await loginWith(first!);
    await setUp();
    const oldCode = await loginWith(second!);
    return [firstUse, secondUse, oldCode].map((response) => ({ status: response.statusCode }));
  },
};
