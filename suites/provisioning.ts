/**
 * What the suite learns about the target before testing it, and the sessions and flows it makes up front: the
 * enabled methods (from the flow's node groups), the identity schema's traits (from the traits.* nodes), aged
 * sessions and expired flows (created together, then one wait), an AAL1 session of an identity with TOTP. The result
 * is the run's fact sheet, fixed from then on.
 */
import { formatDuration } from '../spec/duration.js';
import { SETTINGS_CELLS } from '../spec/operations.js';
import { JSON_CLIENT } from './arbitraries.js';
import type { Answer } from './client.js';
import { logOut } from './handed-over.js';
import { TraitMaker, readIdentitySchema } from './identities.js';
import { expectBrowserInit, expectNativeInit } from './oracle.js';
import type { Provisioner } from './provisioner.js';
import { SessionUnavailable, aal2Session, browserOnlySession, primaryLogin, proofOf, type UnavailableKinds } from './session-kinds.js';
import { ProvisioningError, browserLogin, flowIdOf, setUpTotp, type Identity, type Session } from './sessions.js';
import { safetyMargin, sleep, spelledDuration } from './timing.js';
import { nodesOf } from './ui-nodes.js';
import type { MfaFixture, NotApplicable, ProvisioningRefusal, TargetFacts } from './target-facts.js';

/** The cells provisioning leaves untested, gathered as it goes (the first reason given for a cell is the one kept). */
interface Untested {
  notApplicable: NotApplicable[];
  notReached: NotApplicable[];
}

/** What the settings flows of the primary identity show about the target. */
interface Discovered {
  methods: ReadonlySet<string>;
  oidcProvider: string | undefined;
  publicBaseUrl: string;
  refusals: ProvisioningRefusal[];
}

export async function provision(provisioner: Provisioner): Promise<TargetFacts> {
  const { options, client, handedOver } = provisioner;
  handedOver?.assertEnough();
  await probe(provisioner);
  const traitMaker = new TraitMaker(options.seed, await readIdentitySchema(client, provisioner.schemaId));
  provisioner.learned(traitMaker, {});
  const untested: Untested = { notApplicable: [], notReached: [] };
  const { primary, unavailable } = await primarySession(provisioner, untested);
  provisioner.learned(traitMaker, unavailable);
  // The primary login said which kinds of session the target gives; what follows is independent of each other and
  // made side by side, so a slow network costs the longest chain, not the sum. Only the TOTP setup waits for discovery.
  const other = handedOver ? provisioner.handedOverSession(handedOver.other, true) : provisioner.freshSession('other', true);
  const revoked = revokedSession(provisioner);
  const secondFactor = secondFactorLogin(provisioner, unavailable);
  const toAge = sessionsToAge(provisioner, unavailable);
  const sideSteps = [other, revoked, secondFactor, toAge];
  for (const step of sideSteps) step.catch(() => undefined);
  // On failure the steps beside it end first, so that cleanup sees every identity they made.
  const discovered = await discover(provisioner, primary, unavailable).catch(async (error: unknown) => {
    await Promise.allSettled(sideSteps);
    throw error;
  });
  const mfa = discovered.methods.has('totp')
    ? mfaFixture(provisioner, secondFactor, untested)
    : Promise.resolve(
        secondFactorUntested(
          'the target offers no totp method, so no identity can have the second factor the AAL2 checks need; enable selfservice.methods.totp on the test instance',
          untested.notApplicable,
        ),
      );
  const [otherSession, revokedSessionOrNone, mfaOrNone, agedSessions] = await Promise.all([other, revoked, mfa, toAge]);
  const oidcUntested = oidcReason(discovered, handedOver !== undefined);
  if (oidcUntested !== undefined)
    untested.notApplicable.push({
      requirement: 'SF-UPDATE-422-OIDC',
      operationId: 'updateSettingsFlow',
      status: 422,
      reason: oidcUntested,
    });
  const aged = await ageSessionsAndFlows(provisioner, [primary, ...Object.values(agedSessions)], untested);
  return Object.freeze({
    methods: discovered.methods,
    identifierTrait: traitMaker.identifierTrait,
    cookieNames: primary.cookieNames ?? { session: 'ory_kratos_session', csrf: [] },
    traitMaker,
    publicBaseUrl: discovered.publicBaseUrl,
    oidcProvider: discovered.oidcProvider,
    primary,
    other: otherSession,
    mfa: mfaOrNone,
    revoked: revokedSessionOrNone,
    expiredFlows: aged.expiredFlows,
    primaryIsUnprivileged: aged.primaryIsUnprivileged,
    agedSessions,
    notApplicable: untested.notApplicable,
    notReached: untested.notReached,
    refusals: discovered.refusals,
    unavailable,
  });
}

