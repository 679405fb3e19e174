import type { ServerRoute } from '@hapi/hapi';
import { authenticate, contextOf } from '../context.js';
import { errors } from '../errors.js';
import { aalRedirectUrl, aalSatisfied } from '../settings/guards.js';
import { sessionJson } from '../support/json.js';

/** `GET /sessions/whoami`: 401 without a session, 403 when required_aal is not met (as Kratos). */
export const toSession: ServerRoute = {
  method: 'GET',
  path: '/sessions/whoami',
  options: { id: 'toSession' },
  handler: (request, h) => {
    const ctx = contextOf(request);
    const auth = authenticate(ctx, request);
    if (!auth) {
      throw errors.sessionInactive();
    }
    if (!aalSatisfied(ctx, auth.session, auth.identity)) throw errors.sessionAal2Required(aalRedirectUrl(ctx));
    return h.response(sessionJson(ctx, auth.session, auth.identity)).type('application/json; charset=utf-8');
  },
};
