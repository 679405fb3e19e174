import { ALL_SETTINGS_ROUTES, asObject, nodesOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const browserFlowWithoutCsrfNode: Fault = {
  name: 'browser-flow-without-csrf-node',
  description: 'Browser flows carry no csrf_token node, so a form built from them cannot pass the CSRF check.',
  breaks: ['SF-FLOW-SHAPE'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        const nodes = nodesOf(body);
        if (body['type'] !== 'browser' || !ui || !nodes) return;
        ui['nodes'] = nodes.filter((node) => asObject(node['attributes'])?.['name'] !== 'csrf_token');
      });
    }),
};
