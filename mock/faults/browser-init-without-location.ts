import { isRedirect, onSettingsResponse, type Fault } from './fault.js';

export const browserInitWithoutLocation: Fault = {
  name: 'browser-init-without-location',
  description: 'createBrowserSettingsFlow answers 303 without a Location header.',
  breaks: ['SF-REDIRECT-LOCATION'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['createBrowserSettingsFlow'], (response) => {
      if (isRedirect(response)) delete response.headers['location'];
    }),
};
