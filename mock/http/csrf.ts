/**
 * nosurf-style CSRF (docs/kratos-behavior.md#csrf): the cookie holds a random 32-byte token; forms carry a per-request
 * masked copy (one-time pad || token XOR pad, base64) that verifies against the cookie.
 */
import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';

const TOKEN_LENGTH = 32;
export const CSRF_MAX_AGE_SECONDS = 31536000;

/** Secure random bytes drawn from a pool refilled in 4 KiB batches: one system call per 128 tokens, not per token. */
const randomPool = Buffer.alloc(4096);
let randomPoolOffset = randomPool.length;

function secureRandomBytes(length: number): Buffer {
  if (randomPoolOffset + length > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolOffset = 0;
  }
  const bytes = Buffer.from(randomPool.subarray(randomPoolOffset, randomPoolOffset + length));
  randomPoolOffset += length;
  return bytes;
}

const cookieNames = new Map<string, string>();

export function csrfCookieName(publicBaseUrl: string): string {
  let name = cookieNames.get(publicBaseUrl);
  if (name === undefined) {
    name = `csrf_token_${createHash('sha256').update(publicBaseUrlForHash(publicBaseUrl)).digest('hex')}`;
    cookieNames.set(publicBaseUrl, name);
  }
  return name;
}

/** Kratos hashes `SelfPublicURL().String()`, which carries a trailing slash for a bare host. */
function publicBaseUrlForHash(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).toString();
}

export function newRealToken(): Buffer {
  return secureRandomBytes(TOKEN_LENGTH);
}

/** The cookie value decoded, or undefined if it is not a well-formed token. */
export function decodeRealToken(cookieValue: string | undefined): Buffer | undefined {
  if (cookieValue === undefined) return undefined;
  const token = Buffer.from(cookieValue, 'base64');
  return token.length === TOKEN_LENGTH ? token : undefined;
}

export function encodeRealToken(token: Buffer): string {
  return token.toString('base64');
}

export function maskToken(realToken: Buffer): string {
  const pad = secureRandomBytes(TOKEN_LENGTH);
  const masked = Buffer.alloc(TOKEN_LENGTH);
  for (let index = 0; index < TOKEN_LENGTH; index++) masked[index] = (realToken[index] ?? 0) ^ (pad[index] ?? 0);
  return Buffer.concat([pad, masked]).toString('base64');
}

/** Whether a masked token sent by the client belongs to the cookie's real token; constant time in the token bytes. */
export function verifyMaskedToken(realToken: Buffer, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const decoded = Buffer.from(sent, 'base64');
  if (decoded.length !== TOKEN_LENGTH * 2) return false;
  const unmasked = Buffer.alloc(TOKEN_LENGTH);
  for (let index = 0; index < TOKEN_LENGTH; index++) unmasked[index] = (decoded[index] ?? 0) ^ (decoded[index + TOKEN_LENGTH] ?? 0);
  return timingSafeEqual(unmasked, realToken);
}
