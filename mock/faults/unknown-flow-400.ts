import { answerWith, onSettingsResponse, type Fault } from './fault.js';

/** An unknown id treated as a bad parameter rather than a missing resource. */
export const unknownFlow400: Fault = {
  name: 'unknown-flow-400',
  description: 'GET /self-service/settings/flows answers 400 instead of 404 for an unknown or malformed flow id.',
  breaks: ['SF-GET-404-UNKNOWN'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['getSettingsFlow'], (response) => {
      if (response.statusCode === 404) answerWith(response, 400);
    }),
};
