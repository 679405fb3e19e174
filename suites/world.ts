/**
 * What the suite learns about the target before testing it, and the sessions and flows it provisions up front:
 * the enabled methods (from the flow's node groups), the identity schema's traits (from the traits.* nodes), aged
 * sessions and expired flows (created together, then one wait), an AAL1 session of an identity with TOTP.
 */
import { TargetClient, type Answer, type TransportStats } from './client.js';
import { Secrets, parseHeaderLine } from './secrets.js';
import { TraitMaker, readIdentitySchema } from './identities.js';
import { HandedOverIdentities, logOut } from './handed-over.js';
import type { RecordedExchange } from '../reporters/report.js';
import { JSON_CLIENT } from './arbitraries.js';
import { expectBrowserInit, expectNativeInit } from './oracle.js';
import { CookieJar } from './cookies.js';
import { nodesOf } from './ui-nodes.js';
import { ProvisioningError, createIdentity, deleteIdentity, flowIdOf, nativeLogin, setUpTotp, upgradeToAal2, type CookieNames, type Identity, type Session } from './sessions.js';
import { SessionUnavailable, login, primaryLogin, type UnavailableKinds } from './session-kinds.js';
import { formatDuration } from '../spec/duration.js';
import { SETTINGS_CELLS } from '../spec/operations.js';
import { safetyMargin, sleep, spelledDuration } from './timing.js';
import type { MfaFixture, NotApplicable, ProvisioningRefusal, WorldOptions } from './world-facts.js';

const CLEANUP_CONCURRENCY = 4;

/** Sessions are made ahead only when they stay privileged for minutes: a prefetched one waits a little. */
const MIN_PRIVILEGE_FOR_PREFETCH_MS = 60_000;

/** How many of the latest exchanges the margin before an edge looks at. */
const RECENT_EXCHANGES = 20;

export class World {
  readonly client: TargetClient;
  readonly admin: TargetClient;
  readonly methods = new Set<string>();
  identifierTrait = 'email';
  /** Discovered at the primary browser login. */
  cookieNames: CookieNames = { session: 'ory_kratos_session', csrf: [] };
  /** Traits of new identities and profile updates, from the target's identity schema. */
  traitMaker = new TraitMaker(0, undefined);
  /** The base URL the target calls itself (from ui.action); behind a proxy it differs from the URL we test. */
  publicBaseUrl: string;
  oidcProvider: string | undefined;
  primary!: Session;
  other!: Session;
  mfa: MfaFixture | undefined;
  /** A session (token and cookie) whose identity was deleted: it was valid once and is no more. */
  revoked: Session | undefined;
  expiredFlows: { api: string; browser: string } | undefined;
  /** The primary sessions are older than the privileged max age. */
  primaryIsUnprivileged = false;
  readonly notApplicable: NotApplicable[] = [];
  /** Cells a part of provisioning that failed would have been tested in, with why: they stay not_reached. */
  readonly notReached: NotApplicable[] = [];
  readonly refusals: ProvisioningRefusal[] = [];
  /** The kinds of session the primary login could not get, with why: later logins go without them. */
  readonly unavailable: UnavailableKinds = {};
  readonly transport: TransportStats = { retriedRequests: 0, failedRequests: 0 };
  private identityCounter = 0;
  private readonly prefetched: Array<Promise<Session>> = [];
  private readonly pending: Array<Promise<Session>> = [];
  private readonly schemaId: string;
  /** Set when the run uses pre-created identities (--identity) instead of the admin API. */
  readonly handedOver: HandedOverIdentities | undefined;
  /** What the run could not leave as it found it, said at the end. */
  readonly notices: string[] = [];
  private readonly recentDurations: number[] = [];
  private readonly createdIdentities: string[] = [];

  /** Everything secret the run was given or obtained: redacted from every output. */
  readonly secrets = new Secrets();

  constructor(readonly options: WorldOptions) {
    this.publicBaseUrl = options.target;
    this.schemaId = options.schemaId ?? 'default';
    const given = options.identities ?? [];
    this.handedOver = given.length > 0 ? new HandedOverIdentities(given) : undefined;
    for (const identity of given) this.secrets.add(identity.password);
    this.client = this.clientFor(options.target, options.timeoutMs, options.headers);
    this.admin = this.clientFor(options.adminUrl, options.timeoutMs, options.adminHeaders);
    this.secrets.addUserinfo(options.target);
    this.secrets.addUserinfo(options.adminUrl);
  }

