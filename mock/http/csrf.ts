/**
 * nosurf-style CSRF (catalogue §1.4): the cookie holds a random 32-byte token; forms carry a per-request masked copy
 * (one-time pad || token XOR pad, base64) that verifies against the cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_LENGTH = 32;
export const CSRF_MAX_AGE_SECONDS = 31536000;

export function csrfCookieName(publicBaseUrl: string): string {
  return `csrf_token_${createHash('sha256').update(publicBaseUrlForHash(publicBaseUrl)).digest('hex')}`;
}

/** Kratos hashes `SelfPublicURL().String()`, which carries a trailing slash for a bare host. */
function publicBaseUrlForHash(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).toString();
}

export function newRealToken(): Buffer {
  return randomBytes(TOKEN_LENGTH);
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
  const pad = randomBytes(TOKEN_LENGTH);
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
