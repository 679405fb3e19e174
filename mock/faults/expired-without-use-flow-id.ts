import { errorIdOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const expiredWithoutUseFlowId: Fault = {
  name: 'expired-without-use-flow-id',
  description: 'self_service_flow_expired on submit does not name the replacement flow (use_flow_id missing).',
  breaks: ['SF-UPDATE-410-EXPIRED'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      rewriteBody(response, (body) => {
        if (errorIdOf(body) === 'self_service_flow_expired') delete body['use_flow_id'];
      });
    }),
};
