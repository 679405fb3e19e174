import { ALL_SETTINGS_ROUTES, asObject, errorIdOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** The AAL check reuses the "no session" error. */
export const aalErrorWrongId: Fault = {
  name: 'aal-error-wrong-id',
  description: 'A too-low AAL is reported as 403 with error.id session_inactive instead of session_aal2_required.',
  breaks: ['SF-AAL2-REQUIRED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        const error = asObject(body['error']);
        if (error && errorIdOf(body) === 'session_aal2_required') error['id'] = 'session_inactive';
      });
    }),
};
