import { ALL_SETTINGS_ROUTES, nodesOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const nodeGroupTypo: Fault = {
  name: 'node-group-typo',
  description: 'Password nodes are in group "passwords" instead of "password".',
  breaks: ['SF-SCHEMA'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        for (const node of nodesOf(body) ?? []) if (node['group'] === 'password') node['group'] = 'passwords';
      });
    }),
};
