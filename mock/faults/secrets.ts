/** Faults that leak or hand out what they should not: echoed passwords, session cookies on API flows, no AAL2 demand. */
import { authenticate } from '../context.js';
import { serializeCookie, SESSION_COOKIE } from '../http/cookies.js';
import { asObject, nodesOf, onSettingsResponse, rewriteBody, settingsRouteOf, type Fault } from './fault.js';
import { submittedBody } from './request-rewrite.js';

/** The form is re-rendered from the submitted values, the password included. */
function passwordEchoed(name: string, description: string, status: number): Fault {
  return {
    name,
    description,
    breaks: ['SF-NO-SECRET-ECHO'],
    apply: ({ server }) => {
      server.ext('onPreHandler', (request, h) => {
        if (settingsRouteOf(request) !== 'updateSettingsFlow' || request.method !== 'post') return h.continue;
        const password = submittedBody(request)['password'];
        if (typeof password === 'string') (request.app as { submittedPassword?: string }).submittedPassword = password;
        return h.continue;
      });
      onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
        const password = (request.app as { submittedPassword?: string }).submittedPassword;
        if (response.statusCode !== status || password === undefined) return;
        rewriteBody(response, (body) => {
          for (const node of nodesOf(body) ?? []) {
            const attributes = asObject(node['attributes']);
            if (attributes?.['type'] === 'password') attributes['value'] = password;
          }
        });
      });
    },
  };
}

export const passwordEchoedOnError = passwordEchoed(
  'password-echoed-on-error',
  'A rejected password change answers with a flow whose password input holds the submitted password.',
  400,
);

export const newPasswordEchoedOnSuccess = passwordEchoed(
  'new-password-echoed-on-success',
  'A successful password change answers with a flow whose password input holds the new password.',
  200,
);

/** The browser success path (issue the session cookie) runs for API flows too. */
export const apiSubmitSetsSessionCookie: Fault = {
  name: 'api-submit-sets-session-cookie',
  description: 'A successful submit of an API flow also sets the ory_kratos_session cookie, as the browser path does.',
  breaks: ['SF-API-NO-SESSION-COOKIE'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
      const body = response.source as { type?: unknown; state?: unknown } | undefined;
      const auth = authenticate(mock, request);
      if (response.statusCode !== 200 || body?.type !== 'api' || body.state !== 'success' || !auth) return;
      response.header('Set-Cookie', serializeCookie(SESSION_COOKIE, auth.session.token, { path: '/', httpOnly: true }), { append: true });
    }),
};

/** required_aal is read from the wrong key and always falls back to aal1. */
export const aal2NeverRequired: Fault = {
  name: 'aal2-never-required',
  description:
    'Settings never ask for the second factor: an AAL1 session of an identity with TOTP may change everything (required_aal is read as aal1).',
  breaks: ['SF-AAL2-REQUIRED'],
  apply: ({ mock }) => {
    (mock.config as { requiredAal: string }).requiredAal = 'aal1';
  },
};
