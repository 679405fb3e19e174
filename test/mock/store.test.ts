import { expect } from 'chai';
import { MemoryStore } from '../../mock/store.js';
import { harness, store } from './harness.js';

function newStore(options: { maxEntries?: number; retentionMs?: number } = {}) {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  let next = 0;
  const store = new MemoryStore({
    clock: () => clock.now,
    newId: () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    ...(options.retentionMs !== undefined ? { expiredFlowRetentionMs: options.retentionMs } : {}),
  });
  return { store, clock };
}

function settingsFlow(store: MemoryStore, identityId: string, expiresAt: number) {
  const id = store.newId();
  return store.saveSettingsFlow({
    id,
    type: 'api',
    issuedAt: expiresAt - 1000,
    expiresAt,
    requestUrl: 'http://x/self-service/settings/api',
    identityId,
    state: 'show_form',
    ui: { nodes: [], messages: [] },
    actionFlowId: id,
    internalContext: {},
  });
}

describe('mock: in-memory store', () => {
  it('uses the injected id generator and clock', () => {
    const { store, clock } = newStore();
    const identity = store.createIdentity({ schemaId: 'default', traits: { email: 'a@example.com' } });
    expect(identity.id).to.equal('00000000-0000-4000-8000-000000000001');
    expect(identity.createdAt).to.equal(clock.now);
  });

  it('a session stops being active when it expires (docs/kratos-behavior.md#session-lookup)', () => {
    const { store, clock } = newStore();
    const identity = store.createIdentity({ schemaId: 'default', traits: {} });
    const session = store.createSession({
      identityId: identity.id,
      lifespanMs: 1000,
      methods: [{ method: 'password', aal: 'aal1', completedAt: clock.now }],
    });
    expect(store.activeSessionByToken(session.token)?.id).to.equal(session.id);
    clock.now += 1000;
    expect(store.activeSessionByToken(session.token)).to.equal(undefined);
  });

  it('a session of an inactive identity is not active (docs/kratos-behavior.md#session-lookup)', () => {
    const { store, clock } = newStore();
    const identity = store.createIdentity({ schemaId: 'default', traits: {} });
    const session = store.createSession({
      identityId: identity.id,
      lifespanMs: 1000,
      methods: [{ method: 'password', aal: 'aal1', completedAt: clock.now }],
    });
    store.saveIdentity({ ...identity, state: 'inactive' });
    expect(store.activeSessionByToken(session.token)).to.equal(undefined);
  });

  // Every completed method is an authentication event, second factors included:
  // https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/session/manager_http.go#L450-L453
  it('an aal2 method raises the session AAL; any completed method refreshes authenticated_at', () => {
    const { store, clock } = newStore();
    const identity = store.createIdentity({ schemaId: 'default', traits: {} });
    const session = store.createSession({
      identityId: identity.id,
      lifespanMs: 60_000,
      methods: [{ method: 'password', aal: 'aal1', completedAt: clock.now }],
    });
    clock.now += 5000;
    const upgraded = store.addAuthenticationMethod(session.id, { method: 'totp', aal: 'aal2', completedAt: clock.now });
    expect(upgraded?.aal).to.equal('aal2');
    expect(upgraded?.authenticatedAt).to.equal(clock.now);
    clock.now += 5000;
    const refreshed = store.addAuthenticationMethod(session.id, { method: 'password', aal: 'aal1', completedAt: clock.now });
    expect(refreshed?.authenticatedAt).to.equal(clock.now);
  });

  it('sweep drops expired sessions, and flows only after the retention period', () => {
    const { store, clock } = newStore({ retentionMs: 10_000 });
    const identity = store.createIdentity({ schemaId: 'default', traits: {} });
    store.createSession({ identityId: identity.id, lifespanMs: 1000, methods: [] });
    const flow = settingsFlow(store, identity.id, clock.now + 1000);
    clock.now += 2000;
    store.sweep();
    expect(store.sizes()['sessions']).to.equal(0);
    expect(store.getSettingsFlow(flow.id), 'expired flow kept for its 410').to.not.equal(undefined);
    clock.now += 10_000;
    store.sweep();
    expect(store.getSettingsFlow(flow.id)).to.equal(undefined);
  });

  it('each collection is capped, evicting the oldest entries', () => {
    const { store, clock } = newStore({ maxEntries: 3 });
    const identity = store.createIdentity({ schemaId: 'default', traits: {} });
    const flows = Array.from({ length: 5 }, () => settingsFlow(store, identity.id, clock.now + 1000));
    expect(store.sizes()['settingsFlows']).to.equal(3);
    expect(store.getSettingsFlow(flows[0]!.id)).to.equal(undefined);
    expect(store.getSettingsFlow(flows[4]!.id)).to.not.equal(undefined);
  });

  it('the running mock sweeps expired flows and sessions as its clock moves on', async () => {
    const h = await harness({ flowLifespanMs: 1000 });
    const mockStore = store(h);
    const identity = mockStore.createIdentity({ schemaId: 'default', traits: {} });
    mockStore.createSession({ identityId: identity.id, lifespanMs: 1000, methods: [] });
    settingsFlow(mockStore, identity.id, h.clock.now + 1000);
    h.advance(2 * 60 * 60 * 1000);
    await h.inject({ method: 'GET', url: '/health/ready' });
    expect(mockStore.sizes()['sessions']).to.equal(0);
    expect(mockStore.sizes()['settingsFlows']).to.equal(0);
  });
});
