import { ALL_SETTINGS_ROUTES, onSettingsResponse, rewriteLocation, type Fault } from './fault.js';

export const aalRedirectWithoutAal: Fault = {
  name: 'aal-redirect-without-aal',
  description: 'Browser navigation with a too-low AAL is sent to login without aal=aal2 (a plain login that cannot raise the AAL).',
  breaks: ['SF-AAL2-REQUIRED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteLocation(response, (url) => url.searchParams.delete('aal'));
    }),
};
