import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { getFlowResponse } from '../flows/common.js';

/** Reads a registration flow by `?id=`. */
export const getRegistrationFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/registration/flows',
  options: { id: 'getRegistrationFlow' },
  handler: (request, h) => getFlowResponse(contextOf(request), request, h, 'registration'),
};
