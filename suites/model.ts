/**
 * The model-based run (fc.commands + fc.asyncModelRun): two identities create browser and API flows, fetch and
 * submit them (profile, password, and TOTP and lookup codes where offered), let time pass, re-authenticate and switch
 * places; every step is checked against what the model expects, including the AAL2 demand a second factor brings. Steps whose outcome hinges on a clock edge (a flow about to expire) are checked only generically.
 */
import fc from 'fast-check';
import { JSON_CLIENT, clientArbitrary, encodingArbitrary, flowTypeArbitrary } from './arbitraries.js';
import type { RequestSpec } from './client.js';
import type { CookieJar } from './cookies.js';
import { observe, runProperty, type CaseContext, type ObserveOptions } from './harness.js';
import {
  expectBrowserInit,
  expectFetch,
  expectNativeInit,
  expectSubmit,
  type ClientProfile,
  type Encoding,
  type FlowIdSituation,
  type FlowType,
  type SessionSituation,
  type SubmitSituation,
} from './oracle.js';
import type { PropertyDefinition } from './properties.js';
import type { Observation } from './recorder.js';
import { withBody } from './requests.js';
import { csrfTokenOf, flowIdOf, login, totpSecretOf, type Session } from './sessions.js';
import { totp } from './totp.js';
import { safetyMargin, sleep } from './timing.js';

type Actor = 'a' | 'b';

interface ModelFlow {
  id: string;
  type: FlowType;
  owner: Actor;
  createdAt: number;
  csrfToken: string | undefined;
  /** The owner's login generation when the flow was created: a re-login brings a new anti-CSRF cookie. */
  generation: number;
  /** The TOTP secret the flow offered for setup (only while its identity had no TOTP). */
  totpSecret: string | undefined;
  /** Lookup codes this flow regenerated: none yet, waiting for confirmation, or confirmed already (then unclear). */
  lookupCodes: 'none' | 'pending' | 'confirmed';
}

/** How a session travels: the browser's cookie (browser flows) or the token. */
type Channel = 'cookie' | 'token';

interface ActorFactors {
  totp: boolean;
  lookupCodes: boolean;
  /** Which of the actor's two sessions reached AAL2 (by setting a second factor up with it). */
  aal2: Record<Channel, boolean>;
}

interface Model {
  current: Actor;
  flows: ModelFlow[];
  waited: boolean;
  factors: Record<Actor, ActorFactors>;
}

const noFactors = (): ActorFactors => ({ totp: false, lookupCodes: false, aal2: { cookie: false, token: false } });

interface Real {
  context: CaseContext;
  sessions: Record<Actor, Session>;
  generations: Record<Actor, number>;
  jars: Record<Actor, CookieJar | undefined>;
  observations: Observation[];
}

type ModelCommand = fc.AsyncCommand<Model, Real>;

const otherActor = (actor: Actor): Actor => (actor === 'a' ? 'b' : 'a');

async function record(real: Real, operationId: Parameters<typeof observe>[1], request: RequestSpec, options: ObserveOptions) {
  const result = await observe(real.context, operationId, request, options);
  real.observations.push(result.observation);
  return result;
}

function channelOf(real: Real, actor: Actor, type: FlowType): Channel {
  return type === 'browser' && real.jars[actor] ? 'cookie' : 'token';
}

/**
 * The actor's session as the oracle sees it: once the identity has a second factor, an AAL1 session is asked for AAL2
 * (docs/kratos-behavior.md#aal, required_aal highest_available); otherwise valid or unprivileged, or undefined on the
 * privilege edge.
 */
function sessionSituation(real: Real, model: Model, type: FlowType): SessionSituation | undefined {
  const actor = model.current;
  const factors = model.factors[actor];
  if ((factors.totp || factors.lookupCodes) && !factors.aal2[channelOf(real, actor, type)]) return 'aal1-needs-aal2';
  return real.context.world.privilegeOf(real.sessions[actor]);
}

