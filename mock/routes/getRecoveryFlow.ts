import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { getFlowResponse } from '../flows/common.js';

/** Reads a recovery flow by `?id=`. */
export const getRecoveryFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/recovery/flows',
  options: { id: 'getRecoveryFlow' },
  handler: (request, h) => getFlowResponse(contextOf(request), request, h, 'recovery'),
};
