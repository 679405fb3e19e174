import { ALL_SETTINGS_ROUTES, onSettingsResponse } from '../faults/fault.js';
import type { Variant } from './variant.js';

export const extraHeaders: Variant = {
  name: 'extra-headers',
  description: 'Responses carry headers a proxy or framework adds (Server, Strict-Transport-Security, X-Request-Id, Link, ...).',
  allowedBy: 'https://www.rfc-editor.org/rfc/rfc9110#section-5.1: recipients ignore header fields they do not recognise',
  apply: ({ server }) =>
    onSettingsResponse(server, ALL_SETTINGS_ROUTES, (response) => {
      response.header('Server', 'identity-gateway/2.3');
      response.header('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
      response.header('X-Request-Id', 'b1946ac9-2f4e-4bd1-9c3a-6f0a3e0c8d5e');
      response.header('X-Content-Type-Options', 'nosniff');
      response.header('Link', '</.well-known/ory/webauthn.js>; rel=preload; as=script');
      response.header('Vary', 'Origin', { append: true });
    }),
};
