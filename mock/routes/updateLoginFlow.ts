import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { updateLoginFlow as update } from '../support/login.js';

/** Submits a login flow: session token (api) or session cookie (browser). */
export const updateLoginFlow: ServerRoute = {
  method: 'POST',
  path: '/self-service/login',
  options: { id: 'updateLoginFlow', payload: { parse: false, output: 'data' } },
  handler: (request, h) => update(contextOf(request), request, h),
};