function credentialsFor(real: Real, actor: Actor, type: FlowType): Pick<RequestSpec, 'headers' | 'jar'> {
  const jar = real.jars[actor];
  return type === 'browser' && jar ? { jar } : { headers: { 'x-session-token': real.sessions[actor].token } };
}

/** A token minted before the actor's latest login no longer matches the actor's CSRF cookie. */
function csrfSituationOf(real: Real, actor: Actor, flow: ModelFlow): 'wrong' | 'valid' {
  return flow.owner === actor && flow.generation !== real.generations[actor] ? 'wrong' : 'valid';
}

/**
 * Takes what the target may change between two answers from the latest one: Kratos draws a new TOTP secret whenever
 * it renders the settings methods for an identity without TOTP
 * (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/totp/settings.go#L259-L283),
 * and the CSRF node's value may be masked anew on every render.
 */
function refreshFromAnswer(flow: ModelFlow, json: unknown): void {
  if (flowIdOf(json) !== flow.id) return;
  flow.totpSecret = totpSecretOf(json);
  flow.csrfToken = csrfTokenOf(json) ?? flow.csrfToken;
}

/** Submits `body` to `flow` as `actor` (with the flow's CSRF token on browser flows), as a JSON-accepting client. */
async function submitToFlow(
  real: Real, actor: Actor, flow: ModelFlow, body: Record<string, unknown>, encoding: Encoding, options: ObserveOptions,
) {
  if (flow.type === 'browser') body['csrf_token'] = flow.csrfToken ?? '';
  const credentials = credentialsFor(real, actor, flow.type);
  const result = await record(real, 'updateSettingsFlow', {
    method: 'POST',
    url: `/self-service/settings?flow=${flow.id}`,
    ...withBody({ ...credentials, headers: { ...credentials.headers, accept: 'application/json' } }, body, encoding),
  }, options);
  refreshFromAnswer(flow, result.answer.json);
  return result;
}

/**
 * own / other-identity / expired for a flow now, or undefined on a clock edge. A fetch checks the identity before
 * expiry, a submit expiry before the identity (docs/kratos-behavior.md#get-flow,
 * docs/kratos-behavior.md#submit).
 */
function flowSituation(real: Real, model: Model, flow: ModelFlow, operation: 'fetch' | 'submit'): FlowIdSituation | undefined {
  const foreign = flow.owner !== model.current;
  if (foreign && operation === 'fetch') return 'other-identity';
  const lifespan = real.context.world.options.flowLifespanMs;
  const age = Date.now() - flow.createdAt;
  if (age > lifespan + safetyMargin(lifespan)) return 'expired';
  if (age >= lifespan - real.context.world.marginBefore(lifespan)) return undefined;
  return foreign ? 'other-identity' : 'own';
}

class InitFlow implements ModelCommand {
  constructor(readonly type: FlowType) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const session = sessionSituation(real, model, this.type) === 'aal1-needs-aal2' ? 'aal1-needs-aal2' as const : 'valid' as const;
    const situation = { session, client: JSON_CLIENT, returnTo: 'none' as const };
    const browser = this.type === 'browser';
    const credentials = credentialsFor(real, model.current, this.type);
    const { answer } = await record(real, browser ? 'createBrowserSettingsFlow' : 'createNativeSettingsFlow', {
      method: 'GET',
      url: `/self-service/settings/${browser ? 'browser' : 'api'}`,
      ...credentials,
      headers: { ...credentials.headers, accept: 'application/json' },
    }, { expectation: browser ? expectBrowserInit(situation) : expectNativeInit(situation) });
    const id = flowIdOf(answer.json);
    if (answer.status === 200 && id !== undefined) {
      model.flows.push({
        id, type: this.type, owner: model.current, createdAt: Date.now(), csrfToken: csrfTokenOf(answer.json), generation: real.generations[model.current],
        totpSecret: totpSecretOf(answer.json), lookupCodes: 'none',
      });
    }
  }
  toString = () => `InitFlow(${this.type})`;
}

