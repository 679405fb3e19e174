import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createRecovery } from '../flows/recovery.js';

/** Creates a browser recovery flow: JSON, or a redirect to the recovery UI. */
export const createBrowserRecoveryFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/recovery/browser',
  options: { id: 'createBrowserRecoveryFlow' },
  handler: (request, h) => createRecovery(contextOf(request), request, h, 'browser'),
};
