import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { errors } from '../errors.js';

/** `GET /schemas/{id}`: the identity schema behind `identity.schema_url` (id is base64url of the schema id). */
export const getIdentitySchema: ServerRoute = {
  method: 'GET',
  path: '/schemas/{id}',
  options: { id: 'getIdentitySchema' },
  handler: (request, h) => {
    const ctx = contextOf(request);
    const id = String(request.params['id']);
    const matches = id === ctx.config.identitySchemaId || id === Buffer.from(ctx.config.identitySchemaId).toString('base64url');
    if (!matches) throw errors.notFound('Identity schema not found.');
    return h.response(ctx.config.identitySchema).type('application/json; charset=utf-8');
  },
};

/** `GET /schemas`: every identity schema with its id, as Kratos's listIdentitySchemas. */
export const listIdentitySchemas: ServerRoute = {
  method: 'GET',
  path: '/schemas',
  options: { id: 'listIdentitySchemas' },
  handler: (request, h) => {
    const { config } = contextOf(request);
    return h.response([{ id: config.identitySchemaId, schema: config.identitySchema }]).type('application/json; charset=utf-8');
  },
};
