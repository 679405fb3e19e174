/** `POST/GET/DELETE /admin/identities[/{id}]`: just enough of Kratos's admin API to provision identities. */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { headerOf, type MockContext } from '../context.js';
import { errors } from '../errors.js';
import { hashPassword } from '../crypto/password-hash.js';
import { identifiersFromTraits } from '../identity-schema.js';
import { decodeBody } from '../http/body.js';
import type { Credential } from '../store.js';
import { coerceTraits, validateTraits } from '../traits.js';
import { adminIdentityJson } from './json.js';
import { isPlainObject } from '../../spec/json.js';

export async function createIdentity(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const contentType = headerOf(request, 'content-type');
  if (!(contentType ?? '').toLowerCase().startsWith('application/json')) {
    throw errors.badRequest('The request body must be JSON (Content-Type: application/json).');
  }
  const body = decodeBody(request.payload as Buffer | undefined, 'application/json');
  const schemaId = body['schema_id'] ?? ctx.config.identitySchemaId;
  if (schemaId !== ctx.config.identitySchemaId) throw errors.badRequest(`Unknown identity schema "${String(schemaId)}".`);
  if (!isPlainObject(body['traits'])) throw errors.badRequest('The field "traits" must be an object.');
  const traits = coerceTraits(ctx.config.identitySchema, body['traits']) as Record<string, unknown>;
  const problems = validateTraits(ctx.config.identitySchema, traits);
  if (problems.length > 0) {
    throw errors.badRequest(
      `The traits do not match the identity schema: ${problems.map((problem) => `${problem.node ?? 'traits'}: ${problem.message.text}`).join('; ')}`,
    );
  }
  const credentials: Record<string, Credential> = {};
  const password = getPasswordConfig(body['credentials']);
  if (password !== undefined) {
    if (typeof password !== 'string' || password === '')
      throw errors.badRequest('credentials.password.config.password must be a non-empty string.');
    const identifiers = identifiersFromTraits(ctx.config.identitySchema, traits, 'password');
    if (identifiers.length === 0) throw errors.badRequest('The traits contain no password identifier.');
    credentials['password'] = ctx.store.newCredential('password', identifiers, {
      hashed_password: await hashPassword(password, ctx.config.password.hashCost),
    });
  }
  for (const identifier of identifiersFromTraits(ctx.config.identitySchema, traits, 'password')) {
    if (ctx.store.findByIdentifier('password', identifier)) {
      throw errors.conflict('This identity conflicts with another identity that already exists.');
    }
  }
  const state = body['state'];
  if (state !== undefined && state !== 'active' && state !== 'inactive') throw errors.badRequest('state must be "active" or "inactive".');
  const identity = ctx.store.createIdentity({ schemaId: String(schemaId), traits, credentials });
  const saved = state === 'inactive' ? ctx.store.saveIdentity({ ...identity, state: 'inactive' }) : identity;
  return h.response(adminIdentityJson(ctx, saved)).code(201).type('application/json; charset=utf-8');
}

function getPasswordConfig(credentials: unknown): unknown {
  if (!isPlainObject(credentials) || !isPlainObject(credentials['password']) || !isPlainObject(credentials['password']['config']))
    return undefined;
  return credentials['password']['config']['password'];
}

function identityOr404(ctx: MockContext, request: Request) {
  const identity = ctx.store.getIdentity(String(request.params['id']));
  if (!identity) throw errors.resourceNotLocated();
  return identity;
}

export function getIdentity(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  return h.response(adminIdentityJson(ctx, identityOr404(ctx, request))).type('application/json; charset=utf-8');
}

export function listIdentities(ctx: MockContext, h: ResponseToolkit): ResponseObject {
  return h.response(ctx.store.listIdentities().map((identity) => adminIdentityJson(ctx, identity))).type('application/json; charset=utf-8');
}

export function deleteIdentity(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  ctx.store.deleteIdentity(identityOr404(ctx, request).id);
  return h.response().code(204);
}
