/**
 * The properties: each states one rule of the settings API and is checked over generated situations.
 * Examples pin the situations that reach each documented cell, so a default run reaches all of them.
 */
import fc from 'fast-check';
import type { SettingsOperationId } from '../spec/operations.js';
import {
  AXIOS,
  BROWSER_NAVIGATION,
  CLIENTS,
  FORBIDDEN_RETURN_TO,
  JSON_CLIENT,
  NO_ACCEPT,
  clientArbitrary,
  csrfArbitrary,
  encodingArbitrary,
  flowTypeArbitrary,
  garbageCredentialArbitrary,
  inputArbitrary,
  invalidSessionArbitrary,
  malformedFlowIdArbitrary,
  methodArbitrary,
  returnToArbitrary,
  returnToValue,
  transportArbitrary,
  unknownFlowIdArbitrary,
  type InvalidSession,
} from './arbitraries.js';
import { creationOptionsOf, optionsInScript, register, type CreationOptions } from './authenticator.js';
import type { EffectEvidence } from './checks/index.js';
import type { Answer } from './client.js';
import { CookieJar } from './cookies.js';
import { evaluateEffect, observe, runProperty, type CaseContext, type PropertyResult } from './harness.js';
import {
  expectBrowserInit,
  expectFetch,
  expectNativeInit,
  expectSubmit,
  type ClientProfile,
  type CsrfSituation,
  type Encoding,
  type FlowIdSituation,
  type FlowType,
  type ReturnToSituation,
  type SubmitMethod,
} from './oracle.js';
import type { Observation } from './recorder.js';
import { credentials, flowQuery, initUrl, withAccept, withBody } from './requests.js';
import { csrfTokenOf, flowIdOf, nodesOf, totpSecretOf, tryNativeLogin, whoami, type Session } from './sessions.js';
import { submitFloor, submitSituationLabel } from './properties/floor.js';
import { followedBack, replacementFlow, storedSuccess } from './properties/follow-ups.js';
import { totp } from './totp.js';

export interface PropertyDefinition {
  title: string;
  /** Why the property cannot run against this target, if it cannot. */
  unavailable(context: CaseContext): string | undefined;
  run(context: CaseContext): Promise<PropertyResult>;
}

const OPERATIONS: readonly SettingsOperationId[] = ['createBrowserSettingsFlow', 'createNativeSettingsFlow', 'getSettingsFlow', 'updateSettingsFlow'];

/** A copy of `traits` with a dotted path set. */
function withTrait(traits: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(traits);
  const parts = path.split('.');
  let current = copy;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    current = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (current[part] = {})) as Record<string, unknown>;
  }
  current[parts.at(-1) ?? path] = value;
  return copy;
}

function profileBody(traits: Record<string, unknown>): Record<string, unknown> {
  return { method: 'profile', traits };
}

function withCsrf(body: Record<string, unknown>, csrf: CsrfSituation, token: string | undefined, seed: number): Record<string, unknown> {
  if (csrf === 'missing') return body;
  return { ...body, csrf_token: csrf === 'valid' ? (token ?? '') : `wrong-${seed.toString(36)}-token` };
}

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