async function probe(provisioner: Provisioner): Promise<void> {
  const { options } = provisioner;
  const probing = provisioner.clientFor(options.target, Math.min(options.timeoutMs, 5000), options.headers);
  const answer = await probing.send({ method: 'GET', url: '/self-service/settings/api', headers: { accept: 'application/json' } });
  if (answer.status === 0)
    throw new ProvisioningError(
      `target ${options.target} is unreachable: ${answer.exchange.response.error ?? 'no response'}`,
      answer.exchange,
    );
}

/**
 * The primary login decides which kinds of session the target gives: without one, cases needing it are skipped and
 * the cells they alone reach stay not_reached, each with the reason.
 */
async function primarySession(provisioner: Provisioner, untested: Untested): Promise<{ primary: Session; unavailable: UnavailableKinds }> {
  const identity = provisioner.handedOver?.primary ?? (await provisioner.newIdentity('primary'));
  const { session, unavailable } = await primaryLogin(provisioner.client, identity, (step) => provisioner.retried(step));
  await provisioner.handedOver?.remember(provisioner.client, session);
  for (const reason of Object.values(unavailable)) {
    for (const cell of SETTINGS_CELLS)
      untested.notReached.push({ requirement: 'SF-INIT-SUCCESS', operationId: cell.operationId, status: cell.status, reason });
  }
  return { primary: session, unavailable };
}

/**
 * A settings endpoint refusing the session a login just gave is the target's fault, not the run's: it is kept as a
 * refusal (checked like any answer) and discovery goes on with the other flow type. Only no answer, or both types
 * refused, stops the run.
 */
async function discover(provisioner: Provisioner, session: Session, unavailable: UnavailableKinds): Promise<Discovered> {
  const discovered: Discovered = { methods: new Set(), oidcProvider: undefined, publicBaseUrl: provisioner.options.target, refusals: [] };
  const methods = new Set<string>();
  // Without a native session only the browser flow is discovered. Some groups (webauthn) appear on browser flows only
  // (docs/kratos-behavior.md#nodes-webauthn).
  const [native, browser] = await Promise.all([
    unavailable.native === undefined ? provisioner.createFlow(session, 'api') : undefined,
    provisioner.provisioningFlow(session, 'browser'),
  ]);
  const situation = { session: 'valid' as const, client: JSON_CLIENT, returnTo: 'none' as const };
  const created = (answer: Answer | undefined): answer is Answer =>
    answer !== undefined && answer.status === 200 && flowIdOf(answer.json) !== undefined;
  for (const answer of [native, browser]) {
    if (answer?.status === 0)
      throw new ProvisioningError(
        `a settings flow could not be created: ${answer.exchange.request.method} ${answer.exchange.request.url} got no answer: ${answer.exchange.response.error ?? 'no response'}`,
        answer.exchange,
      );
  }
  if (native !== undefined && !created(native))
    discovered.refusals.push({ operationId: 'createNativeSettingsFlow', answer: native, expectation: expectNativeInit(situation) });
  if (!created(browser))
    discovered.refusals.push({ operationId: 'createBrowserSettingsFlow', answer: browser, expectation: expectBrowserInit(situation) });
  if (!created(native) && !created(browser)) return discovered;
  const flow = created(native) ? native.json : browser.json;
  for (const node of nodesOf(browser.json)) if (node.group !== undefined && node.group !== 'default') methods.add(node.group);
  for (const node of nodesOf(flow)) {
    if (node.group !== undefined && node.group !== 'default') methods.add(node.group);
    const name = node.attributes['name'];
    if (node.group === 'oidc' && name === 'link' && typeof node.attributes['value'] === 'string' && discovered.oidcProvider === undefined) {
      discovered.oidcProvider = node.attributes['value'];
    }
  }
  const action = (flow as { ui?: { action?: unknown } }).ui?.action;
  const base = typeof action === 'string' ? /^(https?:\/\/.+?)\/self-service\/settings(\?|$)/.exec(action)?.[1] : undefined;
  return { ...discovered, methods, ...(base !== undefined ? { publicBaseUrl: base } : {}) };
}

