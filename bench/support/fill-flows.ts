/**
 * Child process of the memory bench (run with --expose-gc). Creates native settings flows through the mock's routes
 * (server.inject) for an identity with TOTP set up and an AAL2 session, its clock stepping `stepMs` per flow so that
 * flows expire and the periodic sweep runs; then reports RSS and heap after a full GC and the store's entry counts.
 * (TOTP is set up so flows show the unlink button: drawing a QR code per flow would make 100,000 flows take minutes.)
 */
import { init, mockContextOf } from '../../mock/index.js';

export interface FillReport {
  flows: number;
  stepMs: number;
  baselineRssBytes: number;
  rssBytes: number;
  /** The highest RSS of the process, garbage included. */
  peakRssBytes: number;
  heapUsedBytes: number;
  storeSizes: Record<string, number>;
}

const FLOWS = 100_000;
const SESSION_LIFESPAN_MS = 1_000 * 3_600_000;

function collect(): NodeJS.MemoryUsage {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage();
}

process.on('disconnect', () => process.exit(0));
const stepMs = Number(process.argv[2]);
const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
const server = await init({ clock: () => clock.now, log: () => {} });
const store = mockContextOf(server).store;
const created = await server.inject({
  method: 'POST',
  url: '/admin/identities',
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify({ schema_id: 'default', traits: { email: 'memory@example.com' } }),
});
if (created.statusCode !== 201) throw new Error(`identity: ${created.payload}`);
const identity = store.getIdentity((JSON.parse(created.payload) as { id: string }).id)!;
store.saveIdentity({
  ...identity,
  credentials: {
    ...identity.credentials,
    totp: store.newCredential('totp', [identity.id], { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
  },
});
const session = store.createSession({
  identityId: identity.id,
  lifespanMs: SESSION_LIFESPAN_MS,
  methods: [
    { method: 'password', aal: 'aal1', completedAt: clock.now },
    { method: 'totp', aal: 'aal2', completedAt: clock.now },
  ],
});
const headers = { accept: 'application/json', 'x-session-token': session.token };
const baseline = collect();

for (let index = 0; index < FLOWS; index += 1) {
  clock.now += stepMs;
  const response = await server.inject({ method: 'GET', url: '/self-service/settings/api', headers });
  if (response.statusCode !== 200) throw new Error(`flow ${index}: ${response.statusCode} ${response.payload.slice(0, 300)}`);
  // server.inject resolves on microtasks only: let the event loop reach its check phase, where hapi lets go of requests.
  if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setImmediate(resolve));
const after = collect();
const report: FillReport = {
  flows: FLOWS,
  stepMs,
  baselineRssBytes: baseline.rss,
  rssBytes: after.rss,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  heapUsedBytes: after.heapUsed,
  storeSizes: store.sizes(),
};
process.send?.(report, () => process.exit(0));
