import { onSettingsResponse, rewriteLocation, type Fault } from './fault.js';

export const settingsUiRedirectWithoutFlow: Fault = {
  name: 'settings-ui-redirect-without-flow',
  description: 'Browser init redirects to the settings UI without ?flow=<id>, so the UI cannot load the new flow.',
  breaks: ['SF-INIT-SUCCESS'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['createBrowserSettingsFlow'], (response) => {
      rewriteLocation(response, (url) => {
        if (url.href.startsWith(mock.config.ui.settings)) url.searchParams.delete('flow');
      });
    }),
};
