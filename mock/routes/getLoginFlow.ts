import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { getLoginFlow as get } from '../support/login.js';

/** Reads a login flow by `?id=`. */
export const getLoginFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/login/flows',
  options: { id: 'getLoginFlow' },
  handler: (request, h) => get(contextOf(request), request, h),
};
