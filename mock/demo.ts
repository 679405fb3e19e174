/** The ready-made identity the CLI prints so a person can log in straight away; its traits follow the configured schema. */
import type { MockContext } from './context.js';
import { hashPassword } from './crypto/password-hash.js';
import { identifierPaths, identifiersFromTraits, traitsSchema } from './identity-schema.js';
import type { Credential } from './store.js';
import { isPlainObject, type JsonObject } from '../spec/json.js';

const DEMO_EMAIL = 'demo@example.com';

/** A simple valid value of a schema: its required properties only, strings stretched to their minimum length. */
function demoValue(schema: JsonObject, name: string, isIdentifier: boolean): unknown {
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  if ('const' in schema) return schema['const'];
  switch (schema['type']) {
    case 'object': {
      const properties = isPlainObject(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? schema['required'] : [];
      const value: JsonObject = {};
      for (const [key, child] of Object.entries(properties)) {
        const childIsIdentifier = isPlainObject(child) && isPlainObject(child['ory.sh/kratos']);
        if (isPlainObject(child) && (required.includes(key) || childIsIdentifier)) value[key] = demoValue(child, key, childIsIdentifier);
      }
      return value;
    }
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default: {
      if (schema['format'] === 'email') return DEMO_EMAIL;
      if (schema['format'] === 'uri') return 'https://example.com/demo';
      const base = isIdentifier ? 'demo' : `Demo ${name}`;
      const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
      return base.padEnd(minLength, 'o');
    }
  }
}

export async function createDemoIdentity(ctx: MockContext, password: string): Promise<{ identifier: string }> {
  const schema = ctx.config.identitySchema;
  const traits = demoValue(traitsSchema(schema), 'traits', false) as JsonObject;
  const identifiers = identifiersFromTraits(schema, traits, 'password');
  const credentials: Record<string, Credential> = {};
  if (identifierPaths(schema, 'password').length > 0 && identifiers.length > 0) {
    credentials['password'] = ctx.store.newCredential('password', identifiers, {
      hashed_password: await hashPassword(password, ctx.config.password.hashCost),
    });
  }
  ctx.store.createIdentity({ schemaId: ctx.config.identitySchemaId, traits, credentials });
  return { identifier: identifiers[0] ?? DEMO_EMAIL };
}
