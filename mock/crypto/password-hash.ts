/** Password hashing with scrypt and a random salt; only the encoded hash is ever stored. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** scrypt's N unless the configuration says otherwise (methods.password.hash_cost). */
export const DEFAULT_HASH_COST = 16384;

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: cost, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `$scrypt$ln=<N>,r=8,p=1$<salt b64>$<hash b64>`; a hash carries its cost, so any cost verifies. */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `$scrypt$ln=${cost},r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, encoded: unknown): Promise<boolean> {
  if (typeof encoded !== 'string') return false;
  const match = /^\$scrypt\$ln=(\d+),r=8,p=1\$([^$]+)\$([^$]+)$/.exec(encoded);
  if (!match) return false;
  const expected = Buffer.from(match[3] ?? '', 'base64');
  const key = await derive(password, Buffer.from(match[2] ?? '', 'base64'), Number(match[1]));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
