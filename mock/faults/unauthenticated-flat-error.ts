import { ALL_SETTINGS_ROUTES, asObject, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** An OAuth-style flat error instead of the Ory envelope. */
export const unauthenticatedFlatError: Fault = {
  name: 'unauthenticated-flat-error',
  description: 'The 401 body is flat ({"error":"session_inactive","error_description":...}) instead of the Ory error envelope.',
  breaks: ['SF-ERROR-ENVELOPE', 'SF-SCHEMA', 'SF-UNAUTHENTICATED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      if (response.statusCode !== 401) return;
      rewriteBody(response, (body) => {
        const error = asObject(body['error']);
        return { error: error?.['id'] ?? 'unauthorized', error_description: error?.['reason'] ?? error?.['message'] };
      });
    }),
};
