import { asObject, nodesOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** No strategy claimed the submit, and "nothing to do" was treated as done. */
export const unknownMethodSucceeds: Fault = {
  name: 'unknown-method-succeeds',
  description: 'A submit with an unknown method answers 200 with state success instead of 400 with message 4010004.',
  breaks: ['SF-UPDATE-400-VALIDATION'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      if (response.statusCode !== 400) return;
      let matched = false;
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        const messages = Array.isArray(ui?.['messages']) ? (ui['messages'] as unknown[]) : [];
        if (!ui || !messages.some((message) => asObject(message)?.['id'] === 4010004)) return;
        matched = true;
        body['state'] = 'success';
        ui['messages'] = [{ id: 1050001, text: 'Your changes have been saved!', type: 'success' }];
        for (const node of nodesOf(body) ?? []) node['messages'] = [];
      });
      if (matched) response.code(200);
    }),
};
