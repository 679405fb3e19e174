import { ALL_SETTINGS_ROUTES, jsonBody, onSettingsResponse, type Fault } from './fault.js';

export const jsonServedAsText: Fault = {
  name: 'json-served-as-text',
  description: 'JSON bodies of the settings endpoints are served with Content-Type text/plain.',
  breaks: ['SF-JSON-CONTENT-TYPE'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      if (jsonBody(response)) response.type('text/plain; charset=utf-8');
    }),
};