class FetchFlow implements ModelCommand {
  constructor(readonly index: number, readonly client: ClientProfile) {}
  check = (model: Readonly<Model>) => model.flows.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const flow = model.flows[this.index % model.flows.length];
    if (!flow) return;
    const situation = flowSituation(real, model, flow, 'fetch');
    const session = sessionSituation(real, model, flow.type) === 'aal1-needs-aal2' ? 'aal1-needs-aal2' as const : 'valid' as const;
    const credentials = credentialsFor(real, model.current, flow.type);
    const { answer } = await record(real, 'getSettingsFlow', {
      method: 'GET',
      url: `/self-service/settings/flows?id=${flow.id}`,
      ...credentials,
      headers: { ...credentials.headers, ...(this.client.accept ? { accept: this.client.accept } : {}) },
    }, situation === undefined ? {} : { expectation: expectFetch({ session, client: this.client, flow: situation }), ...(situation === 'own' && session === 'valid' ? { flowId: flow.id } : {}) });
    if (answer.status === 200) refreshFromAnswer(flow, answer.json);
  }
  toString = () => `FetchFlow(${this.index}, ${this.client.label})`;
}

class SubmitFlow implements ModelCommand {
  constructor(readonly index: number, readonly method: 'profile' | 'password', readonly input: 'valid' | 'invalid', readonly encoding: Encoding) {}
  check = (model: Readonly<Model>) => model.flows.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const flow = model.flows[this.index % model.flows.length];
    if (!flow) return;
    const actor = model.current;
    const session = real.sessions[actor];
    const world = real.context.world;
    const flowSituationNow = flowSituation(real, model, flow, 'submit');
    const privilege = sessionSituation(real, model, flow.type);
    const password = `Model-${real.context.seed.toString(36)}-${actor}${real.observations.length}-Zq8!`;
    const invalidTraits = world.traitMaker.invalid(session.identity.traits, `${actor}${real.observations.length}`, this.encoding === 'form')?.traits;
    // A schema nothing can break leaves only valid profile submits.
    const input = this.method === 'profile' && invalidTraits === undefined ? 'valid' : this.input;
    const body: Record<string, unknown> = this.method === 'profile'
      ? { method: 'profile', traits: input === 'invalid' ? invalidTraits : session.identity.traits }
      : { method: 'password', password: this.input === 'valid' ? password : 'ab1' };
    const expectation = flowSituationNow === undefined || privilege === undefined ? undefined : expectSubmit({
      session: privilege, client: JSON_CLIENT, flow: flowSituationNow, flowType: flow.type, transport: flow.type === 'browser' ? 'cookie' : 'token',
      method: this.method, input, csrf: csrfSituationOf(real, actor, flow), encoding: this.encoding, touchesIdentifier: false,
    });
    const { answer } = await submitToFlow(real, actor, flow, body, this.encoding, expectation ? { expectation } : {});
    if (this.method === 'password' && this.input === 'valid' && answer.status === 200) session.identity.password = password;
  }
  toString = () => `SubmitFlow(${this.index}, ${this.method}, ${this.input}, ${this.encoding})`;
}

type SecondFactorAction = 'totp-setup' | 'totp-unlink' | 'lookup-regenerate' | 'lookup-reveal' | 'lookup-confirm';

/**
 * Submits a second-factor action; what the model knows of the identity's factors and the flow decides the expected
 * outcome (docs/kratos-behavior.md#totp, docs/kratos-behavior.md#lookup-secret), and a success updates the model.
 */
class SubmitSecondFactor implements ModelCommand {
  constructor(readonly index: number, readonly action: SecondFactorAction, readonly encoding: Encoding) {}
  check = (model: Readonly<Model>) => model.flows.length > 0;

