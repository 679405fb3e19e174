import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createBrowserLogoutFlow as create } from '../support/logout.js';

export const createBrowserLogoutFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/logout/browser',
  options: { id: 'createBrowserLogoutFlow' },
  handler: (request, h) => create(contextOf(request), request, h),
};
