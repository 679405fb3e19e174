import { setTimeout as sleep } from 'node:timers/promises';
import { settingsRouteOf } from '../faults/fault.js';
import type { Variant } from './variant.js';

/** Well below the suite's safety margin on lifespans (250 ms), as a loaded server behind a proxy might be. */
const DELAYS_MS = [40, 120, 80];

export const slowAnswers: Variant = {
  name: 'slow-answers',
  description: 'Every settings response is delayed by 40-120 ms after it is decided.',
  allowedBy: 'HTTP has no latency bound; the suite is told lifespans (docs/kratos-behavior.md#defaults), not response times',
  apply: ({ server }) => {
    let count = 0;
    server.ext('onPreResponse', async (request, h) => {
      if (settingsRouteOf(request) === undefined) return h.continue;
      count += 1;
      await sleep(DELAYS_MS[count % DELAYS_MS.length] ?? 0);
      return h.continue;
    });
  },
};
