import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { updateVerification } from '../flows/verification.js';

/** Submits a verification flow. */
export const updateVerificationFlow: ServerRoute = {
  method: 'POST',
  path: '/self-service/verification',
  options: { id: 'updateVerificationFlow', payload: { parse: false, output: 'data' } },
  handler: (request, h) => updateVerification(contextOf(request), request, h),
};
