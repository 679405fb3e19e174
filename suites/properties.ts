/**
 * The properties: each states one rule of the settings API and is checked over generated situations.
 * Examples pin the situations that reach each documented cell, so a default run reaches all of them.
 */
import fc from 'fast-check';
import type { SettingsOperationId } from '../spec/operations.js';
import {
  AXIOS,
  BROWSER_NAVIGATION,
  JSON_CLIENT,
  NO_ACCEPT,
  clientArbitrary,
  encodingArbitrary,
  flowTypeArbitrary,
  garbageCredentialArbitrary,
  invalidSessionArbitrary,
  malformedFlowIdArbitrary,
  returnToArbitrary,
  returnToValue,
  transportArbitrary,
  unknownFlowIdArbitrary,
  type InvalidSession,
} from './arbitraries.js';
import { CookieJar } from './cookies.js';
import { evaluateEffect, observe, runProperty, type CaseContext, type PropertyResult } from './harness.js';
import {
  expectBrowserInit,
  expectFetch,
  expectNativeInit,
  expectSubmit,
  type ClientProfile,
  type Encoding,
  type FlowIdSituation,
  type FlowType,
  type ReturnToSituation,
} from './oracle.js';
import { replacementFlow } from './properties/follow-ups.js';
import { createOwnFlow, profileBody, withCsrf } from './properties/plans.js';
import { reauthentication } from './properties/reauthentication.js';
import { submitting } from './properties/submitting.js';
import type { Observation } from './recorder.js';
import { credentials, flowQuery, initUrl, withAccept, withBody } from './requests.js';
import { csrfTokenOf, flowIdOf } from './sessions.js';

export interface PropertyDefinition {
  title: string;
  /** Why the property cannot run against this target, if it cannot. */
  unavailable(context: CaseContext): string | undefined;
  run(context: CaseContext): Promise<PropertyResult>;
}

const OPERATIONS: readonly SettingsOperationId[] = ['createBrowserSettingsFlow', 'createNativeSettingsFlow', 'getSettingsFlow', 'updateSettingsFlow'];

// 1. No valid session.
const unauthenticated: PropertyDefinition = {
  title: 'SF-UNAUTHENTICATED: for any session that is not valid, every settings endpoint answers 401 to JSON clients or redirects browser navigation to login',
  unavailable: () => undefined,
  run(context) {
    const revoked = context.world.revoked;
    const arbitrary = fc.record({
      operationId: fc.constantFrom(...OPERATIONS),
      session: invalidSessionArbitrary(revoked !== undefined),
      transport: transportArbitrary,
      client: clientArbitrary,
      garbage: garbageCredentialArbitrary,
      flowId: unknownFlowIdArbitrary,
      encoding: encodingArbitrary,
    });
    type Input = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    const example = (operationId: SettingsOperationId, session: InvalidSession, client: ClientProfile): Input => ({
      operationId, session, transport: 'cookie', client, garbage: 'garbage-session-credential', flowId: '00000000-0000-4000-8000-000000000000', encoding: 'json',
    });
    return runProperty(context, this.title, arbitrary, async (input) => {
      const spec = withAccept(input.client, credentials(input.session, revoked, input.transport, input.garbage, context.world.cookieNames.session));
      const situation = { session: input.session, client: input.client, returnTo: 'none' as const };
      context.coverage?.note(input.operationId, `session ${input.session}`, input.client.label);
      switch (input.operationId) {
        case 'createBrowserSettingsFlow':
          return [(await observe(context, input.operationId, { method: 'GET', url: initUrl('browser', undefined), ...spec }, { expectation: expectBrowserInit(situation) })).observation];
        case 'createNativeSettingsFlow':
          return [(await observe(context, input.operationId, { method: 'GET', url: initUrl('api', undefined), ...spec }, { expectation: expectNativeInit(situation) })).observation];
        case 'getSettingsFlow':
          return [(await observe(context, input.operationId, { method: 'GET', url: `/self-service/settings/flows?id=${input.flowId}`, ...spec }, { expectation: expectFetch({ ...situation, flow: 'own' }) })).observation];
        case 'updateSettingsFlow': {
          const expectation = expectSubmit({
            session: input.session, client: input.client, flow: 'own', flowType: 'browser', transport: 'cookie', method: 'profile', input: 'valid', csrf: 'valid', encoding: input.encoding, touchesIdentifier: false,
          });
          const body = { method: 'profile', traits: { email: 'nobody@conformance.example.org' } };
          return [(await observe(context, input.operationId, { method: 'POST', url: `/self-service/settings?flow=${input.flowId}`, ...withBody(spec, body, input.encoding) }, { expectation })).observation];
        }
      }
    }, {
      examples: [
        example('createBrowserSettingsFlow', 'none', JSON_CLIENT),
        example('createBrowserSettingsFlow', 'none', BROWSER_NAVIGATION),
        example('createNativeSettingsFlow', 'garbage-token', NO_ACCEPT),
        example('getSettingsFlow', 'none', JSON_CLIENT),
        example('updateSettingsFlow', 'garbage-cookie', AXIOS),
        ...(revoked ? [example('getSettingsFlow', 'revoked', BROWSER_NAVIGATION)] : []),
      ],
    });
  },
};

