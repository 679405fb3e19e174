import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { getFlowResponse } from '../flows/common.js';

/** Reads a verification flow by `?id=`. */
export const getVerificationFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/verification/flows',
  options: { id: 'getVerificationFlow' },
  handler: (request, h) => getFlowResponse(contextOf(request), request, h, 'verification'),
};
