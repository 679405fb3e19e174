/**
 * Where Kratos and its documentation disagree (docs/kratos-behavior.md#doc-errors), the documented behaviour this mock
 * does not show.
 */
import { answerWith, asObject, errorIdOf, jsonBody, onSettingsResponse, rewriteBody, settingsRouteOf } from '../faults/fault.js';
import type { Variant } from './variant.js';

export const sessionInactiveOnFlows: Variant = {
  name: 'session-inactive-on-flows',
  description: 'The 401 of /flows and submit carries error.id session_inactive, as the API reference documents.',
  allowedBy: 'docs/kratos-behavior.md#doc-no-session-id (the documentation says session_inactive; Kratos sends no id)',
  apply: ({ server }) =>
    onSettingsResponse(server, ['getSettingsFlow', 'updateSettingsFlow'], (response) => {
      if (response.statusCode !== 401) return;
      rewriteBody(response, (body) => {
        const error = asObject(body['error']);
        if (error && error['id'] === undefined) error['id'] = 'session_inactive';
      });
    }),
};

export const unauthenticatedBrowser401: Variant = {
  name: 'unauthenticated-browser-401',
  description: 'Browser navigation without a session to /flows or submit gets 401 with the error envelope instead of a 302 to login.',
  allowedBy:
    'https://www.ory.sh/docs/kratos/self-service/flows/user-settings "401 No active session"; docs/kratos-behavior.md#doc-no-session-id (Kratos redirects with 302)',
  apply: ({ server }) =>
    server.ext('onPreResponse', (request, h) => {
      const route = settingsRouteOf(request);
      const response = request.response;
      if ((route !== 'getSettingsFlow' && route !== 'updateSettingsFlow') || (response as { isBoom?: boolean }).isBoom) return h.continue;
      if ((response as { statusCode: number }).statusCode !== 302) return h.continue;
      const body = {
        error: {
          id: 'session_inactive',
          code: 401,
          status: 'Unauthorized',
          reason: 'No active session was found in this request.',
          message: 'request does not have a valid authentication session',
        },
      };
      return h.response(body).code(401).type('application/json').header('Vary', 'Cookie');
    }),
};

export const expiredFetchWithErrorId: Variant = {
  name: 'expired-fetch-with-error-id',
  description: 'Fetching an expired flow answers 410 with error.id self_service_flow_expired.',
  allowedBy: "docs/kratos-behavior.md#doc-expired-get-flow (the submit's 410 shape, which the documentation gives for expiry in general)",
  apply: ({ server }) =>
    onSettingsResponse(server, ['getSettingsFlow'], (response) => {
      if (response.statusCode !== 410) return;
      rewriteBody(response, (body) => {
        const error = asObject(body['error']);
        if (error) error['id'] = 'self_service_flow_expired';
      });
    }),
};

export const returnToForbiddenAsIdentityMismatch: Variant = {
  name: 'return-to-forbidden-as-identity-mismatch',
  description: 'A forbidden return_to is refused with error.id security_identity_mismatch (403), as the API reference documents.',
  allowedBy:
    'https://www.ory.sh/docs/kratos/reference/api#tag/frontend/operation/createBrowserSettingsFlow "security_identity_mismatch: The requested ?return_to address is not allowed"; docs/kratos-behavior.md#doc-return-to-id',
  apply: ({ server }) =>
    onSettingsResponse(server, ['createBrowserSettingsFlow', 'createNativeSettingsFlow'], (response) => {
      if (errorIdOf(jsonBody(response)) !== 'self_service_flow_return_to_forbidden') return;
      answerWith(response, 403);
      rewriteBody(response, (body) => {
        const error = asObject(body['error']);
        if (error) error['id'] = 'security_identity_mismatch';
      });
    }),
};
