/**
 * The mock's in-memory state: the records of mock/records.ts, bounded and swept. Pure: no HTTP framework here; time
 * and ids come from the injected clock and id generator.
 */
import { randomBytes } from 'node:crypto';
import {
  aalOf,
  type AuthenticationMethod,
  type ContinuityContainer,
  type Credential,
  type ErrorContainer,
  type Identity,
  type LoginFlow,
  type Session,
  type SettingsFlow,
} from './records.js';

export type * from './records.js';

export interface StoreOptions {
  clock: () => number;
  newId: () => string;
  /** How long an expired flow is kept so that it can still be answered with 410 before it is swept. */
  expiredFlowRetentionMs?: number;
  /** Upper bound per collection: the oldest entries are evicted first. */
  maxEntries?: number;
}

const DEFAULT_RETENTION_MS = 60 * 60 * 1000;
/** A stored settings flow takes 6–13 KB of heap (its UI nodes, a QR code): 5,000 keep the mock within 200 MB RSS. */
const DEFAULT_MAX_ENTRIES = 5_000;
const ERROR_RETENTION_MS = 60 * 60 * 1000;

export class MemoryStore {
  readonly now: () => number;
  readonly newId: () => string;
  private readonly retentionMs: number;
  private readonly maxEntries: number;
  private readonly identities = new Map<string, Identity>();
  private readonly sessions = new Map<string, Session>();
  private readonly sessionsByToken = new Map<string, string>();
  private readonly settingsFlows = new Map<string, SettingsFlow>();
  private readonly loginFlows = new Map<string, LoginFlow>();
  private readonly continuity = new Map<string, ContinuityContainer>();
  private readonly errors = new Map<string, ErrorContainer>();
  private readonly logoutTokens = new Map<string, { sessionId: string; expiresAt: number }>();