// 2. Initialising flows with a valid session.
const initialisation: PropertyDefinition = {
  title: 'SF-INIT: with a valid session a flow is created (200 JSON, 303 for browser navigation) unless return_to is not allowed',
  unavailable: () => undefined,
  run(context) {
    const { world } = context;
    const arbitrary = fc.record({
      endpoint: fc.constantFrom<'browser' | 'api'>('browser', 'api'),
      client: clientArbitrary,
      returnTo: returnToArbitrary,
      transport: transportArbitrary,
      dropCsrfCookie: fc.boolean(),
    });
    type Input = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    const example = (endpoint: 'browser' | 'api', client: ClientProfile, returnTo: ReturnToSituation): Input => ({ endpoint, client, returnTo, transport: 'cookie', dropCsrfCookie: true });
    return runProperty(context, this.title, arbitrary, async (input) => {
      const spec = withAccept(input.client, credentials('valid', world.primary, input.transport, ''));
      if (spec.jar && input.dropCsrfCookie) {
        const bare = new CookieJar();
        for (const name of spec.jar.names()) if (!world.cookieNames.csrf.includes(name)) bare.set(name, spec.jar.get(name) ?? '');
        spec.jar = bare;
      }
      const url = initUrl(input.endpoint, returnToValue(input.returnTo, world.publicBaseUrl));
      const situation = { session: 'valid' as const, client: input.client, returnTo: input.returnTo };
      const operationId = input.endpoint === 'browser' ? 'createBrowserSettingsFlow' : 'createNativeSettingsFlow';
      const expectation = input.endpoint === 'browser' ? expectBrowserInit(situation) : expectNativeInit(situation);
      context.coverage?.note('init', `${input.endpoint} endpoint`, `return_to ${input.returnTo}`, input.client.label);
      const first = await observe(context, operationId, { method: 'GET', url, ...spec }, { expectation });
      const firstId = first.answer.status === 200 ? flowIdOf(first.answer.json) : undefined;
      if (firstId === undefined) return [first.observation];
      // Initialising again gives another flow, never the one just handed out.
      const second = await observe(context, operationId, { method: 'GET', url, ...spec }, { expectation, earlierFlowIds: [firstId] });
      return [first.observation, second.observation];
    }, {
      examples: [
        example('browser', JSON_CLIENT, 'none'),
        example('browser', BROWSER_NAVIGATION, 'allowed'),
        example('browser', AXIOS, 'forbidden'),
        example('api', NO_ACCEPT, 'none'),
        example('api', JSON_CLIENT, 'forbidden'),
      ],
    });
  },
};

function fetchSituations(context: CaseContext): FlowIdSituation[] {
  const situations: FlowIdSituation[] = ['own', 'other-identity', 'unknown', 'malformed', 'missing'];
  if (context.world.expiredFlows) situations.push('expired');
  return situations;
}
interface AddressedFlow {
  id: string | undefined;
  csrfToken: string | undefined;
  /** The flow as its creation answered it, when one was created. */
  created?: unknown;
  /** The checked creation of a fresh flow, when one was created. */
  observations: Observation[];
}