/** Creates a flow of the session's identity, checked like any init (JSON client: 200 with the flow). */
async function createOwnFlow(context: CaseContext, session: Session, flowType: FlowType, jar: CookieJar | undefined, returnTo?: string) {
  const situation = { session: 'valid' as const, client: JSON_CLIENT, returnTo: returnTo === undefined ? 'none' as const : 'allowed' as const };
  if (flowType === 'api') {
    return observe(context, 'createNativeSettingsFlow', { method: 'GET', url: initUrl('api', undefined), headers: { accept: 'application/json', 'x-session-token': session.token } }, { expectation: expectNativeInit(situation) });
  }
  const credentials = jar ? { jar } : { headers: { 'x-session-token': session.token } };
  return observe(context, 'createBrowserSettingsFlow', { method: 'GET', url: initUrl('browser', returnTo), ...withAccept(JSON_CLIENT, credentials) }, { expectation: expectBrowserInit(situation) });
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

/** The methods a submit may use against this target: what its flows offer, plus an unknown one. */
function submitMethods(context: CaseContext): SubmitMethod[] {
  const offered = (['profile', 'password', 'totp', 'lookup_secret', 'webauthn', 'passkey'] as const).filter((method) => context.world.methods.has(method));
  const methods: SubmitMethod[] = [...offered, 'unknown'];
  if (context.world.oidcProvider !== undefined) methods.push('oidc');
  return methods.filter((method) => context.world.maySubmitOnFreshSession(method));
}

/** The session and the way the submit reached the target; effects are looked at the same way. */
interface SubmitVia {
  session: Session;
  flowType: FlowType;
  jar: CookieJar | undefined;
  answer: Answer;
}

const MAX_LINK_HOPS = 6;

/**
 * Follows a link's redirects like a browser, as long as they stay on the target (the mock's built-in provider signs
 * in at once); a real provider elsewhere would need a person, so linking is then left unfinished.
 */
async function followLink(context: CaseContext, answer: Answer, jar: CookieJar): Promise<boolean> {
  const { world } = context;
  const origins = new Set([new URL(world.options.target).origin, new URL(world.publicBaseUrl).origin]);
  const body = answer.json as { redirect_browser_to?: unknown } | undefined;
  const first = typeof body?.redirect_browser_to === 'string' ? body.redirect_browser_to : answer.exchange.response.headers['location'];
  let next = typeof first === 'string' ? new URL(first, answer.exchange.request.url) : undefined;
  for (let hop = 0; next && hop < MAX_LINK_HOPS; hop += 1) {
    if (!origins.has(next.origin)) return false;
    const target = new URL(next.pathname + next.search, world.options.target);
    const step = await world.client.send({ method: 'GET', url: target.href, headers: { accept: 'text/html' }, jar });
    const location = step.exchange.response.headers['location'];
    if (step.status < 300 || step.status >= 400 || typeof location !== 'string') return step.status < 400;
    next = new URL(location, target);
  }
  return next === undefined;
}

/** The registration options a flow offers: webauthn's in its trigger's onclick, passkey's in passkey_create_data. */
function registrationOptionsOf(method: 'webauthn' | 'passkey', flow: unknown): CreationOptions | undefined {
  const nodes = nodesOf(flow);
  if (method === 'passkey') {
    const data = nodes.find((node) => node.attributes['name'] === 'passkey_create_data')?.attributes['value'];
    return typeof data === 'string' ? creationOptionsOf(data) : undefined;
  }
  const onclick = nodes.find((node) => node.attributes['name'] === 'webauthn_register_trigger')?.attributes['onclick'];
  const json = typeof onclick === 'string' ? optionsInScript(onclick) : undefined;
  return json === undefined ? undefined : creationOptionsOf(json);
}

/**
 * Cut-off JSON: the target cannot parse it as a WebAuthn response ("Unable to parse WebAuthn response",
 * docs/kratos-behavior.md#webauthn-bad-response).
 */
const UNPARSABLE_REGISTRATION = '{"id": "not a registration"';

interface SubmitPlan {
  /** A submit made first on the same flow (adding an optional trait the main submit then leaves out). */
  prepare?: Record<string, unknown>;
  body: Record<string, unknown>;
  /** For invalid traits: the `traits.*` node whose messages must say what is wrong. */
  invalidNode?: string;
  effect?: (via: SubmitVia) => Promise<EffectEvidence>;
  /** Set when the asked-for input cannot be sent (no registration options offered, a schema nothing breaks): what is. */
  input?: 'valid' | 'invalid';
}

/** The body of a submit for one method and input, and how to see its effect if it succeeds. */
function planSubmit(context: CaseContext, session: Session, method: SubmitMethod, input: 'valid' | 'invalid', flow: unknown, runTag: string, encoding: Encoding = 'json'): SubmitPlan {
  const { world } = context;
  switch (method) {
    case 'profile': {
      // Valid and invalid traits both come from the target's identity schema.
      if (input === 'invalid') {
        const invalid = world.traitMaker.invalid(session.identity.traits, runTag, encoding === 'form');
        if (invalid) return { body: profileBody(invalid.traits), invalidNode: invalid.node };
      }
      const { traits, identifier } = world.profileUpdate();
      // Traits are replaced whole: an optional trait set first and then left out must be gone afterwards.
      const optional = world.traitMaker.optionalTrait(runTag, traits);
      const prepare = optional ? { method: 'profile', traits: withTrait(session.identity.traits, optional.path, optional.value) } : undefined;
      return {
        ...(prepare ? { prepare } : {}),
        body: profileBody(traits),
        ...(input === 'invalid' ? { input: 'valid' as const } : {}),
        effect: async ({ session: current }) => {
          current.identity.identifier = identifier;
          current.identity.traits = traits;
          return { kind: 'traits', expectedTraits: traits, whoami: (await whoami(world.client, current)).exchange };
        },
      };
    }
    case 'password': {
      if (input === 'invalid') return { body: { method: 'password', password: 'ab1' } };
      const password = `New-${runTag}-${context.seed.toString(36)}-Qx7!mZ2p`;
      return {
        body: { method: 'password', password },
        effect: async ({ session: current }) => {
          const oldPassword = current.identity.password;
          const newPasswordLogin = await tryNativeLogin(world.client, current.identity.identifier, password);
          const oldPasswordLogin = await tryNativeLogin(world.client, current.identity.identifier, oldPassword);
          current.identity.password = password;
          return { kind: 'password', newPasswordLogin: newPasswordLogin.exchange, oldPasswordLogin: oldPasswordLogin.exchange };
        },
      };
    }
    case 'totp': {
      const secret = totpSecretOf(flow);
      const code = secret === undefined ? '000000' : totp(secret, Date.now());
      // A code that differs from the right one in its last digit is never right for this time step.
      const wrong = code.slice(0, 5) + String((Number(code.at(-1)) + 1) % 10);
      return {
        body: { method: 'totp', totp_code: input === 'valid' ? code : wrong },
        ...(input === 'valid' ? {
          // The session that set TOTP up is AAL2 now; another session of the identity would be asked for AAL2.
          effect: async ({ session: current, flowType, jar }: SubmitVia) => ({ kind: 'totp' as const, refetchedFlow: (await world.createFlow(current, flowType, 'cookie', jar)).exchange }),
        } : {}),
      };
    }
    case 'lookup_secret':
      return { body: input === 'valid' ? { method: 'lookup_secret', lookup_secret_regenerate: true } : { method: 'lookup_secret', lookup_secret_confirm: true } };
    case 'webauthn':
    case 'passkey': {
      const options = registrationOptionsOf(method, flow);
      const registration = input === 'valid' && options !== undefined ? JSON.stringify(register(options, new URL(world.publicBaseUrl).origin)) : UNPARSABLE_REGISTRATION;
      const body = method === 'webauthn'
        ? { method, webauthn_register: registration, webauthn_register_displayname: `key-${runTag}` }
        : { method, passkey_settings_register: registration };
      // Kratos offers no passkey options to an identity without a passkey display name (4000009,
      // docs/kratos-behavior.md#nodes-passkey-no-name).
      if (input === 'invalid' || options === undefined) return { body, input: 'invalid' };
      return {
        body,
        effect: async ({ session: current, flowType, jar }) => ({ kind: 'security-key', group: method, refetchedFlow: (await world.createFlow(current, flowType, 'cookie', jar)).exchange }),
      };
    }
    case 'oidc': {
      const provider = world.oidcProvider ?? '';
      if (input === 'invalid') return { body: { method: 'oidc', link: 'no-such-provider-conformance' } };
      return {
        body: { method: 'oidc', link: provider },
        effect: async ({ session: current, flowType, jar, answer }) => {
          const completed = await followLink(context, answer, jar ?? new CookieJar());
          return { kind: 'oidc-link', provider, completed, refetchedFlow: (await world.createFlow(current, flowType, 'cookie', jar)).exchange };
        },
      };
    }
    case 'unknown':
      return { body: { method: 'no-such-method' } };
  }
}

/** A submit that changes nothing on success or failure: it may share a session with others like it. */
function changesNothing(input: { method: SubmitMethod; input: 'valid' | 'invalid'; csrf: CsrfSituation; flowType: FlowType }): boolean {
  if (input.input === 'invalid' || input.method === 'unknown' || (input.flowType === 'browser' && input.csrf !== 'valid')) return true;
  // Regenerating backup codes only shows them; WebAuthn on an API flow is taken by no method.
  return input.method === 'lookup_secret' || (input.method === 'webauthn' && input.flowType === 'api');
}

const sharedSessions = new WeakMap<object, Session>();

/**
 * One identity's session for submits that change nothing, renewed once it is half way to the privileged max age
 * (each login costs the target a password hash, and the floor makes dozens of such submits).
 */
async function sharedSession(context: CaseContext): Promise<Session> {
  const { world } = context;
  const current = sharedSessions.get(world);
  if (current && Date.now() - current.authenticatedAt < world.options.privilegedMaxAgeMs / 2) return current;
  const session = await world.freshSession('shared', true);
  sharedSessions.set(world, session);
  return session;
}

// 6. Submitting each method with a privileged session: a fresh one where the submit may change the identity.
const submitting: PropertyDefinition = {
  title: 'SF-UPDATE: a submit with a privileged session succeeds when valid, explains invalid input with 400, and refuses a missing or wrong CSRF token on browser flows',
  unavailable: () => undefined,
  run(context) {
    const { world } = context;
    const methods = submitMethods(context);
    const arbitrary = fc.record({
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      method: methodArbitrary(methods),
      input: inputArbitrary,
      csrf: csrfArbitrary,
      encoding: encodingArbitrary,
      // How an API flow's submit travels: a native app's token, or with a browser's cookie or Origin header as well.
      apiTransport: fc.constantFrom<'token' | 'cookie' | 'origin'>('token', 'token', 'token', 'cookie', 'origin'),
      withReturnTo: fc.boolean(),
      // A return_to on the submit URL must not override the flow's own (Kratos reads it from the flow's request_url).
      submitReturnTo: fc.boolean(),
    });
    let runNumber = 0;
    return runProperty(context, this.title, arbitrary, async (input) => {
      runNumber += 1;
      context.coverage?.note('submit', input.method, `${input.flowType} flow`, submitSituationLabel(input), input.client.label);
      const session = changesNothing(input) ? await sharedSession(context) : await world.freshSession('submit', input.flowType === 'browser' || input.apiTransport === 'cookie');
      const jar = session.jar?.clone();
      const returnTo = input.withReturnTo ? returnToValue('allowed', world.publicBaseUrl) : undefined;
      const creation = await createOwnFlow(context, session, input.flowType, jar, returnTo);
      const flowId = flowIdOf(creation.answer.json);
      if (flowId === undefined) return [creation.observation];
      const created = creation.answer;
      const plan = planSubmit(context, session, input.method, input.input, created.json, `r${runNumber}`, input.encoding);
      const transport = input.flowType === 'browser' || input.apiTransport === 'cookie' ? 'cookie' : 'token';
      const origin = input.flowType === 'api' && input.apiTransport === 'origin';
      const token = { 'x-session-token': session.token, ...(origin ? { origin: world.publicBaseUrl } : {}) };
      const credentialsSpec = transport === 'cookie' ? { jar, ...(input.flowType === 'api' ? { headers: token } : {}) } : { headers: token };
      const spec = withAccept(input.client, credentialsSpec);
      // Too close to the privileged max age to know what the target decides: only the generic checks apply.
      const privilege = world.privilegeOf(session);
      const flowReturnTo = returnTo !== undefined && input.flowType === 'browser' ? returnTo : undefined;
      const expectation = privilege === undefined ? undefined : expectSubmit({
        session: privilege,
        client: input.client, flow: 'own', flowType: input.flowType, transport, origin, method: input.method, input: plan.input ?? input.input, csrf: input.csrf, encoding: input.encoding,
        touchesIdentifier: input.method === 'profile',
        ...(flowReturnTo !== undefined ? { returnTo: flowReturnTo } : {}),
      });
      const submitUrl = `/self-service/settings?flow=${flowId}${input.submitReturnTo ? `&return_to=${encodeURIComponent(FORBIDDEN_RETURN_TO)}` : ''}`;
      const observations = [creation.observation];
      let csrfToken = csrfTokenOf(created.json);
      if (plan.prepare && expectation?.rule === 'validUpdate') {
        const prepared = await observe(context, 'updateSettingsFlow', { method: 'POST', url: submitUrl, ...withBody(spec, withCsrf(plan.prepare, input.csrf, csrfToken, context.seed), input.encoding) }, { expectation, flowId });
        observations.push(prepared.observation);
        csrfToken = csrfTokenOf(prepared.answer.json) ?? csrfToken;
      }
      const body = withCsrf(plan.body, input.csrf, csrfToken, context.seed);
      const { answer, observation } = await observe(context, 'updateSettingsFlow', { method: 'POST', url: submitUrl, ...withBody(spec, body, input.encoding) }, { ...(expectation ? { expectation } : {}), flowId });
      observations.push(observation);
      if (!expectation) return observations;
      // A 400 is never a success: it is the accepted alternative where the target's schema decides (security keys).
      const accepted = expectation.outcomes.some((outcome) => outcome.status === answer.status);
      // An OIDC link with a bad CSRF token may be refused or go ahead (the guide and Kratos differ): no effect to expect.
      const csrfUndecided = input.method === 'oidc' && input.flowType === 'browser' && input.csrf !== 'valid';
      const succeeded = (expectation.rule === 'validUpdate' || expectation.rule === 'oidcLink') && answer.status !== 400 && accepted && !csrfUndecided;
      const followCredentials = transport === 'cookie' ? { jar } : { headers: { 'x-session-token': session.token } };
      // The stored flow first: it expires soonest.
      if (succeeded && expectation.rule === 'validUpdate' && answer.status === 200) {
        const traits = input.method === 'profile' ? (plan.body['traits'] as Record<string, unknown>) : undefined;
        observations.push(evaluateEffect(context, answer, expectation, await storedSuccess(context, flowId, followCredentials, traits)));
      }
      // Browser navigation is sent back to the settings UI after a rejection (and after a success without return_to).
      const rejected = expectation.rule === 'invalidInput' || expectation.rule === 'unknownMethod';
      // A security key's 303 may be a success or the 4000009 rejection (the schema decides), so it says nothing here.
      const ambiguous = input.method === 'webauthn' || input.method === 'passkey';
      if ((rejected || (succeeded && expectation.rule === 'validUpdate' && !ambiguous)) && answer.status === 303 && accepted) {
        const followed = await followedBack(context, answer, rejected ? 'rejected' : 'success', followCredentials);
        if (followed) observations.push(evaluateEffect(context, answer, expectation, followed));
      }
      if (succeeded && plan.effect) observations.push(evaluateEffect(context, answer, expectation, await plan.effect({ session, flowType: input.flowType, jar: transport === 'cookie' ? jar : undefined, answer })));
      if (plan.invalidNode !== undefined && expectation.rule === 'invalidInput' && answer.status === 400) {
        observations.push(evaluateEffect(context, answer, expectation, { kind: 'invalid-traits', node: plan.invalidNode, response: answer.exchange }));
      }
      return observations;
    }, { examples: submitFloor(methods, world.oidcProvider !== undefined) });
  },
};

// 7. Sensitive changes with a session older than the privileged max age.
type SensitiveChange = 'password' | 'totp' | 'lookup-regenerate' | 'lookup-reveal' | 'identifier';

function sensitiveChanges(context: CaseContext): SensitiveChange[] {
  const { methods } = context.world;
  return [
    ...(methods.has('password') ? ['password' as const] : []),
    ...(methods.has('totp') ? ['totp' as const] : []),
    ...(methods.has('lookup_secret') ? ['lookup-regenerate' as const, 'lookup-reveal' as const] : []),
    ...(methods.has('profile') ? ['identifier' as const] : []),
  ];
}

/** The body of a sensitive change; revealing backup codes needs privilege even before there are codes to show. */
function sensitiveBody(context: CaseContext, change: SensitiveChange, flow: unknown, runTag: string): { method: SubmitMethod; body: Record<string, unknown> } {
  const session = context.world.primary;
  switch (change) {
    case 'lookup-regenerate':
      return { method: 'lookup_secret', body: { method: 'lookup_secret', lookup_secret_regenerate: true } };
    case 'lookup-reveal':
      return { method: 'lookup_secret', body: { method: 'lookup_secret', lookup_secret_reveal: true } };
    case 'identifier':
      // New traits carry a new identifier: a change that needs a privileged session.
      return { method: 'profile', body: profileBody(context.world.profileUpdate().traits) };
    default:
      return { method: change, body: planSubmit(context, session, change, 'valid', flow, runTag).body };
  }
}

const reauthentication: PropertyDefinition = {
  title: 'SF-PRIVILEGED: a sensitive change with a session older than the privileged max age asks to re-authenticate',
  unavailable: (context) => (context.world.primaryIsUnprivileged ? undefined : `sessions only lose privilege after ${context.world.options.privilegedMaxAgeMs} ms, longer than --max-wait`),
  run(context) {
    const { world } = context;
    const changes = sensitiveChanges(context);
    if (changes.length === 0) return Promise.resolve({ failed: false });
    const arbitrary = fc.record({
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      change: fc.constantFrom(...changes),
      encoding: encodingArbitrary,
    });
    type Input = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    // The floor: every sensitive change on both flow types, client kinds and encodings rotating.
    const examples: Input[] = changes.flatMap((change, index) => (['api', 'browser'] as const).map((flowType, offset): Input => ({
      flowType, change, client: CLIENTS[(2 * index + offset) % CLIENTS.length] ?? JSON_CLIENT, encoding: flowType === 'browser' && offset % 2 === 1 ? 'form' : 'json',
    })));
    let runNumber = 0;
    return runProperty(context, this.title, arbitrary, async (input) => {
      runNumber += 1;
      context.coverage?.note('submit', input.change, `${input.flowType} flow`, 'unprivileged', input.client.label);
      const session = world.primary;
      const jar = session.jar?.clone();
      const creation = await createOwnFlow(context, session, input.flowType, jar);
      const created = creation.answer;
      const flowId = flowIdOf(created.json);
      if (flowId === undefined) return [creation.observation];
      const { method, body: planned } = sensitiveBody(context, input.change, created.json, `u${runNumber}`);
      const body = withCsrf(planned, 'valid', csrfTokenOf(created.json), context.seed);
      const transport = input.flowType === 'browser' ? 'cookie' : 'token';
      const spec = withAccept(input.client, transport === 'cookie' ? { jar } : { headers: { 'x-session-token': session.token } });
      const expectation = expectSubmit({
        session: 'unprivileged', client: input.client, flow: 'own', flowType: input.flowType, transport, method, input: 'valid', csrf: 'valid', encoding: input.encoding,
        touchesIdentifier: input.change === 'identifier',
        ...(input.change === 'lookup-reveal' ? { lookupSecretAction: 'reveal' as const } : {}),
      });
      const { observation } = await observe(context, 'updateSettingsFlow', { method: 'POST', url: `/self-service/settings?flow=${flowId}`, ...withBody(spec, body, input.encoding) }, { expectation, flowId });
      return [creation.observation, observation];
    }, { examples });
  },
};

export const PROPERTIES: readonly PropertyDefinition[] = [unauthenticated, initialisation, fetching, secondFactor, submitFlowIds, submitting, reauthentication];