  constructor(options: StoreOptions) {
    this.now = options.clock;
    this.newId = options.newId;
    this.retentionMs = options.expiredFlowRetentionMs ?? DEFAULT_RETENTION_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  // Identities

  createIdentity(input: {
    id?: string;
    schemaId: string;
    traits: Record<string, unknown>;
    credentials?: Record<string, Credential>;
  }): Identity {
    const now = this.now();
    const identity: Identity = {
      id: input.id ?? this.newId(),
      schemaId: input.schemaId,
      traits: input.traits,
      state: 'active',
      metadataPublic: null,
      credentials: input.credentials ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.put(this.identities, identity.id, identity);
    return identity;
  }

  getIdentity(id: string): Identity | undefined {
    return this.identities.get(id);
  }

  listIdentities(): Identity[] {
    return [...this.identities.values()];
  }

  /** Replaces traits and credentials; updated_at moves on. */
  saveIdentity(identity: Identity): Identity {
    const saved = { ...identity, updatedAt: this.now() };
    this.identities.set(identity.id, saved);
    return saved;
  }

  deleteIdentity(id: string): boolean {
    for (const session of [...this.sessions.values()]) {
      if (session.identityId === id) this.deleteSession(session.id);
    }
    return this.identities.delete(id);
  }

  /** The identity owning a credential of this type with this identifier (case-insensitive, as Kratos lowercases). */
  findByIdentifier(type: string, identifier: string): Identity | undefined {
    const wanted = identifier.toLowerCase();
    for (const identity of this.identities.values()) {
      if (identity.credentials[type]?.identifiers.some((value) => value.toLowerCase() === wanted)) return identity;
    }
    return undefined;
  }

  newCredential(type: string, identifiers: string[], config: Record<string, unknown>): Credential {
    const now = this.now();
    return { type, identifiers, config, version: 0, createdAt: now, updatedAt: now };
  }

  // Sessions

  createSession(input: { identityId: string; lifespanMs: number; methods: AuthenticationMethod[] }): Session {
    const now = this.now();
    const session: Session = {
      id: this.newId(),
      token: `ory_st_${randomBytes(24).toString('base64url')}`,
      identityId: input.identityId,
      active: true,
      issuedAt: now,
      expiresAt: now + input.lifespanMs,
      authenticatedAt: now,
      aal: aalOf(input.methods),
      methods: input.methods,
    };
    this.put(this.sessions, session.id, session);
    this.sessionsByToken.set(session.token, session.id);
    return session;
  }

  /**
   * The active session for a token: active, not expired, and its identity active
   * (docs/kratos-behavior.md#session-lookup).
   */
  activeSessionByToken(token: string): Session | undefined {
    const id = this.sessionsByToken.get(token);
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session?.active || session.expiresAt <= this.now()) return undefined;
    if (this.identities.get(session.identityId)?.state !== 'active') return undefined;
    return session;
  }

  getSession(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Adds a completed authentication method; every completed method, first or second factor, refreshes authenticated_at. */
  addAuthenticationMethod(sessionId: string, method: AuthenticationMethod): Session | undefined {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    const methods = [...session.methods, method];
    const updated: Session = {
      ...session,
      methods,
      aal: aalOf(methods),
      authenticatedAt: method.completedAt,
    };
    this.sessions.set(sessionId, updated);
    return updated;
  }

  deleteSession(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.sessionsByToken.delete(session.token);
  }

  // Flows

  saveSettingsFlow(flow: SettingsFlow): SettingsFlow {
    this.put(this.settingsFlows, flow.id, flow);
    return flow;
  }

  getSettingsFlow(id: string): SettingsFlow | undefined {
    return this.settingsFlows.get(id);
  }

  saveLoginFlow(flow: LoginFlow): LoginFlow {
    this.put(this.loginFlows, flow.id, flow);
    return flow;
  }

  getLoginFlow(id: string): LoginFlow | undefined {
    return this.loginFlows.get(id);
  }

  // Continuity and error containers

  saveContinuity(input: Omit<ContinuityContainer, 'id'>): ContinuityContainer {
    const container = { ...input, id: this.newId() };
    this.put(this.continuity, container.id, container);
    return container;
  }

  /** The container if it exists and has not expired. */
  getContinuity(id: string): ContinuityContainer | undefined {
    const container = this.continuity.get(id);
    return container && container.expiresAt > this.now() ? container : undefined;
  }

  deleteContinuity(id: string): void {
    this.continuity.delete(id);
  }

  saveError(error: unknown): ErrorContainer {
    const container = { id: this.newId(), error, createdAt: this.now() };
    this.put(this.errors, container.id, container);
    return container;
  }

  getError(id: string): ErrorContainer | undefined {
    return this.errors.get(id);
  }

  newLogoutToken(sessionId: string, lifespanMs: number): string {
    const token = randomBytes(24).toString('base64url');
    this.put(this.logoutTokens, token, { sessionId, expiresAt: this.now() + lifespanMs });
    return token;
  }

  /** The session id a valid logout token was issued for; the token is used up. */
  takeLogoutToken(token: string): string | undefined {
    const entry = this.logoutTokens.get(token);
    this.logoutTokens.delete(token);
    return entry && entry.expiresAt > this.now() ? entry.sessionId : undefined;
  }

  /** Drops expired sessions and containers, and flows that expired longer than the retention period ago. */
  sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.deleteSession(id);
    for (const [id, flow] of this.settingsFlows) if (flow.expiresAt + this.retentionMs <= now) this.settingsFlows.delete(id);
    for (const [id, flow] of this.loginFlows) if (flow.expiresAt + this.retentionMs <= now) this.loginFlows.delete(id);
    for (const [id, container] of this.continuity) if (container.expiresAt <= now) this.continuity.delete(id);
    for (const [id, container] of this.errors) if (container.createdAt + ERROR_RETENTION_MS <= now) this.errors.delete(id);
    for (const [token, entry] of this.logoutTokens) if (entry.expiresAt <= now) this.logoutTokens.delete(token);
  }

  /** Entry counts, for tests that check memory stays bounded. */
  sizes(): Record<string, number> {
    return {
      identities: this.identities.size,
      sessions: this.sessions.size,
      settingsFlows: this.settingsFlows.size,
      loginFlows: this.loginFlows.size,
      continuity: this.continuity.size,
      errors: this.errors.size,
      logoutTokens: this.logoutTokens.size,
    };
  }

  private put<T>(map: Map<string, T>, id: string, value: T): void {
    map.delete(id);
    map.set(id, value);
    while (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      if (map === (this.sessions as Map<string, unknown>)) this.deleteSession(oldest);
      else map.delete(oldest);
    }
  }
}