/** Finds or creates the flow a situation addresses (own and other identities' flows are fresh). */
async function addressedFlow(context: CaseContext, situation: FlowIdSituation, flowType: FlowType, unknownId: string, malformedId: string): Promise<AddressedFlow> {
  const { world } = context;
  switch (situation) {
    case 'own':
    case 'other-identity': {
      const owner = situation === 'own' ? world.primary : world.other;
      const { answer, observation } = await createOwnFlow(context, owner, flowType, owner.jar?.clone());
      return { id: flowIdOf(answer.json), csrfToken: csrfTokenOf(answer.json), created: answer.json, observations: [observation] };
    }
    case 'unknown':
      return { id: unknownId, csrfToken: undefined, observations: [] };
    case 'malformed':
      return { id: malformedId, csrfToken: undefined, observations: [] };
    case 'missing':
      return { id: undefined, csrfToken: undefined, observations: [] };
    case 'expired':
      return { id: world.expiredFlows?.[flowType], csrfToken: undefined, observations: [] };
  }
}

// 3. Fetching flows.
const fetching: PropertyDefinition = {
  title: 'SF-GET: a flow is returned to its owner only; unknown ids give 404, other identities\' flows 403, expired flows 410',
  unavailable: () => undefined,
  run(context) {
    const { world } = context;
    const arbitrary = fc.record({
      flow: fc.constantFrom<FlowIdSituation>(...fetchSituations(context)),
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      transport: transportArbitrary,
      unknownId: unknownFlowIdArbitrary,
      malformedId: malformedFlowIdArbitrary,
    });
    type Input = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    const example = (flow: FlowIdSituation, flowType: FlowType): Input => ({ flow, flowType, client: JSON_CLIENT, transport: 'token', unknownId: '00000000-0000-4000-8000-000000000001', malformedId: 'not-a-uuid' });
    return runProperty(context, this.title, arbitrary, async (input) => {
      const flow = await addressedFlow(context, input.flow, input.flowType, input.unknownId, input.malformedId);
      const spec = withAccept(input.client, credentials('valid', world.primary, input.transport, ''));
      const expectation = expectFetch({ session: 'valid', client: input.client, flow: input.flow });
      const url = `/self-service/settings/flows${flowQuery(input.flow, flow.id, 'id')}`;
      context.coverage?.note('fetch', `${input.flowType} flow`, `${input.flow} flow`, input.client.label);
      const own = input.flow === 'own' && flow.id ? { flowId: flow.id, ...(flow.created !== undefined ? { earlierFlow: flow.created } : {}) } : {};
      const { observation } = await observe(context, 'getSettingsFlow', { method: 'GET', url, ...spec }, { expectation, ...own });
      return [...flow.observations, observation];
    }, {
      examples: [
        example('own', 'api'),
        example('other-identity', 'browser'),
        example('unknown', 'api'),
        ...(world.expiredFlows ? [example('expired', 'browser')] : []),
      ],
    });
  },
};

// 4. AAL.
const secondFactor: PropertyDefinition = {
  title: 'SF-AAL2-REQUIRED: an AAL1 session of an identity with a second factor is asked for AAL2 by every settings endpoint',
  unavailable: (context) => (context.world.mfa ? undefined : 'no AAL1 session of an identity with a second factor could be provisioned'),
  run(context) {
    const mfa = context.world.mfa;
    if (!mfa) return Promise.resolve({ failed: false });
    const arbitrary = fc.record({
      operationId: fc.constantFrom(...OPERATIONS),
      client: clientArbitrary,
      transport: transportArbitrary,
      flowType: flowTypeArbitrary,
      encoding: encodingArbitrary,
    });
    type Input = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    const example = (operationId: SettingsOperationId, client: ClientProfile): Input => ({ operationId, client, transport: 'token', flowType: 'api', encoding: 'json' });
    return runProperty(context, this.title, arbitrary, async (input) => {
      const spec = withAccept(input.client, credentials('valid', mfa.aal1, input.transport, ''));
      const session = 'aal1-needs-aal2' as const;
      context.coverage?.note(input.operationId, `${input.flowType} flow`, 'AAL-short', input.client.label);
      const flowId = mfa.flows[input.flowType];
      switch (input.operationId) {
        case 'createBrowserSettingsFlow':
          return [(await observe(context, input.operationId, { method: 'GET', url: initUrl('browser', undefined), ...spec }, { expectation: expectBrowserInit({ session, client: input.client, returnTo: 'none' }) })).observation];
        case 'createNativeSettingsFlow':
          return [(await observe(context, input.operationId, { method: 'GET', url: initUrl('api', undefined), ...spec }, { expectation: expectNativeInit({ session, client: input.client, returnTo: 'none' }) })).observation];
        case 'getSettingsFlow':
          return [(await observe(context, input.operationId, { method: 'GET', url: `/self-service/settings/flows?id=${flowId}`, ...spec }, { expectation: expectFetch({ session, client: input.client, flow: 'own' }), flowId })).observation];
        case 'updateSettingsFlow': {
          const expectation = expectSubmit({
            session, client: input.client, flow: 'own', flowType: input.flowType, transport: input.transport, method: 'profile', input: 'valid', csrf: 'valid', encoding: input.encoding, touchesIdentifier: false,
          });
          const body = { method: 'profile', traits: mfa.aal1.identity.traits };
          return [(await observe(context, input.operationId, { method: 'POST', url: `/self-service/settings?flow=${flowId}`, ...withBody(spec, body, input.encoding) }, { expectation, flowId })).observation];
        }
      }
    }, {
      examples: [
        example('createBrowserSettingsFlow', JSON_CLIENT), example('createNativeSettingsFlow', NO_ACCEPT), example('getSettingsFlow', JSON_CLIENT), example('updateSettingsFlow', JSON_CLIENT),
        // Browser navigation is sent to login, which must ask for the second factor.
        { ...example('createBrowserSettingsFlow', BROWSER_NAVIGATION), transport: 'cookie' as const },
      ],
    });
  },
};