  private plan(flow: ModelFlow, factors: ActorFactors): { body: Record<string, unknown>; situation?: Pick<SubmitSituation, 'method' | 'input' | 'lookupSecretAction'> } {
    switch (this.action) {
      case 'totp-setup': {
        const code = flow.totpSecret === undefined ? '000000' : totp(flow.totpSecret, Date.now());
        // With TOTP set up any totp submit is a no-op success; without, only the flow's own secret can set it up.
        const known = factors.totp || flow.totpSecret !== undefined;
        return { body: { method: 'totp', totp_code: code }, ...(known ? { situation: { method: 'totp', input: 'valid' } } : {}) };
      }
      case 'totp-unlink':
        // Without TOTP the submit is a setup without totp_code: 4000002.
        return { body: { method: 'totp', totp_unlink: true }, situation: { method: 'totp', input: factors.totp ? 'valid' : 'invalid' } };
      case 'lookup-regenerate':
        return { body: { method: 'lookup_secret', lookup_secret_regenerate: true }, situation: { method: 'lookup_secret', input: 'valid', lookupSecretAction: 'regenerate' } };
      case 'lookup-reveal':
        return { body: { method: 'lookup_secret', lookup_secret_reveal: true }, situation: { method: 'lookup_secret', input: factors.lookupCodes ? 'valid' : 'invalid', lookupSecretAction: 'reveal' } };
      case 'lookup-confirm': {
        const body = { method: 'lookup_secret', lookup_secret_confirm: true };
        if (flow.lookupCodes === 'confirmed') return { body };
        return { body, situation: { method: 'lookup_secret', input: flow.lookupCodes === 'pending' ? 'valid' : 'invalid', lookupSecretAction: 'confirm' } };
      }
    }
  }

  async run(model: Model, real: Real): Promise<void> {
    // Codes are confirmed where they were just regenerated, as a person would; any flow otherwise.
    const pending = this.action === 'lookup-confirm' ? model.flows.find((candidate) => candidate.owner === model.current && candidate.lookupCodes === 'pending') : undefined;
    const flow = pending ?? model.flows[this.index % model.flows.length];
    if (!flow) return;
    const actor = model.current;
    const factors = model.factors[actor];
    const flowSituationNow = flowSituation(real, model, flow, 'submit');
    const session = sessionSituation(real, model, flow.type);
    const { body, situation } = this.plan(flow, factors);
    const expectation = flowSituationNow === undefined || session === undefined || situation === undefined ? undefined : expectSubmit({
      session, client: JSON_CLIENT, flow: flowSituationNow, flowType: flow.type, transport: flow.type === 'browser' ? 'cookie' : 'token',
      csrf: csrfSituationOf(real, actor, flow), encoding: this.encoding, touchesIdentifier: false, ...situation,
    });
    const { answer } = await submitToFlow(real, actor, flow, body, this.encoding, expectation ? { expectation } : {});
    if (answer.status !== 200) return;
    const channel = channelOf(real, actor, flow.type);
    switch (this.action) {
      case 'totp-setup':
        // Setting TOTP up raises the session that did it to AAL2 (docs/kratos-behavior.md#totp-aal).
        if (!factors.totp) factors.aal2[channel] = true;
        factors.totp = true;
        break;
      case 'totp-unlink':
        factors.totp = false;
        break;
      case 'lookup-regenerate':
        flow.lookupCodes = 'pending';
        break;
      case 'lookup-confirm':
        // Confirming adds the lookup_secret AMR at AAL2 to the session (docs/kratos-behavior.md#lookup-secret).
        factors.aal2[channel] = true;
        factors.lookupCodes = true;
        flow.lookupCodes = 'confirmed';
        break;
      case 'lookup-reveal':
        break;
    }
  }
  toString = () => `SubmitSecondFactor(${this.index}, ${this.action}, ${this.encoding})`;
}

class LetFlowsExpire implements ModelCommand {
  check = (model: Readonly<Model>) => !model.waited && model.flows.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const lifespan = real.context.world.options.flowLifespanMs;
    model.waited = true;
    // Until the oldest flow has surely expired: the others may or may not have, which the model tells apart.
    const oldest = Math.min(...model.flows.map((flow) => flow.createdAt));
    await sleep(oldest + lifespan + safetyMargin(lifespan) - Date.now(), real.context.signal);
  }
  toString = () => 'LetFlowsExpire';
}

