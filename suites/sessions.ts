/**
 * Sessions obtained through the target's own API, so the same code works against the mock and a real Kratos:
 * identities through the admin API, native and browser password login, AAL2 through TOTP set up in the settings flow.
 */
import { asPlainObject } from '../spec/json.js';
import type { RecordedExchange } from '../reporters/report.js';
import type { Answer, TargetClient } from './client.js';
import { CookieJar } from './cookies.js';
import { totp } from './totp.js';
import { nodesOf } from './ui-nodes.js';

/** The target cannot be provisioned: the run's verdict becomes 'error'. */
export class ProvisioningError extends Error {
  override name = 'ProvisioningError';
  constructor(
    message: string,
    readonly exchange?: RecordedExchange,
  ) {
    super(message);
  }
}

export interface Identity {
  id: string;
  traits: Record<string, unknown>;
  /** The trait that logs in with the password. */
  identifier: string;
  password: string;
}

export interface CookieNames {
  session: string;
  csrf: string[];
}

export interface Session {
  identity: Identity;
  /** X-Session-Token of a native login. */
  token: string;
  /** The browser's jar holding the session cookie of a browser login (and its anti-CSRF cookie). */
  jar?: CookieJar;
  /** The names of the session and anti-CSRF cookies the browser login set. */
  cookieNames?: CookieNames;
  /** When the login completed, on our clock. */
  authenticatedAt: number;
}

function summary(answer: Answer): string {
  if (answer.status === 0) return answer.exchange.response.error ?? 'no response';
  const body = (answer.exchange.response.body ?? '').slice(0, 300);
  return `${answer.status} ${body}`;
}

function expectStatus(answer: Answer, status: number, what: string): Record<string, unknown> {
  const body = asPlainObject(answer.json);
  if (answer.status !== status || !body) {
    throw new ProvisioningError(
      `${what}: ${answer.exchange.request.method} ${answer.exchange.request.url} answered ${summary(answer)}`,
      answer.exchange,
    );
  }
  return body;
}

export function csrfTokenOf(flow: unknown): string | undefined {
  const value = nodesOf(flow).find((node) => node.attributes['name'] === 'csrf_token')?.attributes['value'];
  return typeof value === 'string' ? value : undefined;
}

export function flowIdOf(flow: unknown): string | undefined {
  const id = asPlainObject(flow)?.['id'];
  return typeof id === 'string' ? id : undefined;
}

export async function createIdentity(
  admin: TargetClient,
  schemaId: string,
  traits: Record<string, unknown>,
  password: string,
): Promise<{ id: string } | { conflict: true }> {
  const answer = await admin.send({
    method: 'POST',
    url: '/admin/identities',
    headers: { accept: 'application/json' },
    json: { schema_id: schemaId, traits, credentials: { password: { config: { password } } } },
  });
  if (answer.status === 409) return { conflict: true };
  const body = expectStatus(answer, 201, 'creating an identity through the admin API failed');
  if (typeof body['id'] !== 'string') throw new ProvisioningError('the admin API created an identity without an id', answer.exchange);
  return { id: body['id'] };
}

/** Deletes an identity (and with it its sessions); resolves to whether the admin API said it did. */
export async function deleteIdentity(admin: TargetClient, id: string): Promise<boolean> {
  const answer = await admin.send({ method: 'DELETE', url: `/admin/identities/${encodeURIComponent(id)}` });
  return answer.status >= 200 && answer.status < 300;
}

/** A native password login; resolves to the answer so callers may look at failures themselves. */
export async function tryNativeLogin(
  client: TargetClient,
  identifier: string,
  password: string,
): Promise<{ token?: string; exchange: RecordedExchange }> {
  const init = await client.send({ method: 'GET', url: '/self-service/login/api', headers: { accept: 'application/json' } });
  const flowId = flowIdOf(init.json);
  if (init.status !== 200 || flowId === undefined) return { exchange: init.exchange };
  const submit = await client.send({
    method: 'POST',
    url: `/self-service/login?flow=${encodeURIComponent(flowId)}`,
    headers: { accept: 'application/json' },
    json: { method: 'password', identifier, password },
  });
  const token = asPlainObject(submit.json)?.['session_token'];
  return typeof token === 'string' && submit.status === 200 ? { token, exchange: submit.exchange } : { exchange: submit.exchange };
}

