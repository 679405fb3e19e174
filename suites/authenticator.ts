/**
 * A software WebAuthn authenticator for registrations: from a flow's creation options it builds the
 * PublicKeyCredential JSON a browser would send, with "none" attestation and a fresh P-256 key
 * (https://www.w3.org/TR/webauthn-2/#sctn-authenticator-data, https://www.w3.org/TR/webauthn-2/#sctn-none-attestation).
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

export type CborValue = number | string | Uint8Array | ReadonlyMap<CborValue, CborValue> | { readonly [key: string]: CborValue };

function cborHead(majorType: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(majorType << 5) | length]);
  if (length < 0x100) return Buffer.from([(majorType << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(majorType << 5) | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = (majorType << 5) | 26;
  head.writeUInt32BE(length, 1);
  return head;
}

/** CBOR (RFC 8949) for the subset attestation objects use: integers, byte and text strings, maps. */
export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || Math.abs(value) > 0xffffffff) throw new RangeError(`CBOR integer out of range: ${value}`);
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  const entries: Array<[CborValue, CborValue]> = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([key, item]) => [encodeCbor(key), encodeCbor(item)])]);
}

/** Flags of authenticator data: user present, user verified, attested credential data included. */
export const REGISTRATION_FLAGS = 0x01 | 0x04 | 0x40;

export interface CreationOptions {
  challenge: string;
  rpId: string;
}

/** The challenge and relying party id of `{publicKey: {...}}` creation options, if the JSON has them. */
export function creationOptionsOf(json: string): CreationOptions | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const record = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const publicKey = (record['publicKey'] ?? record) as Record<string, unknown>;
  const rp = publicKey['rp'] as Record<string, unknown> | undefined;
  const challenge = publicKey['challenge'];
  const rpId = rp?.['id'];
  return typeof challenge === 'string' && typeof rpId === 'string' ? { challenge, rpId } : undefined;
}

/** The options JSON inside a `webauthn_register_trigger` onclick such as `window.oryWebAuthnRegistration({...})`. */
export function optionsInScript(script: string): string | undefined {
  const start = script.indexOf('{');
  const end = script.lastIndexOf('}');
  return start >= 0 && end > start ? script.slice(start, end + 1) : undefined;
}

/** The COSE_Key (https://www.rfc-editor.org/rfc/rfc9053#section-7.1) of an EC2 P-256 key for ES256. */
function coseP256Key(x: Buffer, y: Buffer): Map<CborValue, CborValue> {
  return new Map<CborValue, CborValue>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, x],
    [-3, y],
  ]);
}

/** Authenticator data: rpIdHash | flags | signCount | aaguid | credIdLength | credId | credentialPublicKey. */
export function registrationAuthData(rpId: string, credentialId: Buffer, publicKey: Buffer): Buffer {
  const rpIdHash = createHash('sha256').update(rpId).digest();
  const flagsAndCount = Buffer.alloc(5);
  flagsAndCount[0] = REGISTRATION_FLAGS;
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(credentialId.length);
  return Buffer.concat([rpIdHash, flagsAndCount, Buffer.alloc(16), idLength, credentialId, publicKey]);
}

export interface RegistrationCredential {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string };
}

/** A registration response for the options, as the WebAuthn client at `origin` would produce it. */
export function register(options: CreationOptions, origin: string): RegistrationCredential {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  const credentialId = randomBytes(32);
  const clientData = { type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false };
  const authData = registrationAuthData(options.rpId, credentialId, encodeCbor(coseP256Key(x, y)));
  const attestationObject = encodeCbor({ fmt: 'none', attStmt: {}, authData });
  const id = credentialId.toString('base64url');
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: Buffer.from(JSON.stringify(clientData)).toString('base64url'),
      attestationObject: attestationObject.toString('base64url'),
    },
  };
}
