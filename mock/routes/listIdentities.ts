import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { listIdentities as list } from '../support/admin.js';

/** Kratos's admin listIdentities. */
export const listIdentities: ServerRoute = {
  method: 'GET',
  path: '/admin/identities',
  options: { id: 'listIdentities' },
  handler: (request, h) => list(contextOf(request), h),
};