/** A browser password login (JSON client) with a jar of its own; resolves to the submit's exchange (200 when it logged in). */
export async function tryBrowserLogin(client: TargetClient, identifier: string, password: string): Promise<{ exchange: RecordedExchange }> {
  const jar = new CookieJar();
  const init = await client.send({ method: 'GET', url: '/self-service/login/browser', headers: { accept: 'application/json' }, jar });
  const flowId = flowIdOf(init.json);
  if (init.status !== 200 || flowId === undefined) return { exchange: init.exchange };
  const submit = await client.send({
    method: 'POST',
    url: `/self-service/login?flow=${encodeURIComponent(flowId)}`,
    headers: { accept: 'application/json' },
    json: { method: 'password', identifier, password, csrf_token: csrfTokenOf(init.json) ?? '' },
    jar,
  });
  return { exchange: submit.exchange };
}

export async function nativeLogin(client: TargetClient, identity: Identity): Promise<Session> {
  const { token, exchange } = await tryNativeLogin(client, identity.identifier, identity.password);
  if (token === undefined) {
    throw new ProvisioningError(
      `native password login failed: ${exchange.request.method} ${exchange.request.url} answered ${exchange.response.status || exchange.response.error} ${(exchange.response.body ?? '').slice(0, 300)}`,
      exchange,
    );
  }
  return { identity, token, authenticatedAt: Date.now() };
}

/**
 * A browser password login through the JSON (SPA) variant; the jar ends up holding the session cookie. The cookie
 * names come from what the target set: the login flow's start sets the anti-CSRF cookie, its success adds the
 * session cookie, so no check assumes `ory_kratos_session` or `csrf_token_*`.
 */
export async function browserLogin(client: TargetClient, identity: Identity): Promise<{ jar: CookieJar; cookieNames: CookieNames }> {
  const jar = new CookieJar();
  const init = expectStatus(
    await client.send({ method: 'GET', url: '/self-service/login/browser', headers: { accept: 'application/json' }, jar }),
    200,
    'initialising a browser login flow failed',
  );
  const flowId = flowIdOf(init);
  const csrfCookies = jar.names();
  const submit = await client.send({
    method: 'POST',
    url: `/self-service/login?flow=${encodeURIComponent(flowId ?? '')}`,
    headers: { accept: 'application/json' },
    json: { method: 'password', identifier: identity.identifier, password: identity.password, csrf_token: csrfTokenOf(init) ?? '' },
    jar,
  });
  expectStatus(submit, 200, 'browser password login failed');
  const session = submit.setCookies.map((header) => header.split('=')[0]!.trim()).find((name) => !csrfCookies.includes(name));
  if (session === undefined)
    throw new ProvisioningError('browser login succeeded but set no session cookie besides the anti-CSRF cookie', submit.exchange);
  return { jar, cookieNames: { session, csrf: csrfCookies } };
}

/**
 * How a request shows its session: a native token, or a browser's cookie jar. A jar means browser flows, whose
 * submits carry the flow's csrf_token.
 */
export type SessionProof = { token: string } | { jar: CookieJar };

function proofHeaders(proof: SessionProof): { headers: Record<string, string>; jar?: CookieJar } {
  if ('jar' in proof) return { headers: { accept: 'application/json' }, jar: proof.jar };
  return { headers: { accept: 'application/json', 'x-session-token': proof.token } };
}

/** The flow's csrf_token for a browser submit (a native submit needs none). */
function csrfFor(proof: SessionProof, flow: unknown): Record<string, string> {
  return 'jar' in proof ? { csrf_token: csrfTokenOf(flow) ?? '' } : {};
}

