import { ALL_SETTINGS_ROUTES, asObject, errorIdOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const aalErrorWithoutRedirect: Fault = {
  name: 'aal-error-without-redirect',
  description: 'session_aal2_required comes without redirect_browser_to, so clients cannot send the user to the second factor.',
  breaks: ['SF-AAL2-REQUIRED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        if (errorIdOf(body) !== 'session_aal2_required') return;
        delete body['redirect_browser_to'];
        const error = asObject(body['error']);
        if (error) delete error['details'];
      });
    }),
};
