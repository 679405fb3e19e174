import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createBrowserFlow } from '../settings/init.js';

export const createBrowserSettingsFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/settings/browser',
  options: { id: 'createBrowserSettingsFlow' },
  handler: (request, h) => createBrowserFlow(contextOf(request), request, h),
};
