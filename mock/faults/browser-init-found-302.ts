import { onSettingsResponse, type Fault } from './fault.js';

/** Redirecting with the framework's default 302 instead of the documented 303. */
export const browserInitFound302: Fault = {
  name: 'browser-init-found-302',
  description: 'createBrowserSettingsFlow redirects with 302 Found instead of 303 See Other.',
  breaks: ['SF-INIT-SUCCESS', 'SF-UNAUTHENTICATED', 'SF-AAL2-REQUIRED', 'SF-RETURN-TO', 'SF-STATUS-DOCUMENTED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['createBrowserSettingsFlow'], (response) => {
      if (response.statusCode === 303) response.code(302);
    }),
};
