/**
 * The model of the model-based run: what two identities' flows and second factors should be, and the real side the
 * commands act on. Situations the oracle needs are read from the model; the commands keep it up to date.
 */
import type fc from 'fast-check';
import type { CookieJar } from '../cookies.js';
import type { CaseContext } from '../harness.js';
import type { FlowIdSituation, FlowType, SessionSituation } from '../oracle.js';
import type { Observation } from '../recorder.js';
import type { Session } from '../sessions.js';
import { safetyMargin } from '../timing.js';

export type Actor = 'a' | 'b';

export interface ModelFlow {
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
export type Channel = 'cookie' | 'token';

export interface ActorFactors {
  totp: boolean;
  lookupCodes: boolean;
  /** Which of the actor's two sessions reached AAL2 (by setting a second factor up with it). */
  aal2: Record<Channel, boolean>;
}

export interface Model {
  current: Actor;
  flows: ModelFlow[];
  waited: boolean;
  factors: Record<Actor, ActorFactors>;
}

export interface Real {
  context: CaseContext;
  sessions: Record<Actor, Session>;
  generations: Record<Actor, number>;
  jars: Record<Actor, CookieJar | undefined>;
  observations: Observation[];
}

export type ModelCommand = fc.AsyncCommand<Model, Real>;

export const noFactors = (): ActorFactors => ({ totp: false, lookupCodes: false, aal2: { cookie: false, token: false } });

export const otherActor = (actor: Actor): Actor => (actor === 'a' ? 'b' : 'a');

/** How a command names the flow it acted on and who acted: `identity B on A's api flow 3f2a1b9c…`. */
export function describeFlow(flow: ModelFlow, actor: Actor): string {
  return `identity ${actor.toUpperCase()} on ${flow.owner.toUpperCase()}'s ${flow.type} flow ${flow.id.slice(0, 8)}…`;
}

/** The flow a command addresses by its drawn index, if there is one. */
export function flowAt(model: Model, index: number): ModelFlow | undefined {
  return model.flows[index % model.flows.length];
}

export function channelOf(real: Real, actor: Actor, type: FlowType): Channel {
  return type === 'browser' && real.jars[actor] ? 'cookie' : 'token';
}

/**
 * The actor's session as the oracle sees it: once the identity has a second factor, an AAL1 session is asked for AAL2
 * (docs/kratos-behavior.md#aal, required_aal highest_available); otherwise valid or unprivileged, or undefined on the
 * privilege edge.
 */
export function sessionSituation(real: Real, model: Model, type: FlowType): SessionSituation | undefined {
  const actor = model.current;
  const factors = model.factors[actor];
  if ((factors.totp || factors.lookupCodes) && !factors.aal2[channelOf(real, actor, type)]) return 'aal1-needs-aal2';
  return real.context.provisioner.privilegeOf(real.sessions[actor]);
}

/** Valid, or asked for AAL2: what an init or a fetch depends on (privilege does not matter to them). */
export function aalSituation(real: Real, model: Model, type: FlowType): 'aal1-needs-aal2' | 'valid' {
  return sessionSituation(real, model, type) === 'aal1-needs-aal2' ? 'aal1-needs-aal2' : 'valid';
}

/** A token minted before the actor's latest login no longer matches the actor's CSRF cookie. */
export function csrfSituationOf(real: Real, actor: Actor, flow: ModelFlow): 'wrong' | 'valid' {
  return flow.owner === actor && flow.generation !== real.generations[actor] ? 'wrong' : 'valid';
}

/**
 * own / other-identity / expired for a flow now, or undefined on a clock edge. A fetch checks the identity before
 * expiry, a submit expiry before the identity (docs/kratos-behavior.md#get-flow,
 * docs/kratos-behavior.md#submit).
 */
export function flowSituation(real: Real, model: Model, flow: ModelFlow, operation: 'fetch' | 'submit'): FlowIdSituation | undefined {
  const foreign = flow.owner !== model.current;
  if (foreign && operation === 'fetch') return 'other-identity';
  const lifespan = real.context.provisioner.options.flowLifespanMs;
  const age = Date.now() - flow.createdAt;
  if (age > lifespan + safetyMargin(lifespan)) return 'expired';
  if (age >= lifespan - real.context.provisioner.marginBefore(lifespan)) return undefined;
  return foreign ? 'other-identity' : 'own';
}
