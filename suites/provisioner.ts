/**
 * What the cases ask the target for while they run: identities, fresh sessions (made ahead when that hides a slow
 * network), logins and flows; the clients, the secrets they saw and the clock margins near an edge. What was learned
 * about the target before testing is the fact sheet provisioning.ts returns.
 */
import type { RecordedExchange } from '../reporters/report.js';
import { TargetClient, type Answer, type TransportStats } from './client.js';
import type { CookieJar } from './cookies.js';
import { HandedOverIdentities } from './handed-over.js';
import { TraitMaker } from './identities.js';
import { Secrets, parseHeaderLine } from './secrets.js';
import { login, type UnavailableKinds } from './session-kinds.js';
import { ProvisioningError, createIdentity, deleteIdentity, type Identity, type Session } from './sessions.js';
import { safetyMargin } from './timing.js';
import type { ProvisioningOptions } from './target-facts.js';

const CLEANUP_CONCURRENCY = 8;

/** Sessions are made ahead only when they stay privileged for minutes: a prefetched one waits a little. */
const MIN_PRIVILEGE_FOR_PREFETCH_MS = 60_000;

/** How many of the latest exchanges the margin before an edge looks at. */
const RECENT_EXCHANGES = 20;

export class Provisioner {
  readonly client: TargetClient;
  readonly admin: TargetClient;
  readonly transport: TransportStats = { retriedRequests: 0, failedRequests: 0 };
  /** Everything secret the run was given or obtained: redacted from every output. */
  readonly secrets = new Secrets();
  /** Set when the run uses pre-created identities (--identity) instead of the admin API. */
  readonly handedOver: HandedOverIdentities | undefined;
  /** What the run could not leave as it found it, said at the end. */
  readonly notices: string[] = [];
  /** Traits of new identities and profile updates; the identity schema's once provisioning has read it. */
  private traitMaker = new TraitMaker(0, undefined);
  /** The kinds of session the primary login could not get: later logins go without them. */
  private unavailableKinds: Readonly<UnavailableKinds> = {};
  private identityCounter = 0;
  private readonly prefetched: Array<Promise<Session>> = [];
  private readonly pending: Array<Promise<Session>> = [];
  /** The identity schema new identities get (--schema-id). */
  readonly schemaId: string;
  private readonly recentDurations: number[] = [];
  private readonly createdIdentities: string[] = [];

  constructor(readonly options: ProvisioningOptions) {
    this.schemaId = options.schemaId ?? 'default';
    const given = options.identities ?? [];
    this.handedOver = given.length > 0 ? new HandedOverIdentities(given) : undefined;
    for (const identity of given) this.secrets.add(identity.password);
    this.client = this.clientFor(options.target, options.timeoutMs, options.headers);
    this.admin = this.clientFor(options.adminUrl, options.timeoutMs, options.adminHeaders);
    this.secrets.addUserinfo(options.target);
    this.secrets.addUserinfo(options.adminUrl);
  }

  /** What provisioning learned that shapes later identities and logins: the schema's traits, the missing session kinds. */
  learned(traitMaker: TraitMaker, unavailable: Readonly<UnavailableKinds>): void {
    this.traitMaker = traitMaker;
    this.unavailableKinds = unavailable;
  }

  /** The kinds of session the primary login found the target does not give. */
  get unavailable(): Readonly<UnavailableKinds> {
    return this.unavailableKinds;
  }

  clientFor(baseUrl: string, timeoutMs: number, headerLines: readonly string[] = []): TargetClient {
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
    return new TargetClient({
      baseUrl,
      timeoutMs,
      headers,
      onExchange,
      ...transport,
      ...(signal ? { signal } : {}),
      ...(tls ? { tls } : {}),
    });
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

  /** Deletes an identity the run created before the end (a revoked session's); false when the target refused. */
  async deleteIdentity(id: string): Promise<boolean> {
    if (!(await deleteIdentity(this.admin, id))) return false;
    this.createdIdentities.splice(this.createdIdentities.indexOf(id), 1);
    return true;
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
    // Its failure surfaces when it is taken; until then, Node must not count it as an unhandled rejection and exit.
    session.catch(() => {});
    this.pending.push(session);
    return session;
  }

  /**
   * Repeats a provisioning step whose request got no answer (a dropped connection), as often as requests are
   * retried: a login is a new flow each time, and an identity created twice comes back as 409 and a new identifier.
   */
  async retried<T>(step: () => Promise<T>): Promise<T> {
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
    return login(this.client, identity, withBrowser, this.unavailableKinds);
  }

  /** A session of a handed-over identity, remembered so the run can put the identity back as it found it. */
  async handedOverSession(identity: Identity, withBrowser: boolean): Promise<Session> {
    const session = await this.login(identity, withBrowser);
    await this.handedOver?.remember(this.client, session);
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

  /**
   * A flow provisioning needs, made with the credential the target gives: the browser's cookie stands in for a missing
   * native token (Kratos reads the session from either:
   * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/session/manager_http.go#L225-L246),
   * the token for a missing cookie.
   */
  provisioningFlow(session: Session, type: 'api' | 'browser'): Promise<Answer> {
    if (type === 'api' && this.unavailableKinds.native !== undefined) {
      return this.client.send({
        method: 'GET',
        url: '/self-service/settings/api',
        headers: { accept: 'application/json' },
        ...(session.jar ? { jar: session.jar } : {}),
      });
    }
    return this.createFlow(session, type, type === 'browser' && this.unavailableKinds.browser === undefined ? 'cookie' : 'token');
  }

  /** Creates a settings flow of a type; a browser flow with the session's cookie jar unless told to use the token. */
  async createFlow(session: Session, type: 'api' | 'browser', transport: 'cookie' | 'token' = 'token', jar?: CookieJar): Promise<Answer> {
    if (type === 'api') {
      return this.client.send({
        method: 'GET',
        url: '/self-service/settings/api',
        headers: { accept: 'application/json', 'x-session-token': session.token },
      });
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
    if (this.handedOver) this.notices.push(...(await this.handedOver.restore(this.client, this.unavailableKinds)));
    // A few deletions at a time: over a slow network one after another would add a round trip per identity.
    const ids = this.createdIdentities.splice(0);
    const deleteNext = async (): Promise<void> => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) await deleteIdentity(this.admin, id);
    };
    await Promise.all(Array.from({ length: CLEANUP_CONCURRENCY }, deleteNext));
  }
}
