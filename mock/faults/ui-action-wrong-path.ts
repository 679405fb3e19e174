import { ALL_SETTINGS_ROUTES, asObject, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** The form action built from the init route instead of the submit route. */
export const uiActionWrongPath: Fault = {
  name: 'ui-action-wrong-path',
  description: 'ui.action points at /self-service/settings/browser?flow=<id> instead of /self-service/settings?flow=<id>.',
  breaks: ['SF-FLOW-SHAPE'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        if (ui && typeof ui['action'] === 'string')
          ui['action'] = ui['action'].replace('/self-service/settings?', '/self-service/settings/browser?');
      });
    }),
};