  private clientFor(baseUrl: string, timeoutMs: number, headerLines: readonly string[] = []): TargetClient {
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const header = parseHeaderLine(line);
      if (!header) continue;
      headers[header.name] = header.value;
      this.secrets.addHeaderValue(header.value);
    }
    const { signal, tls } = this.options;
    const onExchange = (exchange: RecordedExchange) => {
      this.secrets.collectFrom(exchange);
      this.recentDurations.push(exchange.durationMs);
      if (this.recentDurations.length > RECENT_EXCHANGES) this.recentDurations.shift();
    };
    const transport = { retries: this.options.retries ?? 0, stats: this.transport };
    return new TargetClient({ baseUrl, timeoutMs, headers, onExchange, ...transport, ...(signal ? { signal } : {}), ...(tls ? { tls } : {}) });
  }

  /**
   * An identity with traits and a password derived from the seed and a counter, so the same seed gives the same data.
   * A 409 (a previous run with this seed left the identity behind) moves on to other identifiers.
   */
  async newIdentity(label: string): Promise<Identity> {
    this.identityCounter += 1;
    const password = `Pw-${this.options.seed.toString(36)}-${this.identityCounter}-k7Q!x9z`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { traits, identifier } = this.traitMaker.traits(`${this.identityCounter}-${label}${attempt === 0 ? '' : `-r${attempt}`}`);
      const created = await this.retried(() => createIdentity(this.admin, this.schemaId, traits, password));
      if ('conflict' in created) continue;
      this.createdIdentities.push(created.id);
      return { id: created.id, traits, identifier, password };
    }
    throw new ProvisioningError('the admin API refused to create a test identity three times with 409 Conflict');
  }

  /** Valid traits for a profile update, with identifiers no identity has yet. */
  profileUpdate(): { traits: Record<string, unknown>; identifier: string } {
    this.identityCounter += 1;
    return this.traitMaker.traits(`${this.identityCounter}-profile`);
  }

  async freshSession(label: string, withBrowser: boolean): Promise<Session> {
    if (this.handedOver) return this.handedOverSession(this.handedOver.nextForFreshSession(), withBrowser);
    if (!this.prefetches()) {
      const identity = await this.newIdentity(label);
      return this.retried(() => this.login(identity, withBrowser));
    }
    // A prefetched session has a browser cookie as well as its token; one that was not asked for goes unused.
    const next = this.prefetched.shift() ?? this.prefetch(label);
    while (this.prefetched.length < (this.options.prefetchSessions ?? 0)) this.prefetched.push(this.prefetch(label));
    return next;
  }

  /**
   * Over a slow network most of a submit case is getting its fresh session (an identity, two logins). Sessions made
   * ahead, while cases run, hide that wait, as long as they stay privileged long after they are made.
   */
  private prefetches(): boolean {
    return (this.options.prefetchSessions ?? 0) > 0 && this.options.privilegedMaxAgeMs >= MIN_PRIVILEGE_FOR_PREFETCH_MS;
  }

  private prefetch(label: string): Promise<Session> {
    const session = this.newIdentity(label).then((identity) => this.retried(() => this.login(identity, true)));
    this.pending.push(session);
    return session;
  }

  /**
   * Repeats a provisioning step whose request got no answer (a dropped connection), as often as requests are
   * retried: a login is a new flow each time, and an identity created twice comes back as 409 and a new identifier.
   */
  private async retried<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await step();
      } catch (error) {
        const noAnswer = error instanceof ProvisioningError && error.exchange?.response.status === 0;
        if (!noAnswer || attempt >= (this.options.retries ?? 0) || this.options.signal?.aborted) throw error;
        this.transport.retriedRequests += 1;
      }
    }
  }

  /** A native and a browser login, without the kinds the primary login found unavailable. */
  login(identity: Identity, withBrowser: boolean): Promise<Session> {
    return login(this.client, identity, withBrowser, this.unavailable);
  }

  /**
   * The primary login decides which kinds of session the target gives: without one, cases needing it are skipped and
   * the cells they alone reach stay not_reached, each with the reason.
   */
  private async primaryLogin(identity: Identity): Promise<Session> {
    const { session, unavailable } = await primaryLogin(this.client, identity, (step) => this.retried(step));
    Object.assign(this.unavailable, unavailable);
    for (const reason of Object.values(unavailable)) {
      for (const cell of SETTINGS_CELLS) this.notReached.push({ requirement: 'SF-INIT-SUCCESS', operationId: cell.operationId, status: cell.status, reason });
    }
    return session;
  }

  private async handedOverSession(identity: Identity, withBrowser: boolean): Promise<Session> {
    const session = await this.login(identity, withBrowser);
    await this.handedOver!.remember(this.client, session);
    return session;
  }

  /**
   * Whether a submit of this method may run on a fresh session: on handed-over identities only the changes the
   * suite can put back (traits and password), since a second factor or a linked provider would change what every
   * later session of that identity must do.
   */
  maySubmitOnFreshSession(method: string): boolean {
    return !this.handedOver || method === 'profile' || method === 'password' || method === 'unknown';
  }

  /**
   * How long before an edge (the privileged max age, a flow's lifespan) something still counts as before it: the
   * target judges when a request arrives, a few round trips after the suite decided (login, a preparing submit, the
   * submit), and under load those take long. So the margin grows with the slowest recent exchange, up to a quarter of
   * the edge, so that short lifespans leave time that counts as before it. Past an edge no such margin is needed: the
   * target's clock started earlier than ours.
   */
  marginBefore(edgeMs: number): number {
    return Math.max(safetyMargin(edgeMs), Math.min(3 * Math.max(0, ...this.recentDurations), edgeMs / 4));
  }

  /** Whether a session is privileged now: 'valid', 'unprivileged', or undefined too close to the edge to tell. */
  privilegeOf(session: Session): 'valid' | 'unprivileged' | undefined {
    const maxAge = this.options.privilegedMaxAgeMs;
    const age = Date.now() - session.authenticatedAt;
    if (age < maxAge - this.marginBefore(maxAge)) return 'valid';
    if (age > maxAge + safetyMargin(maxAge)) return 'unprivileged';
    return undefined;
  }

  async provision(): Promise<void> {
    this.handedOver?.assertEnough();
    await this.probe();
    this.traitMaker = new TraitMaker(this.options.seed, await readIdentitySchema(this.client, this.schemaId));
    this.identifierTrait = this.traitMaker.identifierTrait;
    if (this.handedOver) this.primary = await this.handedOverSession(this.handedOver.primary, true);
    else {
      this.primary = await this.primaryLogin(await this.newIdentity('primary'));
    }
    if (this.primary.cookieNames) this.cookieNames = this.primary.cookieNames;
    await this.discover(this.primary);
    // Independent of each other: made side by side, so a slow network costs their longest, not their sum.
    const other = this.handedOver ? this.handedOverSession(this.handedOver.other, true) : this.freshSession('other', true);
    const revoked = this.provisionRevokedSession();
    const mfa = this.methods.has('totp') ? this.provisionMfa() : Promise.resolve(this.secondFactorUntested('the target offers no totp method, so no identity can have the second factor the AAL2 checks need; enable selfservice.methods.totp on the test instance'));
    const [otherSession] = await Promise.all([other, revoked, mfa]);
    this.other = otherSession;
    if (this.handedOver && this.methods.has('oidc')) {
      this.notApplicable.push({ requirement: 'SF-UPDATE-422-OIDC', operationId: 'updateSettingsFlow', status: 422, reason: 'linking a provider would change a handed-over identity for good; give the admin API (--admin-url) so the suite can use identities of its own' });
    } else if (!this.methods.has('oidc')) this.notApplicable.push({ requirement: 'SF-UPDATE-422-OIDC', operationId: 'updateSettingsFlow', status: 422, reason: 'the target offers no oidc method to link a provider with; enable selfservice.methods.oidc with a provider on the test instance' });
    else if (this.oidcProvider === undefined) this.notApplicable.push({ requirement: 'SF-UPDATE-422-OIDC', operationId: 'updateSettingsFlow', status: 422, reason: 'the oidc method offers no provider to link; configure one on the test instance' });
    await this.ageSessionsAndFlows();
  }

  private async provisionRevokedSession(): Promise<void> {
    const session = await this.freshSession('revoked', true);
    // Without the admin API a logged-out session stands in: it was valid once and is no more.
    if (this.handedOver) {
      if (await logOut(this.client, session)) this.revoked = session;
      return;
    }
    if (await deleteIdentity(this.admin, session.identity.id)) {
      this.createdIdentities.splice(this.createdIdentities.indexOf(session.identity.id), 1);
      this.revoked = session;
    }
  }

  private secondFactorUntested(reason: string, list: NotApplicable[] = this.notApplicable): void {
    list.push(
      { requirement: 'SF-AAL2-REQUIRED', operationId: 'createBrowserSettingsFlow', status: 403, reason },
      { requirement: 'SF-AAL2-REQUIRED', operationId: 'createNativeSettingsFlow', status: 403, reason },
    );
  }

  private async probe(): Promise<void> {
    const probe = this.clientFor(this.options.target, Math.min(this.options.timeoutMs, 5000), this.options.headers);
    const answer = await probe.send({ method: 'GET', url: '/self-service/settings/api', headers: { accept: 'application/json' } });
    if (answer.status === 0) throw new ProvisioningError(`target ${this.options.target} is unreachable: ${answer.exchange.response.error ?? 'no response'}`, answer.exchange);
  }

  /**
   * A settings endpoint refusing the session a login just gave is the target's fault, not the run's: it is kept as a
   * refusal (checked like any answer) and discovery goes on with the other flow type. Only no answer, or both types
   * refused, stops the run.
   */
  private async discover(session: Session): Promise<void> {
    // Without a native session only the browser flow is discovered.
    const native = this.unavailable.native === undefined ? await this.createFlow(session, 'api') : undefined;
    // Some groups (webauthn) appear on browser flows only (docs/kratos-behavior.md#nodes-webauthn).
    const browser = await this.provisioningFlow(session, 'browser');
    const situation = { session: 'valid' as const, client: JSON_CLIENT, returnTo: 'none' as const };
    const created = (answer: Answer | undefined): answer is Answer => answer !== undefined && answer.status === 200 && flowIdOf(answer.json) !== undefined;
    for (const answer of [native, browser]) {
      if (answer?.status === 0) throw new ProvisioningError(`a settings flow could not be created: ${answer.exchange.request.method} ${answer.exchange.request.url} got no answer: ${answer.exchange.response.error ?? 'no response'}`, answer.exchange);
    }
    if (native !== undefined && !created(native)) this.refusals.push({ operationId: 'createNativeSettingsFlow', answer: native, expectation: expectNativeInit(situation) });
    if (!created(browser)) this.refusals.push({ operationId: 'createBrowserSettingsFlow', answer: browser, expectation: expectBrowserInit(situation) });
    if (!created(native) && !created(browser)) return;
    const flow = created(native) ? native.json : browser.json;
    for (const node of nodesOf(browser.json)) if (node.group !== undefined && node.group !== 'default') this.methods.add(node.group);
    for (const node of nodesOf(flow)) {
      if (node.group !== undefined && node.group !== 'default') this.methods.add(node.group);
      const name = node.attributes['name'];
      if (node.group === 'oidc' && name === 'link' && typeof node.attributes['value'] === 'string' && this.oidcProvider === undefined) {
        this.oidcProvider = node.attributes['value'];
      }
    }
    const action = (flow as { ui?: { action?: unknown } }).ui?.action;
    const base = typeof action === 'string' ? /^(https?:\/\/.+?)\/self-service\/settings(\?|$)/.exec(action)?.[1] : undefined;
    if (base !== undefined) this.publicBaseUrl = base;
  }

  private async provisionMfa(): Promise<void> {
    try {
      const identity = this.handedOver?.secondFactor ?? await this.newIdentity('mfa');
      const setupSession = await this.retried(() => this.login(identity, false));
      if (this.handedOver) await this.handedOver.remember(this.client, setupSession);
      const secret = await this.retried(() => setUpTotp(this.client, setupSession));
      if (this.handedOver) this.handedOver.totpSecret = secret;
      const aal1 = await this.retried(() => this.login(identity, true));
      if (this.options.requiredAal === 'aal1') {
        this.secondFactorUntested('declared --required-aal aal1: an AAL1 session is enough for settings');
        return;
      }
      const aal2Token = await this.retried(async () => upgradeToAal2(this.client, (await nativeLogin(this.client, identity)).token, secret));
      const aal2: Session = { identity, token: aal2Token, authenticatedAt: Date.now() };
      const api = flowIdOf((await this.createFlow(aal2, 'api')).json);
      const browser = flowIdOf((await this.createFlow(aal2, 'browser', 'token')).json);
      if (api === undefined || browser === undefined) throw new ProvisioningError('an AAL2 session could not create settings flows');
      this.mfa = { aal1, flows: { api, browser } };
    } catch (error) {
      if (!(error instanceof ProvisioningError) && !(error instanceof SessionUnavailable)) throw error;
      // The target offers TOTP, so these cells apply: they were not reached, which keeps the verdict from passing.
      const reason = `could not provision an AAL1 session of an identity with TOTP: ${error.message}`;
      this.secondFactorUntested(reason, this.notReached);
    }
  }

  /** Creates the flows that must expire, then waits once for them and for the primary sessions to lose privilege. */
  private async ageSessionsAndFlows(): Promise<void> {
    const { flowLifespanMs, privilegedMaxAgeMs, maxWaitMs } = this.options;
    const flowWait = flowLifespanMs + safetyMargin(flowLifespanMs);
    const privilegeWait = privilegedMaxAgeMs + safetyMargin(privilegedMaxAgeMs);
    const waitFlows = flowWait <= maxWaitMs;
    const waitPrivilege = privilegeWait <= maxWaitMs;
    const tooLong = (what: string, wait: number, setting: string) =>
      `${what} needs a wait of ${spelledDuration(wait)}, longer than --max-wait ${formatDuration(maxWaitMs)}; raise --max-wait or give the test instance a shorter ${setting}`;
    if (!waitFlows) {
      const reason = tooLong('an expired flow', flowWait, 'selfservice.flows.settings.lifespan');
      this.notApplicable.push(
        { requirement: 'SF-GET-410-EXPIRED', operationId: 'getSettingsFlow', status: 410, reason },
        { requirement: 'SF-UPDATE-410-EXPIRED', operationId: 'updateSettingsFlow', status: 410, reason },
      );
    }
    if (!waitPrivilege) this.notApplicable.push({ requirement: 'SF-PRIVILEGED', operationId: 'updateSettingsFlow', status: 403, reason: tooLong('an unprivileged session', privilegeWait, 'selfservice.flows.settings.privileged_session_max_age') });
    const start = Date.now();
    if (waitFlows) {
      const api = flowIdOf((await this.provisioningFlow(this.primary, 'api')).json);
      const browser = flowIdOf((await this.provisioningFlow(this.primary, 'browser')).json);
      if (api !== undefined && browser !== undefined) this.expiredFlows = { api, browser };
      else {
        const reason = 'the primary identity could not create the flows that are left to expire';
        this.notReached.push(
          { requirement: 'SF-GET-410-EXPIRED', operationId: 'getSettingsFlow', status: 410, reason },
          { requirement: 'SF-UPDATE-410-EXPIRED', operationId: 'updateSettingsFlow', status: 410, reason },
        );
      }
    }
    const until = Math.max(waitFlows ? start + flowWait : 0, waitPrivilege ? this.primary.authenticatedAt + privilegeWait : 0);
    if (until > Date.now()) await sleep(until - Date.now(), this.options.signal);
    this.primaryIsUnprivileged = waitPrivilege;
  }

  /**
   * A flow provisioning needs, made with the credential the target gives: the browser's cookie stands in for a missing
   * native token (Kratos reads the session from either:
   * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/session/manager_http.go#L225-L246),
   * the token for a missing cookie.
   */
  private provisioningFlow(session: Session, type: 'api' | 'browser'): Promise<Answer> {
    if (type === 'api' && this.unavailable.native !== undefined) {
      return this.client.send({ method: 'GET', url: '/self-service/settings/api', headers: { accept: 'application/json' }, ...(session.jar ? { jar: session.jar } : {}) });
    }
    return this.createFlow(session, type, type === 'browser' && this.unavailable.browser === undefined ? 'cookie' : 'token');
  }

  /** Creates a settings flow of a type; a browser flow with the session's cookie jar unless told to use the token. */
  async createFlow(session: Session, type: 'api' | 'browser', transport: 'cookie' | 'token' = 'token', jar?: CookieJar): Promise<Answer> {
    if (type === 'api') {
      return this.client.send({ method: 'GET', url: '/self-service/settings/api', headers: { accept: 'application/json', 'x-session-token': session.token } });
    }
    const useCookie = transport === 'cookie' && session.jar !== undefined;
    return this.client.send({
      method: 'GET',
      url: '/self-service/settings/browser',
      headers: { accept: 'application/json', ...(useCookie ? {} : { 'x-session-token': session.token }) },
      ...(useCookie || jar ? { jar: jar ?? session.jar } : {}),
    });
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
    this.prefetched.splice(0);
    if (this.handedOver) this.notices.push(...await this.handedOver.restore(this.client));
    // A few deletions at a time: over a slow network one after another would add a round trip per identity.
    const ids = this.createdIdentities.splice(0);
    const deleteNext = async (): Promise<void> => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) await deleteIdentity(this.admin, id);
    };
    await Promise.all(Array.from({ length: CLEANUP_CONCURRENCY }, deleteNext));
  }
}

