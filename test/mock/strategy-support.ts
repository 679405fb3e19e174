/**
 * Shared by the webauthn, passkey and oidc strategy tests: a CBOR encoder and hand-built "none" attestations (what a
 * browser's navigator.credentials.create returns), sessions for identities made directly in the store, settings flows
 * and submits, and reading Kratos's snapshots with the values they strip.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerInjectResponse } from '@hapi/hapi';
import type { Credential } from '../../mock/store.js';
import { REFERENCE_DIR, skipWithoutShared } from '../spec/shared-reference.js';
import { cookieHeader, json, JSON_ACCEPT, setCookies, store, type Harness } from './harness.js';

export const SNAPSHOT_DIR = `${REFERENCE_DIR}kratos-snapshots/`;

/** A snapshot file's JSON, or undefined when ../shared is absent (callers keep their inline expectations). */
export function snapshot(file: string): any {
  const path = `${SNAPSHOT_DIR}${file}`;
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Skips a test that compares with a snapshot when ../shared is absent, saying why. */
export function requireSnapshots(context: Mocha.Context): void {
  skipWithoutShared(context, SNAPSHOT_DIR);
}

type CborInput = number | string | Uint8Array | CborInput[] | Map<CborInput, CborInput>;

function head(major: number, length: number): number[] {
  if (length < 24) return [(major << 5) | length];
  if (length < 0x100) return [(major << 5) | 24, length];
  if (length < 0x10000) return [(major << 5) | 25, length >> 8, length & 0xff];
  return [(major << 5) | 26, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
}

export function encodeCbor(value: CborInput): Buffer {
  if (typeof value === 'number') return Buffer.from(value >= 0 ? head(0, value) : head(1, -1 - value));
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([Buffer.from(head(3, bytes.length)), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([Buffer.from(head(2, value.length)), value]);
  if (Array.isArray(value)) return Buffer.concat([Buffer.from(head(4, value.length)), ...value.map(encodeCbor)]);
  return Buffer.concat([Buffer.from(head(5, value.size)), ...[...value].flatMap(([key, entry]) => [encodeCbor(key), encodeCbor(entry)])]);
}

/** An EC2 P-256 COSE key (kty 2, alg -7, crv 1, x, y); the coordinates need not be a real point for registration. */
const COSE_KEY = new Map<CborInput, CborInput>([
  [1, 2],
  [3, -7],
  [-1, 1],
  [-2, Buffer.alloc(32, 7)],
  [-3, Buffer.alloc(32, 9)],
]);

export interface AttestationInput {
  challenge: string;
  credentialId: Buffer;
  origin?: string;
  rpId?: string;
  ceremony?: string;
  flags?: number;
}

/** The PublicKeyCredential JSON a browser sends after registering with "none" attestation. */
export function noneAttestation(input: AttestationInput): string {
  const clientData = Buffer.from(
    JSON.stringify({
      type: input.ceremony ?? 'webauthn.create',
      challenge: input.challenge,
      origin: input.origin ?? 'http://127.0.0.1:4433',
      crossOrigin: false,
    }),
  );
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(input.credentialId.length);
  const authData = Buffer.concat([
    createHash('sha256')
      .update(input.rpId ?? '127.0.0.1')
      .digest(),
    Buffer.from([input.flags ?? 0x45]),
    Buffer.from([0, 0, 0, 0]),
    Buffer.alloc(16),
    idLength,
    input.credentialId,
    encodeCbor(COSE_KEY),
  ]);
  const attestationObject = encodeCbor(
    new Map<CborInput, CborInput>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]),
  );
  const id = input.credentialId.toString('base64url');
  return JSON.stringify({
    id,
    rawId: id,
    type: 'public-key',
    response: { clientDataJSON: clientData.toString('base64url'), attestationObject: attestationObject.toString('base64url') },
  });
}

/** The `{publicKey}` options a node carries: in `onclick` (webauthn) or as the value of `passkey_create_data`. */
export function optionsOf(node: any): any {
  if (node.attributes.name === 'passkey_create_data') return JSON.parse(node.attributes.value);
  const onclick: string = node.attributes.onclick;
  return JSON.parse(onclick.slice(onclick.indexOf('(') + 1, onclick.lastIndexOf(')')));
}

/** A stored WebAuthn credential as the strategies keep them (`id` base64url of the raw id). */
export function storedKey(rawId: string, displayName: string, passwordless: boolean, addedAt = '0001-01-01T00:00:00Z') {
  return {
    id: Buffer.from(rawId).toString('base64url'),
    public_key: '',
    attestation_type: 'none',
    authenticator: { aaguid: '', sign_count: 0 },
    display_name: displayName,
    added_at: addedAt,
    is_passwordless: passwordless,
  };
}

/** An identity created straight in the store with exactly these credentials, and an aal1 session token for it. */
export function identityWith(
  h: Harness,
  email: string,
  credentials: Record<string, { identifiers: string[]; config: Record<string, unknown> }>,
) {
  const s = store(h);
  const built: Record<string, Credential> = Object.fromEntries(
    Object.entries(credentials).map(([type, { identifiers, config }]) => [type, s.newCredential(type, identifiers, config)]),
  );
  const identity = s.createIdentity({ schemaId: 'default', traits: { email }, credentials: built });
  const session = s.createSession({
    identityId: identity.id,
    lifespanMs: 24 * 60 * 60 * 1000,
    methods: [{ method: 'password', aal: 'aal1', completedAt: h.clock.now }],
  });
  return { identityId: identity.id, token: session.token };
}

/** A browser client: the session cookie plus the CSRF cookie minted by the browser init. */
export interface BrowserClient {
  jar: Map<string, string>;
}

export function browserClient(token: string): BrowserClient {
  return { jar: new Map([['ory_kratos_session', token]]) };
}

export async function browserFlow(h: Harness, client: BrowserClient): Promise<any> {
  const response = await h.inject({
    method: 'GET',
    url: '/self-service/settings/browser',
    headers: { ...JSON_ACCEPT, cookie: cookieHeader(client.jar) },
  });
  if (response.statusCode !== 200) throw new Error(`browser flow not created: ${response.statusCode} ${response.payload}`);
  for (const [name, value] of setCookies(response)) client.jar.set(name, value);
  return json(response);
}

export async function apiFlow(h: Harness, token: string): Promise<any> {
  const response = await h.inject({ method: 'GET', url: '/self-service/settings/api', headers: { 'x-session-token': token } });
  if (response.statusCode !== 200) throw new Error(`api flow not created: ${response.statusCode} ${response.payload}`);
  return json(response);
}

/** A JSON-client submit of a browser flow, with the flow's csrf_token unless the body sets its own. */
export function submitBrowser(
  h: Harness,
  client: BrowserClient,
  flow: any,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ServerInjectResponse> {
  const csrf = flow.ui.nodes.find((node: any) => node.attributes.name === 'csrf_token').attributes.value;
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flow.id}`,
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie: cookieHeader(client.jar), ...headers },
    payload: JSON.stringify({ csrf_token: csrf, ...body }),
  });
}

export function submitApi(
  h: Harness,
  token: string,
  flowId: string,
  body: Record<string, unknown>,
  query = '',
): Promise<ServerInjectResponse> {
  return h.inject({
    method: 'POST',
    url: `/self-service/settings?flow=${flowId}${query}`,
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-session-token': token },
    payload: JSON.stringify(body),
  });
}

/** Nodes of these groups (and the csrf node), in flow order. */
export function nodesOf(flow: any, groups: string[]): any[] {
  return flow.ui.nodes.filter((node: any) => node.attributes.name === 'csrf_token' || groups.includes(node.group));
}

/** Removes attributes at the given paths (`<node index>.attributes.<name>`), as cupaloy's ExceptPaths does. */
export function except(nodes: any[], paths: string[]): any[] {
  const copy = structuredClone(nodes);
  for (const path of paths) {
    const [index, , name] = path.split('.');
    delete copy[Number(index)].attributes[name as string];
  }
  return copy;
}
