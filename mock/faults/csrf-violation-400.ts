import { answerWith, errorIdOf, jsonBody, onSettingsResponse, type Fault } from './fault.js';

export const csrfViolation400: Fault = {
  name: 'csrf-violation-400',
  description: 'A CSRF violation answers 400 instead of 403.',
  breaks: ['SF-UPDATE-CSRF'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      if (errorIdOf(jsonBody(response)) === 'security_csrf_violation') answerWith(response, 400);
    }),
};
