import { asObject, errorIdOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const oidcLinkWithoutRedirect: Fault = {
  name: 'oidc-link-without-redirect',
  description: '422 browser_location_change_required carries no redirect_browser_to, so the client cannot start the provider login.',
  breaks: ['SF-UPDATE-422-OIDC'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      rewriteBody(response, (body) => {
        if (errorIdOf(body) !== 'browser_location_change_required') return;
        delete body['redirect_browser_to'];
        const error = asObject(body['error']);
        if (error) delete error['details'];
      });
    }),
};
