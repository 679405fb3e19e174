import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { createLoginFlow } from '../support/login.js';

/** An API login flow (password; refresh=true; aal=aal2 with TOTP or lookup codes). */
export const createNativeLoginFlow: ServerRoute = {
  method: 'GET',
  path: '/self-service/login/api',
  options: { id: 'createNativeLoginFlow' },
  handler: (request, h) => createLoginFlow(contextOf(request), request, h, 'api'),
};
