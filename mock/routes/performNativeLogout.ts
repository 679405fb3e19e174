import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { performNativeLogout as perform } from '../support/logout.js';

export const performNativeLogout: ServerRoute = {
  method: 'DELETE',
  path: '/self-service/logout/api',
  options: { id: 'performNativeLogout', payload: { parse: false, output: 'data' } },
  handler: (request, h) => perform(contextOf(request), request, h),
};
