import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createLoginFlow } from '../support/login.js';

/** A browser login flow: JSON when Accept asks for it (docs/kratos-behavior.md#json-accept), else 303 to the login UI. */
export const createBrowserLoginFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/login/browser',
  options: { id: 'createBrowserLoginFlow' },
  handler: (request, h) => createLoginFlow(contextOf(request), request, h, 'browser'),
};
