import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createLoginFlow } from '../support/login.js';

/** A browser login flow: JSON for J2, else 303 to the login UI. */
export const createBrowserLoginFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/login/browser',
  options: { id: 'createBrowserLoginFlow' },
  handler: (request, h) => createLoginFlow(contextOf(request), request, h, 'browser'),
};
