import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createRegistration } from '../flows/registration.js';

/** Creates a browser registration flow: JSON, or a redirect to the registration UI. */
export const createBrowserRegistrationFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/registration/browser',
  options: { id: 'createBrowserRegistrationFlow' },
  handler: (request, h) => createRegistration(contextOf(request), request, h, 'browser'),
};
