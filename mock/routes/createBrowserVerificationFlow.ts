import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createVerification } from '../flows/verification.js';

/** Creates a browser verification flow: JSON, or a redirect to the verification UI. */
export const createBrowserVerificationFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/verification/browser',
  options: { id: 'createBrowserVerificationFlow' },
  handler: (request, h) => createVerification(contextOf(request), request, h, 'browser'),
};