/** Why linking a provider cannot be tested on this target, if it cannot. */
function oidcReason(discovered: Discovered, handedOver: boolean): string | undefined {
  if (handedOver && discovered.methods.has('oidc')) {
    return 'linking a provider would change a handed-over identity for good; give the admin API (--admin-url) so the suite can use identities of its own';
  }
  if (!discovered.methods.has('oidc'))
    return 'the target offers no oidc method to link a provider with; enable selfservice.methods.oidc with a provider on the test instance';
  if (discovered.oidcProvider === undefined) return 'the oidc method offers no provider to link; configure one on the test instance';
  return undefined;
}

/** A session whose identity was deleted (or, without the admin API, that was logged out): valid once, no more. */
async function revokedSession(provisioner: Provisioner): Promise<Session | undefined> {
  const session = await provisioner.freshSession('revoked', true);
  if (provisioner.handedOver) return (await logOut(provisioner.client, session)) ? session : undefined;
  return (await provisioner.deleteIdentity(session.identity.id)) ? session : undefined;
}

/**
 * Sessions that age with the primary ones, for cases that re-authenticate them. One login each, as a password hash
 * costs the target: a native session, and a browser session whose token goes unused.
 */
async function sessionsToAge(provisioner: Provisioner, unavailable: UnavailableKinds): Promise<TargetFacts['agedSessions']> {
  if (provisioner.handedOver) return {};
  const browserOnly = async (identity: Identity): Promise<Session> => {
    const { jar, cookieNames } = await browserLogin(provisioner.client, identity);
    return browserOnlySession(identity, jar, cookieNames, 'this session was made for browser flows: its native token is not used');
  };
  const [api, browser] = await Promise.all([
    unavailable.native === undefined
      ? provisioner.newIdentity('aged-api').then((identity) => provisioner.retried(() => provisioner.login(identity, false)))
      : undefined,
    unavailable.browser === undefined
      ? provisioner.newIdentity('aged-browser').then((identity) => provisioner.retried(() => browserOnly(identity)))
      : undefined,
  ]);
  return { ...(api ? { api } : {}), ...(browser ? { browser } : {}) };
}

function secondFactorUntested(reason: string, list: NotApplicable[]): undefined {
  list.push(
    { requirement: 'SF-AAL2-REQUIRED', operationId: 'createBrowserSettingsFlow', status: 403, reason },
    { requirement: 'SF-AAL2-REQUIRED', operationId: 'createNativeSettingsFlow', status: 403, reason },
  );
  return undefined;
}

/**
 * The identity that gets TOTP and its first login, made before discovery says whether TOTP is offered (an identity
 * left unused is deleted with the rest). What fails here is told by mfaFixture, as the second factor's.
 */
async function secondFactorLogin(
  provisioner: Provisioner,
  unavailable: UnavailableKinds,
): Promise<{ identity: Identity; setupSession: Session }> {
  const identity = provisioner.handedOver?.secondFactor ?? (await provisioner.newIdentity('mfa'));
  // Without native sessions the setup goes through a browser settings flow.
  const withBrowser = unavailable.native !== undefined;
  return { identity, setupSession: await provisioner.retried(() => provisioner.login(identity, withBrowser)) };
}

