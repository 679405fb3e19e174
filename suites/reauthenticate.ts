/**
 * Re-authenticating the way a refused settings change asks: a login flow with refresh=true (the password again) or
 * aal=aal2 (a TOTP or backup code), for the same session, natively with its token or as its browser with its cookies.
 */
import type { RecordedExchange } from '../reporters/report.js';
import { jsonOf, type TargetClient } from './client.js';
import type { CookieJar } from './cookies.js';
import { ProvisioningError, csrfTokenOf, flowIdOf } from './sessions.js';
import { totp } from './totp.js';

export type Proof =
  | { via: 'refresh'; identifier: string; password: string }
  | { via: 'aal2'; totpSecret: string }
  | { via: 'aal2'; backupCode: string };

export interface Reauthentication {
  /** The exchange that decides: the login submit, or the init when no login flow came of it. */
  login: RecordedExchange;
  /** Where a browser login sends the browser next: the last continue_with redirect_browser_to, or a Location. */
  next?: string;
  /** Our clock just before the login was submitted: the target's new authentication time is no earlier. */
  startedAt: number;
  /** The session token the native login answered with (the same session's, in Kratos). */
  token?: string;
}

function proofBody(proof: Proof): Record<string, unknown> {
  if (proof.via === 'refresh') return { method: 'password', identifier: proof.identifier, password: proof.password };
  return 'backupCode' in proof
    ? { method: 'lookup_secret', lookup_secret: proof.backupCode }
    : { method: 'totp', totp_code: totp(proof.totpSecret, Date.now()) };
}

/** A login step that got no answer proves nothing about the target: the case is the network's, not a failure. */
function answered(exchange: RecordedExchange): RecordedExchange {
  if (exchange.response.status === 0)
    throw new ProvisioningError(`re-authenticating got no answer: ${exchange.request.method} ${exchange.request.url}`, exchange);
  return exchange;
}

function loginQuery(proof: Proof): string {
  return proof.via === 'refresh' ? 'refresh=true' : 'aal=aal2';
}

/** The login a native app makes for its token: GET /self-service/login/api?refresh=true (or aal=aal2), then the submit. */
export async function reauthenticateNatively(client: TargetClient, token: string, proof: Proof): Promise<Reauthentication> {
  const headers = { accept: 'application/json', 'x-session-token': token };
  const init = await client.send({ method: 'GET', url: `/self-service/login/api?${loginQuery(proof)}`, headers });
  const flowId = flowIdOf(init.json);
  if (init.status !== 200 || flowId === undefined) return { login: answered(init.exchange), startedAt: Date.now() };
  const startedAt = Date.now();
  const submit = await client.send({
    method: 'POST',
    url: `/self-service/login?flow=${encodeURIComponent(flowId)}`,
    headers,
    json: proofBody(proof),
  });
  const renewed = (submit.json as { session_token?: unknown } | undefined)?.session_token;
  return { login: answered(submit.exchange), startedAt, ...(typeof renewed === 'string' ? { token: renewed } : {}) };
}

function nextOf(exchange: RecordedExchange): string | undefined {
  const items = (jsonOf(exchange) as { continue_with?: unknown } | undefined)?.continue_with;
  const redirects = Array.isArray(items)
    ? items.filter(
        (item): item is { redirect_browser_to: string } =>
          typeof (item as { redirect_browser_to?: unknown } | null)?.redirect_browser_to === 'string',
      )
    : [];
  const location = exchange.response.headers['location'];
  return redirects.at(-1)?.redirect_browser_to ?? (typeof location === 'string' ? location : undefined);
}

/**
 * The login a browser makes at the URL the refusal named (`loginUrl`, already on the target): the login flow as a
 * JSON client would render it, then the submit with its csrf_token; the jar keeps the cookies.
 */
export async function reauthenticateInBrowser(
  client: TargetClient,
  loginUrl: string,
  jar: CookieJar,
  proof: Proof,
): Promise<Reauthentication> {
  const init = await client.send({ method: 'GET', url: loginUrl, headers: { accept: 'application/json' }, jar });
  const flowId = flowIdOf(init.json);
  if (init.status !== 200 || flowId === undefined) return { login: answered(init.exchange), startedAt: Date.now() };
  const startedAt = Date.now();
  const submit = await client.send({
    method: 'POST',
    url: `/self-service/login?flow=${encodeURIComponent(flowId)}`,
    headers: { accept: 'application/json' },
    json: { ...proofBody(proof), csrf_token: csrfTokenOf(init.json) ?? '' },
    jar,
  });
  const next = nextOf(answered(submit.exchange));
  return { login: submit.exchange, startedAt, ...(next !== undefined ? { next } : {}) };
}
