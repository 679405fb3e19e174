import { ALL_SETTINGS_ROUTES, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const successStateTypo: Fault = {
  name: 'success-state-typo',
  description: 'The success state is spelled "succeeded", outside the documented enum.',
  breaks: ['SF-SCHEMA', 'SF-UPDATE-SUCCESS'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        if (body['state'] === 'success') body['state'] = 'succeeded';
      });
    }),
};
