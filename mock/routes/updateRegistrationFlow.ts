import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { updateRegistration } from '../flows/registration.js';

/** Submits a registration flow. */
export const updateRegistrationFlow: ServerRoute = {
  method: 'POST',
  path: '/self-service/registration',
  options: { id: 'updateRegistrationFlow', payload: { parse: false, output: 'data' } },
  handler: (request, h) => updateRegistration(contextOf(request), request, h),
};
