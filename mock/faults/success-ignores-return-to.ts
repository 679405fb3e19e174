import { returnToOf } from '../settings/flow.js';
import { onSettingsResponse, rewriteLocation, type Fault } from './fault.js';

/** The success redirect always goes to the settings UI, forgetting the flow's return_to. */
export const successIgnoresReturnTo: Fault = {
  name: 'success-ignores-return-to',
  description: 'After a successful browser submit the user is sent to the settings UI even when the flow has a return_to.',
  breaks: ['SF-UPDATE-SUCCESS'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
      const flowId = request.query['flow'];
      const flow = typeof flowId === 'string' ? mock.store.getSettingsFlow(flowId) : undefined;
      const returnTo = flow ? returnToOf(flow.requestUrl) : undefined;
      if (!flow || !returnTo || flow.state !== 'success') return;
      rewriteLocation(response, (url) => {
        if (!url.href.startsWith(returnTo)) return;
        const settings = new URL(mock.config.ui.settings, mock.config.publicBaseUrl);
        settings.searchParams.set('flow', flow.id);
        url.href = settings.href;
      });
    }),
};
