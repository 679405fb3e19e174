import { asObject, errorIdOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const refreshErrorWithoutRedirect: Fault = {
  name: 'refresh-error-without-redirect',
  description: 'session_refresh_required comes without redirect_browser_to (nowhere to re-authenticate).',
  breaks: ['SF-PRIVILEGED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      rewriteBody(response, (body) => {
        if (errorIdOf(body) !== 'session_refresh_required') return;
        delete body['redirect_browser_to'];
        const error = asObject(body['error']);
        if (error) delete error['details'];
      });
    }),
};
