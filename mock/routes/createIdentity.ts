import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createIdentity as create } from '../support/admin.js';

/** Kratos's admin createIdentity: password hashed, secrets never returned. */
export const createIdentity: ServerRoute = {
  method: 'POST',
  path: '/admin/identities',
  options: { id: 'createIdentity', payload: { parse: false, output: 'data' } },
  handler: (request, h) => create(contextOf(request), request, h),
};
