import { ALL_SETTINGS_ROUTES, asObject, nodesOf, onSettingsResponse, rewriteBody } from '../faults/fault.js';
import { info, inputNode, textNode } from '../ui.js';
import type { Variant } from './variant.js';

/** Nodes a richer identity schema or configuration adds to the enabled methods' groups. */
const EXTRA_NODES = [
  inputNode('profile', 'traits.nickname', 'text', { label: info(1070002, 'Nickname') }),
  textNode('password', 'password_policy_hint', info(1050018, 'Use at least 8 characters.')),
];

export const extraNodes: Variant = {
  name: 'extra-nodes',
  description: 'Flows have more nodes in the profile and password groups (an optional trait, a policy hint).',
  allowedBy:
    'https://www.ory.sh/docs/kratos/self-service/flows/user-settings: the nodes come from the identity schema and the enabled methods, which differ per server',
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        const nodes = nodesOf(body);
        if (!ui || !nodes) return;
        for (const extra of EXTRA_NODES) {
          const last = nodes.map((node) => node['group']).lastIndexOf(extra.group);
          if (last !== -1) nodes.splice(last, 0, structuredClone(extra) as unknown as Record<string, unknown>);
        }
        ui['nodes'] = nodes;
      });
    }),
};
