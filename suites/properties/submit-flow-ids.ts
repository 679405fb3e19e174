/** SF-UPDATE-FLOW: submits to flows that are not the session's own, live flow. */
import fc from 'fast-check';
import {
  AXIOS,
  BROWSER_NAVIGATION,
  JSON_CLIENT,
  clientArbitrary,
  encodingArbitrary,
  flowTypeArbitrary,
  malformedFlowIdArbitrary,
  unknownFlowIdArbitrary,
} from '../arbitraries.js';
import { evaluateEffect, observe } from '../harness.js';
import type { ClientProfile, Encoding, FlowIdSituation, FlowType } from '../oracle.js';
import { expectSubmit } from '../submit-oracle.js';
import { credentials, flowQuery, withAccept, withBody } from '../requests.js';
import { addressedFlow, flowIdSituations } from './addressed-flow.js';
import { defineProperty } from './define.js';
import { replacementFlow } from './follow-ups.js';
import { profileBody, withCsrf } from './plans.js';

interface Input {
  flow: FlowIdSituation;
  flowType: FlowType;
  client: ClientProfile;
  encoding: Encoding;
  unknownId: string;
  malformedId: string;
}

const EXAMPLE: Pick<Input, 'unknownId' | 'malformedId'> = { unknownId: '00000000-0000-4000-8000-000000000002', malformedId: 'not-a-uuid' };

export const submitFlowIds = defineProperty<Input, object>({
  title: "SF-UPDATE-FLOW: a submit to a missing, malformed, unknown, expired or another identity's flow is refused",
  given: () => ({}),
  inputs: (context) =>
    fc.record({
      flow: fc.constantFrom<FlowIdSituation>(...flowIdSituations(context).filter((situation) => situation !== 'own')),
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      encoding: encodingArbitrary,
      unknownId: unknownFlowIdArbitrary,
      malformedId: malformedFlowIdArbitrary,
    }),
  examples: (context) => [
    ...(context.target.expiredFlows
      ? [
          { ...EXAMPLE, flow: 'expired' as const, flowType: 'api' as const, client: JSON_CLIENT, encoding: 'json' as const },
          { ...EXAMPLE, flow: 'expired' as const, flowType: 'browser' as const, client: BROWSER_NAVIGATION, encoding: 'form' as const },
        ]
      : []),
    { ...EXAMPLE, flow: 'other-identity', flowType: 'api', client: JSON_CLIENT, encoding: 'json' },
    { ...EXAMPLE, flow: 'missing', flowType: 'browser', client: JSON_CLIENT, encoding: 'json' },
    { ...EXAMPLE, flow: 'unknown', flowType: 'api', client: AXIOS, encoding: 'form' },
  ],
  async check(context, input) {
    const { target } = context;
    const flow = await addressedFlow(context, {
      situation: input.flow,
      flowType: input.flowType,
      unknownId: input.unknownId,
      malformedId: input.malformedId,
    });
    const transport = input.flowType === 'browser' ? 'cookie' : 'token';
    const presented = credentials({ situation: 'valid', session: target.primary, transport });
    const spec = withAccept(input.client, presented);
    const body = withCsrf(profileBody(target.primary.identity.traits), 'valid', flow.csrfToken, context.seed);
    const expectation = expectSubmit({
      session: 'valid',
      client: input.client,
      flow: input.flow,
      flowType: input.flowType,
      transport,
      method: 'profile',
      input: 'valid',
      csrf: 'valid',
      encoding: input.encoding,
      touchesIdentifier: false,
    });
    const url = `/self-service/settings${flowQuery(input.flow, flow.id, 'flow')}`;
    context.coverage?.note('submit', 'profile', `${input.flowType} flow`, `${input.flow} flow`, input.client.label);
    const { answer, observation } = await observe(
      context,
      'updateSettingsFlow',
      { method: 'POST', url, ...withBody(spec, body, input.encoding) },
      { expectation },
    );
    const observations = [...flow.observations, observation];
    // The new flow an expired one names must be one the same session can use.
    if (input.flow === 'expired' && flow.id !== undefined && expectation.outcomes.some((outcome) => outcome.status === answer.status)) {
      const replacement = await replacementFlow(
        context,
        answer,
        flow.id,
        input.flowType,
        credentials({ situation: 'valid', session: target.primary, transport }),
      );
      if (replacement) observations.push(evaluateEffect(context, answer, expectation, replacement));
    }
    return observations;
  },
});
