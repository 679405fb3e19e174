/**
 * WebAuthn registration as a relying party sees it: the creation options a browser needs, and the checks on the
 * PublicKeyCredential it sends back (https://www.w3.org/TR/webauthn-2/#sctn-registering-a-new-credential). Attestation
 * statements are not verified (the options ask for "none"); the texts follow the go-webauthn library Kratos uses, so
 * clients see the messages Kratos would give.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CborError, decodeCbor, readCbor, type CborValue } from './cbor.js';
import { isPlainObject } from '../../spec/json.js';

/** What the relying party remembers between issuing the options and receiving the credential. */
export interface RegistrationSession {
  challenge: string;
  userId: string;
}

/** A WebAuthn credential as stored in the identity's credential config (ids and keys base64url). */
export interface StoredWebAuthnCredential {
  id: string;
  public_key: string;
  attestation_type: string;
  authenticator: { aaguid: string; sign_count: number };
  display_name: string;
  added_at: string;
  is_passwordless: boolean;
}

export interface NewCredential {
  id: string;
  publicKey: string;
  attestationType: string;
  aaguid: string;
  signCount: number;
}

/** `parse`: the JSON is not a registration response (Kratos: 400); `verify`: it does not match this ceremony. */
export class RegistrationError extends Error {
  override name = 'RegistrationError';
  constructor(
    readonly stage: 'parse' | 'verify',
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 300_000;
/** ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, EdDSA: go-webauthn's default list. */
const ALGORITHMS = [-7, -35, -36, -257, -258, -259, -37, -38, -39, -8];
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const FLAG_USER_PRESENT = 0x01;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

export function newRegistrationSession(userId: string): RegistrationSession {
  return { challenge: randomBytes(32).toString('base64url'), userId };
}

/** Strict base64url (padding tolerated): Node's decoder would silently skip invalid characters. */
function decodeBase64Url(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !BASE64URL.test(value) || value.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(value.replace(/=+$/, ''), 'base64url');
}

export function base64UrlToHex(value: string): string {
  return Buffer.from(value, 'base64url').toString('hex');
}

/** `PublicKeyCredentialCreationOptions` wrapped as `{publicKey}`, the JSON Kratos puts into its nodes. */
export function creationOptions(input: {
  rpId: string;
  rpName: string;
  session: RegistrationSession;
  userName: string;
  excludeCredentialIds: string[];
  residentKey: boolean;
}): Record<string, unknown> {
  const publicKey: Record<string, unknown> = {
    rp: { name: input.rpName, id: input.rpId },
    user: { name: input.userName, displayName: input.userName, id: input.session.userId },
    challenge: input.session.challenge,
    pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
    timeout: TIMEOUT_MS,
  };
  if (input.excludeCredentialIds.length > 0) {
    publicKey['excludeCredentials'] = input.excludeCredentialIds.map((id) => ({ type: 'public-key', id }));
  }
  publicKey['authenticatorSelection'] = input.residentKey
    ? { requireResidentKey: true, residentKey: 'required', userVerification: 'preferred' }
    : { requireResidentKey: false, userVerification: 'discouraged' };
  publicKey['attestation'] = 'none';
  return { publicKey };
}

const parseError = (detail: string) => new RegistrationError('parse', `Parse error for Registration (${detail})`);

interface ParsedResponse {
  rawId: Buffer;
  clientData: Record<string, unknown>;
  format: string;
  statement: CborValue;
  authData: Buffer;
}

function parseResponse(json: string): ParsedResponse {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    throw parseError('the value is not JSON');
  }
  if (!isPlainObject(body)) throw parseError('the value is not a JSON object');
  if (typeof body['id'] !== 'string' || body['id'] === '') throw parseError('Missing ID');
  const id = decodeBase64Url(body['id']);
  if (!id || id.length === 0) throw parseError('ID not base64.RawURLEncoded');
  const rawId = decodeBase64Url(body['rawId']);
  if (!rawId?.equals(id)) throw parseError('rawId does not match id');
  if (body['type'] === undefined || body['type'] === '') throw parseError('Missing type');
  if (body['type'] !== 'public-key') throw parseError('Type not public-key');
  const response = body['response'];
  if (!isPlainObject(response)) throw parseError('Missing response');
  const clientDataBytes = decodeBase64Url(response['clientDataJSON']);
  if (!clientDataBytes) throw parseError('clientDataJSON is not base64url');
  let clientData: unknown;
  try {
    clientData = JSON.parse(clientDataBytes.toString('utf8'));
  } catch {
    throw parseError('clientDataJSON is not JSON');
  }
  if (!isPlainObject(clientData)) throw parseError('clientDataJSON is not a JSON object');
  const attestationBytes = decodeBase64Url(response['attestationObject']);
  if (!attestationBytes) throw parseError('attestationObject is not base64url');
  let attestation: CborValue;
  try {
    attestation = decodeCbor(attestationBytes);
  } catch (error) {
    throw parseError(`attestationObject is not CBOR: ${(error as Error).message}`);
  }
  if (!(attestation instanceof Map)) throw parseError('attestationObject is not a CBOR map');
  const format = attestation.get('fmt');
  const authData = attestation.get('authData');
  if (typeof format !== 'string') throw parseError('attestationObject has no fmt');
  if (!(authData instanceof Uint8Array)) throw parseError('attestationObject has no authData');
  return { rawId, clientData, format, statement: attestation.get('attStmt'), authData: Buffer.from(authData) };
}

interface AuthenticatorData {
  rpIdHash: Buffer;
  flags: number;
  signCount: number;
  aaguid: Buffer;
  credentialId: Buffer;
  publicKey: Buffer;
}

/** authData: rpIdHash(32) flags(1) signCount(4), then aaguid(16) idLength(2) id COSE-key when AT is set. */
function parseAuthenticatorData(data: Buffer): AuthenticatorData {
  if (data.length < 37) throw parseError('authData is too short');
  const flags = data[32] ?? 0;
  if ((flags & FLAG_ATTESTED_CREDENTIAL) === 0) throw parseError('Attested credential flag not set');
  if (data.length < 55) throw parseError('authData is too short for attested credential data');
  const idLength = data.readUInt16BE(53);
  const idEnd = 55 + idLength;
  if (idLength === 0 || data.length <= idEnd) throw parseError('authData credential id runs past its end');
  let keyEnd: number;
  let key: CborValue;
  try {
    ({ value: key, end: keyEnd } = readCbor(data, idEnd));
  } catch (error) {
    if (error instanceof CborError) throw parseError(`credential public key is not CBOR: ${error.message}`);
    throw error;
  }
  if (!(key instanceof Map) || !key.has(1) || !key.has(3)) throw parseError('credential public key is not a COSE key');
  return {
    rpIdHash: data.subarray(0, 32),
    flags,
    signCount: data.readUInt32BE(33),
    aaguid: data.subarray(37, 53),
    credentialId: data.subarray(55, idEnd),
    publicKey: data.subarray(idEnd, keyEnd),
  };
}

/** Parses and checks a registration response; throws RegistrationError with go-webauthn's wording. */
export function verifyRegistration(
  json: string,
  expected: { session: RegistrationSession; rpId: string; origins: string[] },
): NewCredential {
  const parsed = parseResponse(json);
  const authData = parseAuthenticatorData(parsed.authData);
  const verifyError = (detail: string) => new RegistrationError('verify', detail);
  if (parsed.clientData['type'] !== 'webauthn.create') throw verifyError('Error validating ceremony type');
  if (parsed.clientData['challenge'] !== expected.session.challenge) throw verifyError('Error validating challenge');
  if (!expected.origins.includes(String(parsed.clientData['origin']))) throw verifyError('Error validating origin');
  if (!authData.rpIdHash.equals(createHash('sha256').update(expected.rpId).digest())) throw verifyError('RP Hash mismatch');
  if ((authData.flags & FLAG_USER_PRESENT) === 0) throw verifyError('User presence flag not set by authenticator');
  if (!authData.credentialId.equals(parsed.rawId)) throw verifyError('Credential ID mismatch');
  if (parsed.format === 'none' && !(parsed.statement instanceof Map && parsed.statement.size === 0)) {
    throw verifyError('Attestation format none with attestation present');
  }
  return {
    id: parsed.rawId.toString('base64url'),
    publicKey: authData.publicKey.toString('base64url'),
    attestationType: parsed.format,
    aaguid: authData.aaguid.toString('base64url'),
    signCount: authData.signCount,
  };
}