// 5. Submitting to flows that are not the session's own, live flow.
const submitFlowIds: PropertyDefinition = {
  title: 'SF-UPDATE-FLOW: a submit to a missing, malformed, unknown, expired or another identity\'s flow is refused',
  unavailable: () => undefined,
  run(context) {
    const { world } = context;
    const situations = fetchSituations(context).filter((situation) => situation !== 'own');
    const arbitrary = fc.record({
      flow: fc.constantFrom<FlowIdSituation>(...situations),
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      encoding: encodingArbitrary,
      unknownId: unknownFlowIdArbitrary,
      malformedId: malformedFlowIdArbitrary,
    });
    type Input = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    const example = (flow: FlowIdSituation, flowType: FlowType, client: ClientProfile, encoding: Encoding): Input => ({ flow, flowType, client, encoding, unknownId: '00000000-0000-4000-8000-000000000002', malformedId: 'not-a-uuid' });
    return runProperty(context, this.title, arbitrary, async (input) => {
      const flow = await addressedFlow(context, input.flow, input.flowType, input.unknownId, input.malformedId);
      const transport = input.flowType === 'browser' ? 'cookie' : 'token';
      const spec = withAccept(input.client, credentials('valid', world.primary, transport, ''));
      const body = withCsrf(profileBody(world.primary.identity.traits), 'valid', flow.csrfToken, context.seed);
      const expectation = expectSubmit({
        session: 'valid', client: input.client, flow: input.flow, flowType: input.flowType, transport, method: 'profile', input: 'valid', csrf: 'valid', encoding: input.encoding, touchesIdentifier: false,
      });
      const url = `/self-service/settings${flowQuery(input.flow, flow.id, 'flow')}`;
      context.coverage?.note('submit', 'profile', `${input.flowType} flow`, `${input.flow} flow`, input.client.label);
      const { answer, observation } = await observe(context, 'updateSettingsFlow', { method: 'POST', url, ...withBody(spec, body, input.encoding) }, { expectation });
      const observations = [...flow.observations, observation];
      // The new flow an expired one names must be one the same session can use.
      if (input.flow === 'expired' && flow.id !== undefined && expectation.outcomes.some((outcome) => outcome.status === answer.status)) {
        const credentialsOnly = credentials('valid', world.primary, transport, '');
        const replacement = await replacementFlow(context, answer, flow.id, input.flowType, credentialsOnly);
        if (replacement) observations.push(evaluateEffect(context, answer, expectation, replacement));
      }
      return observations;
    }, {
      examples: [
        ...(world.expiredFlows ? [example('expired', 'api', JSON_CLIENT, 'json'), example('expired', 'browser', BROWSER_NAVIGATION, 'form')] : []),
        example('other-identity', 'api', JSON_CLIENT, 'json'),
        example('missing', 'browser', JSON_CLIENT, 'json'),
        example('unknown', 'api', AXIOS, 'form'),
      ],
    });
  },
};

export const PROPERTIES: readonly PropertyDefinition[] = [unauthenticated, initialisation, fetching, secondFactor, submitFlowIds, submitting, reauthentication];

