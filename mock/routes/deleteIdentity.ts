import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { deleteIdentity as remove } from '../support/admin.js';

/** Kratos's admin deleteIdentity. */
export const deleteIdentity: ServerRoute = {
  method: 'DELETE',
  path: '/admin/identities/{id}',
  options: { id: 'deleteIdentity' },
  handler: (request, h) => remove(contextOf(request), request, h),
};
