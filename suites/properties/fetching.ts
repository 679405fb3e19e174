/** SF-GET: fetching flows in every flow-id situation. */
import fc from 'fast-check';
import {
  JSON_CLIENT,
  clientArbitrary,
  flowTypeArbitrary,
  malformedFlowIdArbitrary,
  transportArbitrary,
  unknownFlowIdArbitrary,
} from '../arbitraries.js';
import { observe } from '../harness.js';
import { expectFetch, type ClientProfile, type FlowIdSituation, type FlowType } from '../oracle.js';
import { credentials, flowQuery, withAccept } from '../requests.js';
import { addressedFlow, flowIdSituations } from './addressed-flow.js';
import { defineProperty } from './define.js';

interface Input {
  flow: FlowIdSituation;
  flowType: FlowType;
  client: ClientProfile;
  transport: 'cookie' | 'token';
  unknownId: string;
  malformedId: string;
}

const EXAMPLE: Omit<Input, 'flow' | 'flowType'> = {
  client: JSON_CLIENT,
  transport: 'token',
  unknownId: '00000000-0000-4000-8000-000000000001',
  malformedId: 'not-a-uuid',
};

export const fetching = defineProperty<Input, object>({
  title: "SF-GET: a flow is returned to its owner only; unknown ids give 404, other identities' flows 403, expired flows 410",
  given: () => ({}),
  inputs: (context) =>
    fc.record({
      flow: fc.constantFrom<FlowIdSituation>(...flowIdSituations(context)),
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      transport: transportArbitrary,
      unknownId: unknownFlowIdArbitrary,
      malformedId: malformedFlowIdArbitrary,
    }),
  examples: (context) => [
    { ...EXAMPLE, flow: 'own', flowType: 'api' },
    { ...EXAMPLE, flow: 'other-identity', flowType: 'browser' },
    { ...EXAMPLE, flow: 'unknown', flowType: 'api' },
    ...(context.target.expiredFlows ? [{ ...EXAMPLE, flow: 'expired' as const, flowType: 'browser' as const }] : []),
  ],
  async check(context, input) {
    const flow = await addressedFlow(context, {
      situation: input.flow,
      flowType: input.flowType,
      unknownId: input.unknownId,
      malformedId: input.malformedId,
    });
    const spec = withAccept(input.client, credentials({ situation: 'valid', session: context.target.primary, transport: input.transport }));
    const expectation = expectFetch({ session: 'valid', client: input.client, flow: input.flow });
    const url = `/self-service/settings/flows${flowQuery(input.flow, flow.id, 'id')}`;
    context.coverage?.note('fetch', `${input.flowType} flow`, `${input.flow} flow`, input.client.label);
    const own =
      input.flow === 'own' && flow.id ? { flowId: flow.id, ...(flow.created !== undefined ? { earlierFlow: flow.created } : {}) } : {};
    const { observation } = await observe(context, 'getSettingsFlow', { method: 'GET', url, ...spec }, { expectation, ...own });
    return [...flow.observations, observation];
  },
});
