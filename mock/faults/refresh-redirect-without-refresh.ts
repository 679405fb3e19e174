import { onSettingsResponse, rewriteLocation, type Fault } from './fault.js';

export const refreshRedirectWithoutRefresh: Fault = {
  name: 'refresh-redirect-without-refresh',
  description: 'A browser asked to re-authenticate is sent to login without refresh=true, which just bounces an active session back.',
  breaks: ['SF-PRIVILEGED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      rewriteLocation(response, (url) => url.searchParams.delete('refresh'));
    }),
};
