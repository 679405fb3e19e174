import { onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const successStateShowForm: Fault = {
  name: 'success-state-show-form',
  description: "After a successful update the returned flow's state stays show_form.",
  breaks: ['SF-UPDATE-SUCCESS'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      rewriteBody(response, (body) => {
        if (body['state'] === 'success') body['state'] = 'show_form';
      });
    }),
};
