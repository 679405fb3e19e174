import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { updateLogoutFlow as update } from '../support/logout.js';

export const updateLogoutFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/logout',
  options: { id: 'updateLogoutFlow' },
  handler: (request, h) => update(contextOf(request), request, h),
};
