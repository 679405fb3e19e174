import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { updateRecovery } from '../flows/recovery.js';

/** Submits a recovery flow. */
export const updateRecoveryFlow: ServerRoute = {
  method: 'POST',
  path: '/self-service/recovery',
  options: { id: 'updateRecoveryFlow', payload: { parse: false, output: 'data' } },
  handler: (request, h) => updateRecovery(contextOf(request), request, h),
};
