/** Faults in what happens after a settings change asked the user to re-authenticate. */
import type { Request } from '@hapi/hapi';
import { CONTINUITY_COOKIE, parseCookies } from '../http/cookies.js';
import type { MockContext } from '../context.js';
import type { Session } from '../store.js';
import type { Fault } from './fault.js';

function loginFlowOf(mock: MockContext, request: Request) {
  const id = request.query['flow'];
  return typeof id === 'string' ? mock.store.getLoginFlow(id) : undefined;
}

/** Runs `undo` on the stored session once the login answered, with the session as it was before the login. */
function afterLogin(
  name: string,
  description: string,
  applies: (refresh: boolean, requestedAal: Session['aal']) => boolean,
  undo: (mock: MockContext, sessionId: string, before: Pick<Session, 'authenticatedAt' | 'aal' | 'methods'>) => void,
): Fault {
  return {
    name,
    description,
    breaks: ['SF-REAUTH-RESUME'],
    apply: ({ server, mock }) => {
      server.ext('onPreHandler', (request, h) => {
        if (request.route.settings.id !== 'updateLoginFlow') return h.continue;
        const flow = loginFlowOf(mock, request);
        const session = flow?.sessionId ? mock.store.getSession(flow.sessionId) : undefined;
        if (!flow || !session || !applies(flow.refresh, flow.requestedAal)) return h.continue;
        const before = { authenticatedAt: session.authenticatedAt, aal: session.aal, methods: [...session.methods] };
        (request.app as { undoLogin?: () => void }).undoLogin = () => undo(mock, session.id, before);
        return h.continue;
      });
      server.ext('onPreResponse', (request, h) => {
        (request.app as { undoLogin?: () => void }).undoLogin?.();
        return h.continue;
      });
    },
  };
}

/** A refresh login that answers success but never moves the session's authentication time. */
export const refreshKeepsAuthenticationTime = afterLogin(
  'refresh-keeps-authentication-time',
  "A re-authentication (login with refresh=true) answers success but keeps the session's old authenticated_at, so the change it was made for is refused again.",
  (refresh) => refresh,
  (mock, sessionId, before) => {
    const session = mock.store.getSession(sessionId);
    if (session) session.authenticatedAt = before.authenticatedAt;
  },
);

/** The second-factor login upgrades a copy of the session: the stored one stays at AAL1. */
export const aal2LoginKeepsAal1 = afterLogin(
  'aal2-login-keeps-aal1',
  'A second-factor login (aal=aal2) answers success, but the upgrade is saved on a copy: the session stays AAL1 and settings keep asking for the second factor.',
  (_refresh, requestedAal) => requestedAal === 'aal2',
  (mock, sessionId, before) => {
    const session = mock.store.getSession(sessionId);
    if (session) Object.assign(session, { aal: before.aal, methods: before.methods });
  },
);

/** Browser logins with refresh=true are created without the return_to they were asked with. */
export const refreshLoginForgetsReturnTo: Fault = {
  name: 'refresh-login-forgets-return-to',
  description:
    'A browser login started with refresh=true drops its return_to, so after re-authenticating the user lands on the default page instead of back at the interrupted settings flow.',
  breaks: ['SF-REAUTH-RESUME'],
  apply: ({ server }) =>
    server.ext('onPreHandler', (request, h) => {
      if (request.route.settings.id !== 'createBrowserLoginFlow' || request.query['refresh'] !== 'true') return h.continue;
      delete (request.query as Record<string, unknown>)['return_to'];
      return h.continue;
    }),
};

/** The GET a browser makes back to the flow after logging in never finds the paused submit. */
export const pausedSubmitNotResumed: Fault = {
  name: 'paused-submit-not-resumed',
  description:
    'A submit refused for re-authentication is never resumed: when the browser comes back to the flow after logging in again, the paused change is dropped and the form is shown unchanged.',
  breaks: ['SF-REAUTH-RESUME'],
  apply: ({ server }) =>
    server.ext('onPreHandler', (request, h) => {
      if (request.route.settings.id !== 'updateSettingsFlowContinuation') return h.continue;
      const kept = [...parseCookies(request.headers['cookie'] as string | undefined)].filter(([name]) => name !== CONTINUITY_COOKIE);
      request.headers['cookie'] = kept.map(([name, value]) => `${name}=${value}`).join('; ');
      delete (request.app as { cookies?: unknown }).cookies;
      return h.continue;
    }),
};
