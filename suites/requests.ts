/** How a generated situation becomes a request: credentials, Accept header, body encoding, URLs. */
import { isPlainObject } from '../spec/json.js';
import type { RequestSpec } from './client.js';
import { CookieJar } from './cookies.js';
import type { ClientProfile, Encoding, FlowIdSituation, SessionSituation } from './oracle.js';
import type { Session } from './sessions.js';

export const JSON_WITH_CHARSET = 'application/json; charset=utf-8';

export interface Presentation {
  situation: SessionSituation;
  /** The session a valid or revoked situation presents. */
  session: Session | undefined;
  transport: 'cookie' | 'token';
  /** The credential a garbage situation presents. */
  garbage?: string;
  /** The name the target's browser login set (Ory Network: `ory_session_<slug>`), not assumed. */
  sessionCookie?: string;
}

/** Headers and jar that present a session situation to the target. */
export function credentials({
  situation,
  session,
  transport,
  garbage = '',
  sessionCookie = 'ory_kratos_session',
}: Presentation): Pick<RequestSpec, 'headers' | 'jar'> {
  if (situation === 'none') return {};
  if (situation === 'garbage-token') return { headers: { 'x-session-token': garbage } };
  if (situation === 'garbage-cookie') {
    const jar = new CookieJar();
    jar.set(sessionCookie, garbage);
    return { jar };
  }
  if (!session) return {};
  // A valid or revoked session travels as the browser's cookie or as the native token.
  if (transport === 'cookie' && session.jar) return { jar: session.jar.clone() };
  return { headers: { 'x-session-token': session.token } };
}

export function withAccept(client: ClientProfile, spec: Pick<RequestSpec, 'headers' | 'jar'>): Pick<RequestSpec, 'headers' | 'jar'> {
  const encoding = client.acceptEncoding !== undefined ? { 'accept-encoding': client.acceptEncoding } : {};
  return { ...spec, headers: { ...spec.headers, ...(client.accept !== undefined ? { accept: client.accept } : {}), ...encoding } };
}

/** The request with a body in one encoding; `json-charset` sends JSON as `application/json; charset=utf-8`. */
export function withBody(
  spec: Pick<RequestSpec, 'headers' | 'jar'>,
  body: Record<string, unknown>,
  encoding: Encoding,
): Pick<RequestSpec, 'headers' | 'jar' | 'json' | 'form'> {
  if (encoding === 'json') return { ...spec, json: body };
  if (encoding === 'json-charset') return { ...spec, json: body, headers: { ...spec.headers, 'content-type': JSON_WITH_CHARSET } };
  const form: Record<string, string> = {};
  const flatten = (prefix: string, value: unknown) => {
    if (isPlainObject(value)) {
      for (const [key, inner] of Object.entries(value)) flatten(prefix === '' ? key : `${prefix}.${key}`, inner);
    } else if (value !== undefined) {
      form[prefix] = String(value);
    }
  };
  flatten('', body);
  return { ...spec, form };
}

export function initUrl(endpoint: 'browser' | 'api', returnTo: string | undefined): string {
  return `/self-service/settings/${endpoint}${returnTo !== undefined ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`;
}

export function flowQuery(situation: FlowIdSituation, id: string | undefined, parameter: 'id' | 'flow'): string {
  if (situation === 'missing' || id === undefined) return '';
  return `?${parameter}=${encodeURIComponent(id)}`;
}
