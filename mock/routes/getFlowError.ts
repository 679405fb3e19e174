import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { errors } from '../errors.js';

/** `GET /self-service/errors?id=`: the error a browser was sent to the error UI with. */
export const getFlowError: ServerRoute = {
  method: 'GET',
  path: '/self-service/errors',
  options: { id: 'getFlowError' },
  handler: (request, h) => {
    const ctx = contextOf(request);
    const id = request.query['id'];
    const container = typeof id === 'string' ? ctx.store.getError(id) : undefined;
    if (!container) throw errors.resourceNotLocated();
    return h
      .response({ id: container.id, error: container.error, created_at: new Date(container.createdAt).toISOString() })
      .type('application/json; charset=utf-8');
  },
};
