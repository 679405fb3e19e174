import type { ServerRoute } from '@hapi/hapi';
import { contextOf } from '../context.js';
import { rfc3339 } from '../settings/flow.js';

/** The outbox: every code the mock sent, newest first, as Kratos's admin API lists courier messages (`?recipient=`). */
export const listCourierMessages: ServerRoute = {
  method: 'GET',
  path: '/admin/courier/messages',
  options: { id: 'listCourierMessages' },
  handler: (request, h) => {
    const ctx = contextOf(request);
    const recipient = typeof request.query['recipient'] === 'string' ? request.query['recipient'] : undefined;
    const messages = ctx.flows.listMessages(recipient).map((message) => ({
      id: message.id,
      status: 'sent',
      type: 'email',
      channel: 'email',
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      template_type: message.templateType,
      send_count: 1,
      created_at: rfc3339(message.createdAt),
      updated_at: rfc3339(message.createdAt),
      dispatches: [],
    }));
    return h.response(messages).type('application/json; charset=utf-8');
  },
};