async function mfaFixture(
  provisioner: Provisioner,
  started: ReturnType<typeof secondFactorLogin>,
  untested: Untested,
): Promise<MfaFixture | undefined> {
  const { client, handedOver, options } = provisioner;
  try {
    const { identity, setupSession } = await started;
    if (handedOver) await handedOver.remember(client, setupSession);
    const secret = await provisioner.retried(() => setUpTotp(client, proofOf(setupSession)));
    if (handedOver) handedOver.totpSecret = secret;
    if (options.requiredAal === 'aal1')
      return secondFactorUntested('declared --required-aal aal1: an AAL1 session is enough for settings', untested.notApplicable);
    // Both sessions come after the setup; the AAL1 one and the AAL2 one are independent of each other.
    const [aal1, aal2] = await Promise.all([
      provisioner.retried(() => provisioner.login(identity, true)),
      provisioner.retried(() => aal2Session(client, identity, secret, provisioner.unavailable)),
    ]);
    const [api, browser] = (
      await Promise.all([provisioner.provisioningFlow(aal2, 'api'), provisioner.provisioningFlow(aal2, 'browser')])
    ).map((answer) => flowIdOf(answer.json));
    if (api === undefined || browser === undefined) throw new ProvisioningError('an AAL2 session could not create settings flows');
    return { aal1, flows: { api, browser } };
  } catch (error) {
    if (!(error instanceof ProvisioningError) && !(error instanceof SessionUnavailable)) throw error;
    // The target offers TOTP, so these cells apply: they were not reached, which keeps the verdict from passing.
    return secondFactorUntested(`could not provision an AAL1 session of an identity with TOTP: ${error.message}`, untested.notReached);
  }
}

/** Creates the flows that must expire, then waits once for them and for the sessions (the primary first) to lose privilege. */
async function ageSessionsAndFlows(
  provisioner: Provisioner,
  [primary, ...others]: [Session, ...Session[]],
  untested: Untested,
): Promise<Pick<TargetFacts, 'expiredFlows' | 'primaryIsUnprivileged'>> {
  const { flowLifespanMs, privilegedMaxAgeMs, maxWaitMs, signal } = provisioner.options;
  const flowWait = flowLifespanMs + safetyMargin(flowLifespanMs);
  const privilegeWait = privilegedMaxAgeMs + safetyMargin(privilegedMaxAgeMs);
  const waitFlows = flowWait <= maxWaitMs;
  const waitPrivilege = privilegeWait <= maxWaitMs;
  const tooLong = (what: string, wait: number, setting: string) =>
    `${what} needs a wait of ${spelledDuration(wait)}, longer than --max-wait ${formatDuration(maxWaitMs)}; raise --max-wait or give the test instance a shorter ${setting}`;
  const expiryUntested = (reason: string, list: NotApplicable[]) =>
    list.push(
      { requirement: 'SF-GET-410-EXPIRED', operationId: 'getSettingsFlow', status: 410, reason },
      { requirement: 'SF-UPDATE-410-EXPIRED', operationId: 'updateSettingsFlow', status: 410, reason },
    );
  if (!waitFlows) expiryUntested(tooLong('an expired flow', flowWait, 'selfservice.flows.settings.lifespan'), untested.notApplicable);
  if (!waitPrivilege) {
    const reason = tooLong('an unprivileged session', privilegeWait, 'selfservice.flows.settings.privileged_session_max_age');
    untested.notApplicable.push({ requirement: 'SF-PRIVILEGED', operationId: 'updateSettingsFlow', status: 403, reason });
  }
  const start = Date.now();
  let expiredFlows: TargetFacts['expiredFlows'];
  if (waitFlows) {
    const [api, browser] = (
      await Promise.all([provisioner.provisioningFlow(primary, 'api'), provisioner.provisioningFlow(primary, 'browser')])
    ).map((answer) => flowIdOf(answer.json));
    if (api !== undefined && browser !== undefined) expiredFlows = { api, browser };
    else expiryUntested('the primary identity could not create the flows that are left to expire', untested.notReached);
  }
  const youngest = Math.max(primary.authenticatedAt, ...others.map((session) => session.authenticatedAt));
  const until = Math.max(waitFlows ? start + flowWait : 0, waitPrivilege ? youngest + privilegeWait : 0);
  if (until > Date.now()) await sleep(until - Date.now(), signal);
  return { expiredFlows, primaryIsUnprivileged: waitPrivilege };
}
