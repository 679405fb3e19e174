import { ALL_SETTINGS_ROUTES, answerWith, onSettingsResponse, type Fault } from './fault.js';

/** Confusing authentication with authorisation: a missing session is "forbidden". */
export const unauthenticated403: Fault = {
  name: 'unauthenticated-403',
  description: 'A request without a valid session gets 403 instead of 401.',
  breaks: ['SF-UNAUTHENTICATED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      if (response.statusCode === 401) answerWith(response, 403);
    }),
};
