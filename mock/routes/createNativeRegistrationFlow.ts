import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createRegistration } from '../flows/registration.js';

/** Creates an api registration flow. */
export const createNativeRegistrationFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/registration/api',
  options: { id: 'createNativeRegistrationFlow' },
  handler: (request, h) => createRegistration(contextOf(request), request, h, 'api'),
};
