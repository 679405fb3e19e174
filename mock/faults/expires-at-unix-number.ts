import { ALL_SETTINGS_ROUTES, onSettingsResponse, rewriteBody, type Fault } from './fault.js';

export const expiresAtUnixNumber: Fault = {
  name: 'expires-at-unix-number',
  description: 'expires_at and issued_at are Unix seconds (numbers) instead of RFC 3339 date-time strings.',
  breaks: ['SF-SCHEMA'],
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      rewriteBody(response, (body) => {
        for (const field of ['expires_at', 'issued_at']) {
          const value = body[field];
          if (typeof value === 'string' && 'ui' in body) body[field] = Math.floor(Date.parse(value) / 1000);
        }
      });
    }),
};
