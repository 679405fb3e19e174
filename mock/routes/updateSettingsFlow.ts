import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { updateSettings } from '../settings/submit.js';

/**
 * POST submits; GET is the continuation after re-authentication (docs/kratos-behavior.md#routes). The body is decoded
 * by the mock.
 */
export const updateSettingsFlow: ServerRoute[] = [
  {
    method: 'POST',
    path: '/self-service/settings',
    options: { id: 'updateSettingsFlow', payload: { parse: false, output: 'data' } },
    handler: (request, h) => updateSettings(contextOf(request), request, h),
  },
  {
    method: 'GET',
    path: '/self-service/settings',
    options: { id: 'updateSettingsFlowContinuation' },
    handler: (request, h) => updateSettings(contextOf(request), request, h),
  },
];
