import { asObject, nodesOf, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

/** Validation failures go through the generic error path, losing the flow and its form. */
export const validationAsErrorEnvelope: Fault = {
  name: 'validation-as-error-envelope',
  description: 'Invalid input answers 400 with an error envelope instead of the flow carrying the messages.',
  breaks: ['SF-UPDATE-400-VALIDATION'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      if (response.statusCode !== 400) return;
      rewriteBody(response, (body) => {
        if (!('ui' in body)) return;
        const listed = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
        const messages = [
          ...listed(asObject(body['ui'])?.['messages']),
          ...(nodesOf(body) ?? []).flatMap((node) => listed(node['messages'])),
        ];
        const first = asObject(messages[0]);
        return {
          error: {
            code: 400,
            status: 'Bad Request',
            message: 'The request was malformed or contained invalid parameters',
            reason: String(first?.['text'] ?? 'validation failed'),
          },
        };
      });
    }),
};