class Reauthenticate implements ModelCommand {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const actor = model.current;
    const session = await login(real.context.world.client, real.sessions[actor].identity, true);
    real.sessions[actor] = session;
    real.jars[actor] = session.jar;
    real.generations[actor] += 1;
    model.factors[actor].aal2 = { cookie: false, token: false };
  }
  toString = () => 'Reauthenticate';
}

class SwitchIdentity implements ModelCommand {
  check = () => true;
  async run(model: Model): Promise<void> {
    model.current = otherActor(model.current);
  }
  toString = () => 'SwitchIdentity';
}

/**
 * The second-factor actions the target offers. The model assumes settings ask AAL1 sessions of identities with a
 * second factor for AAL2; without the provisioned AAL2 fixture that is not known, so these actions are left out.
 */
function secondFactorActions(context: CaseContext): Array<readonly SecondFactorAction[]> {
  const { world } = context;
  // A second factor set up on a handed-over identity would change every later session of it.
  if (world.mfa === undefined || world.handedOver) return [];
  return [
    ...(world.methods.has('totp') ? [['totp-setup', 'totp-unlink'] as const] : []),
    ...(world.methods.has('lookup_secret') ? [['lookup-regenerate', 'lookup-reveal', 'lookup-confirm'] as const] : []),
  ];
}

/** Waiting is only cheap when flows live a few seconds (the default run against the embedded mock). */
const CHEAP_WAIT_MS = 3000;
/** A model run costs a few seconds (two identities, up to one wait), so it runs `runs / 8` times. */
const MODEL_RUNS_DIVISOR = 8;

export const MODEL_RUN: PropertyDefinition = {
  title: 'SF-MODEL: sequences of init, fetch, submit, expiry, re-authentication and identity switches behave as the model expects',
  unavailable: () => undefined,
  run(context) {
    const lifespan = context.world.options.flowLifespanMs;
    const canWait = lifespan + safetyMargin(lifespan) <= Math.min(CHEAP_WAIT_MS, context.world.options.maxWaitMs);
    const commands: Array<fc.Arbitrary<ModelCommand>> = [
      flowTypeArbitrary.map((type) => new InitFlow(type)),
      fc.tuple(fc.nat(7), clientArbitrary).map(([index, client]) => new FetchFlow(index, client)),
      fc.tuple(fc.nat(7), fc.constantFrom<'profile' | 'password'>('profile', 'password'), fc.constantFrom<'valid' | 'invalid'>('valid', 'invalid'), encodingArbitrary)
        .map(([index, method, input, encoding]) => new SubmitFlow(index, method, input, encoding)),
      fc.constant(new Reauthenticate()),
      fc.constant(new SwitchIdentity()),
      ...(canWait ? [fc.constant(new LetFlowsExpire())] : []),
    ];
    // One command per offered method, so a sequence often sets a factor up and then uses or removes it.
    for (const actions of secondFactorActions(context)) {
      commands.push(fc.tuple(fc.nat(7), fc.constantFrom(...actions), encodingArbitrary).map(([index, action, encoding]) => new SubmitSecondFactor(index, action, encoding)));
    }
    // A replay needs the recorded command choices too, or fast-check draws other commands at the same path.
    const arbitrary = fc.commands(commands, { maxCommands: 10, ...(context.replayPath !== undefined ? { replayPath: context.replayPath } : {}) });
    return runProperty(context, this.title, arbitrary, async (sequence) => {
      const a = await context.world.freshSession('model-a', true);
      const b = await context.world.freshSession('model-b', true);
      const real: Real = { context, sessions: { a, b }, generations: { a: 0, b: 0 }, jars: { a: a.jar, b: b.jar }, observations: [] };
      const model: Model = { current: 'a', flows: [], waited: false, factors: { a: noFactors(), b: noFactors() } };
      // Every sequence starts with one flow of each type, so fetches and submits have something to work on.
      await new InitFlow('api').run(model, real);
      await new InitFlow('browser').run(model, real);
      await fc.asyncModelRun(() => ({ model, real }), sequence);
      return real.observations;
    }, { numRuns: Math.max(1, Math.ceil(context.runs / MODEL_RUNS_DIVISOR)) });
  },
};
