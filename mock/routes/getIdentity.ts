import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { getIdentity as get } from '../support/admin.js';

/** Kratos's admin getIdentity. */
export const getIdentity: ServerRoute = {
  method: 'GET',
  path: '/admin/identities/{id}',
  options: { id: 'getIdentity' },
  handler: (request, h) => get(contextOf(request), request, h),
};
