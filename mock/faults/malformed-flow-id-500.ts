import { errors } from '../errors.js';
import { settingsRouteOf, type Fault } from './fault.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The flow id goes straight into a UUID parser whose exception is not handled. */
export const malformedFlowId500: Fault = {
  name: 'malformed-flow-id-500',
  description: 'A submit with a missing or malformed ?flow= crashes with 500 instead of answering 400.',
  breaks: ['SF-UPDATE-FLOW-ID'],
  apply: ({ server }) =>
    server.ext('onPreHandler', (request, h) => {
      if (settingsRouteOf(request) !== 'updateSettingsFlow' || request.method !== 'post') return h.continue;
      const flow = request.query['flow'];
      if (typeof flow === 'string' && UUID.test(flow)) return h.continue;
      throw errors.internal(
        `uuid: incorrect UUID length ${typeof flow === 'string' ? flow.length : 0} in string ${JSON.stringify(flow ?? '')}`,
      );
    }),
};
