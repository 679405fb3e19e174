import type { ServerRoute } from '@hapi/hapi';

export const isReady: ServerRoute = {
  method: 'GET',
  path: '/health/ready',
  options: { id: 'isReady' },
  handler: (_request, h) => h.response({ status: 'ok' }).type('application/json; charset=utf-8'),
};
