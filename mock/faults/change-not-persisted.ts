/** Faults where a change is reported as saved but the write is lost: the identity is put back after the response. */
import { authenticate } from '../context.js';
import type { Identity } from '../store.js';
import { settingsRouteOf, type Fault } from './fault.js';

export function lostWrite(
  name: string,
  description: string,
  breaks: readonly string[],
  restore: (current: Identity, before: Identity) => Identity,
): Fault {
  return {
    name,
    description,
    breaks,
    apply: ({ server, mock }) => {
      server.ext('onPreHandler', (request, h) => {
        if (settingsRouteOf(request) !== 'updateSettingsFlow') return h.continue;
        const auth = authenticate(mock, request);
        if (auth) (request.app as { identityBefore?: Identity }).identityBefore = structuredClone(auth.identity);
        return h.continue;
      });
      server.ext('onPostHandler', (request, h) => {
        const before = (request.app as { identityBefore?: Identity }).identityBefore;
        const current = before ? mock.store.getIdentity(before.id) : undefined;
        if (before && current) mock.store.saveIdentity(restore(current, before));
        return h.continue;
      });
    },
  };
}
