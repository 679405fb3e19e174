import { missingCheck } from './skipped-check.js';

export const expiredFlowReadable = missingCheck(
  'expired-flow-readable',
  'GET /self-service/settings/flows returns an expired flow with 200.',
  ['SF-GET-410-EXPIRED'],
  'flow-expiry-on-fetch',
);
