import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createApiFlow } from '../settings/init.js';

export const createNativeSettingsFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/settings/api',
  options: { id: 'createNativeSettingsFlow' },
  handler: (request, h) => createApiFlow(contextOf(request), request, h),
};
