import { asObject, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const successWithoutSavedMessage: Fault = {
  name: 'success-without-saved-message',
  description: 'A successful update returns no 1050001 "Your changes have been saved!" message.',
  breaks: ['SF-UPDATE-SUCCESS'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        if (body['state'] !== 'success' || !ui || !Array.isArray(ui['messages'])) return;
        ui['messages'] = ui['messages'].filter((message: unknown) => asObject(message)?.['id'] !== 1050001);
      });
    }),
};
