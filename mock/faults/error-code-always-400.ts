import { ALL_SETTINGS_ROUTES, asObject, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** A hard-coded error code in the envelope builder. */
export const errorCodeAlways400: Fault = {
  name: 'error-code-always-400',
  description: 'Every error envelope says error.code 400, whatever the HTTP status.',
  breaks: ['SF-ERROR-ENVELOPE'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        const error = asObject(body['error']);
        if (error) Object.assign(error, { code: 400, status: 'Bad Request' });
      });
    }),
};
