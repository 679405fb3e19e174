import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createVerification } from '../flows/verification.js';

/** Creates an api verification flow. */
export const createNativeVerificationFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/verification/api',
  options: { id: 'createNativeVerificationFlow' },
  handler: (request, h) => createVerification(contextOf(request), request, h, 'api'),
};
