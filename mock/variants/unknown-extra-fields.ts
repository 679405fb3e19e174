import { ALL_SETTINGS_ROUTES, asObject, nodesOf, onSettingsResponse, rewriteBody } from '../faults/fault.js';
import type { Variant } from './variant.js';

export const unknownExtraFields: Variant = {
  name: 'unknown-extra-fields',
  description: 'Flows, their ui, nodes and error envelopes carry fields this mock does not send.',
  allowedBy:
    'API evolution: clients ignore unknown fields; the settingsFlow and errorGeneric schemas of https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/spec/api.json do not forbid them',
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        body['x_server_region'] = 'eu-central-1';
        const ui = asObject(body['ui']);
        if (ui) ui['x_layout'] = 'stacked';
        for (const node of nodesOf(body) ?? []) {
          const meta = asObject(node['meta']);
          if (meta) meta['x_hint'] = 'extra';
        }
        const error = asObject(body['error']);
        if (error) error['trace_id'] = '4bf92f3577b34da6a3ce929d0e0e4736';
      });
    }),
};
