import { asObject, nodesOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const validationWithoutMessages: Fault = {
  name: 'validation-without-messages',
  description: 'Invalid input answers 400 with the flow, but without any message saying what was wrong.',
  breaks: ['SF-UPDATE-400-VALIDATION'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      if (response.statusCode !== 400) return;
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        if (!ui) return;
        delete ui['messages'];
        for (const node of nodesOf(body) ?? []) node['messages'] = [];
      });
    }),
};
