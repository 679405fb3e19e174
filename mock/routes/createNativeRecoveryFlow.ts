import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createRecovery } from '../flows/recovery.js';

/** Creates an api recovery flow. */
export const createNativeRecoveryFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/recovery/api',
  options: { id: 'createNativeRecoveryFlow' },
  handler: (request, h) => createRecovery(contextOf(request), request, h, 'api'),
};
