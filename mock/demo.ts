/** The ready-made identity the CLI prints so a person can log in straight away. */
import type { MockContext } from './context.js';
import { hashPassword } from './crypto/password-hash.js';
import { identifierPaths, setPath } from './identity-schema.js';
import type { Credential } from './store.js';

export async function createDemoIdentity(ctx: MockContext, password: string): Promise<{ email: string }> {
  const email = 'demo@example.com';
  const traits: Record<string, unknown> = {};
  const paths = identifierPaths(ctx.config.identitySchema, 'password');
  for (const path of paths) setPath(traits, path, email);
  const credentials: Record<string, Credential> = {};
  if (paths.length > 0) {
    credentials['password'] = ctx.store.newCredential('password', [email], { hashed_password: await hashPassword(password) });
  }
  ctx.store.createIdentity({ schemaId: ctx.config.identitySchemaId, traits, credentials });
  return { email };
}
