/** Logout, so a front end can sign out against the mock: browser (token link) and API (session token). */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, type MockContext } from '../context.js';
import { errors } from '../errors.js';
import { setCookieLater } from '../http/error-hook.js';
import { decodeBody } from '../http/body.js';
import { serializeCookie } from '../http/cookies.js';
import { withQuery } from '../http/urls.js';
import { redirect } from '../settings/guards.js';

const LOGOUT_TOKEN_LIFESPAN_MS = 60 * 60 * 1000;

/** `GET /self-service/logout/browser` → `{logout_url, logout_token}`, 401 without a session. */
export function createBrowserLogoutFlow(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  const auth = authenticate(ctx, request);
  if (!auth) {
    throw errors.sessionInactive();
  }
  const token = ctx.store.newLogoutToken(auth.session.id, LOGOUT_TOKEN_LIFESPAN_MS);
  return h
    .response({
      logout_url: withQuery(`${ctx.config.publicBaseUrl}/self-service/logout`, { token }),
      logout_token: token,
    })
    .type('application/json; charset=utf-8');
}

/** `GET /self-service/logout?token=` ends the session, clears the cookie and redirects to the login UI. */
export function updateLogoutFlow(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  const token = request.query['token'];
  const sessionId = typeof token === 'string' ? ctx.store.takeLogoutToken(token) : undefined;
  if (sessionId === undefined) throw errors.unauthorized('The logout token is missing, unknown or expired.');
  ctx.store.deleteSession(sessionId);
  setCookieLater(request, serializeCookie(ctx.config.deployment.sessionCookie, '', { maxAgeSeconds: 0 }));
  return redirect(h, ctx.config.ui.login);
}

/** `DELETE /self-service/logout/api` with `{session_token}` → 204. */
export function performNativeLogout(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  const body = decodeBody(request.payload as Buffer | undefined, 'application/json');
  const token = body['session_token'];
  const session = typeof token === 'string' ? ctx.store.activeSessionByToken(token) : undefined;
  if (!session) throw errors.forbidden('The provided session token is not active.');
  ctx.store.deleteSession(session.id);
  return h.response().code(204);
}
