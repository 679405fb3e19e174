import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { getFlow } from '../settings/init.js';

export const getSettingsFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/settings/flows',
  options: { id: 'getSettingsFlow' },
  handler: (request, h) => getFlow(contextOf(request), request, h),
};