/** Sets TOTP up through a settings flow (native, or browser for a jar); resolves to the secret. Needs a privileged session. */
export async function setUpTotp(client: TargetClient, proof: SessionProof): Promise<string> {
  const flow = expectStatus(
    await client.send({ method: 'GET', url: `/self-service/settings/${'jar' in proof ? 'browser' : 'api'}`, ...proofHeaders(proof) }),
    200,
    'initialising a settings flow for the TOTP setup failed',
  );
  const secret = totpSecretOf(flow);
  if (secret === undefined) throw new ProvisioningError('the settings flow has no totp_secret_key node with context.secret');
  const submit = await client.send({
    method: 'POST',
    url: `/self-service/settings?flow=${encodeURIComponent(flowIdOf(flow) ?? '')}`,
    ...proofHeaders(proof),
    json: { method: 'totp', totp_code: totp(secret, Date.now()), ...csrfFor(proof, flow) },
  });
  expectStatus(submit, 200, 'setting TOTP up through the settings flow failed');
  return secret;
}

/** The secret the totp_secret_key text node shows (1050006, context.secret: docs/kratos-behavior.md#nodes-totp). */
export function totpSecretOf(flow: unknown): string | undefined {
  const node = nodesOf(flow).find(
    (candidate) => candidate.attributes['id'] === 'totp_secret_key' || candidate.attributes['name'] === 'totp_secret_key',
  );
  const text = asPlainObject(node?.attributes['text']);
  const secret = asPlainObject(text?.['context'])?.['secret'] ?? text?.['text'];
  return typeof secret === 'string' ? secret : undefined;
}

/**
 * Upgrades a session to AAL2 with a TOTP code; resolves to its proof: the (possibly new) token of a native session,
 * or the same jar, now holding the upgraded session cookie.
 */
export async function upgradeToAal2<Proof extends SessionProof>(client: TargetClient, proof: Proof, secret: string): Promise<Proof> {
  const init = expectStatus(
    await client.send({ method: 'GET', url: `/self-service/login/${'jar' in proof ? 'browser' : 'api'}?aal=aal2`, ...proofHeaders(proof) }),
    200,
    'initialising an aal2 login flow failed',
  );
  const submit = expectStatus(
    await client.send({
      method: 'POST',
      url: `/self-service/login?flow=${encodeURIComponent(flowIdOf(init) ?? '')}`,
      ...proofHeaders(proof),
      json: { method: 'totp', totp_code: totp(secret, Date.now()), ...csrfFor(proof, init) },
    }),
    200,
    'the aal2 login with a TOTP code failed',
  );
  const upgraded = submit['session_token'];
  // The same kind of proof as given: a token for a token.
  return ('token' in proof && typeof upgraded === 'string' ? { token: upgraded } : proof) as Proof;
}

/** The submit of a settings flow that must succeed (200), native or browser as the proof says. */
export async function submitSettings(
  client: TargetClient,
  proof: SessionProof,
  body: Record<string, unknown>,
  what: string,
): Promise<void> {
  const flow = await client.send({
    method: 'GET',
    url: `/self-service/settings/${'jar' in proof ? 'browser' : 'api'}`,
    ...proofHeaders(proof),
  });
  const answer = await client.send({
    method: 'POST',
    url: `/self-service/settings?flow=${encodeURIComponent(flowIdOf(flow.json) ?? '')}`,
    ...proofHeaders(proof),
    json: { ...body, csrf_token: csrfTokenOf(flow.json) ?? '' },
  });
  if (answer.status !== 200) throw new Error(`${what} answered ${answer.status || answer.exchange.response.error}`);
}

export async function whoami(client: TargetClient, proof: SessionProof): Promise<Answer> {
  return client.send({ method: 'GET', url: '/sessions/whoami', ...proofHeaders(proof) });
}
