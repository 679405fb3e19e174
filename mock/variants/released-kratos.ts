/** Behaviour of released Kratos versions, and the documented alternative where the OIDC strategy skips a check. */
import { authenticate, headerOf } from '../context.js';
import { decodeBody } from '../http/body.js';
import { isJsonRequest } from '../http/negotiation.js';
import { ensureCsrf, forwardError } from '../settings/guards.js';
import { asObject, onSettingsResponse, rewriteBody, settingsRouteOf } from '../faults/fault.js';
import type { Variant } from './variant.js';

export const noOrganizationId: Variant = {
  name: 'no-organization-id',
  description: 'Settings flows carry no organization_id, as released Kratos up to v26.2.0 sends them.',
  allowedBy:
    'https://github.com/ory/kratos/blob/v26.2.0/selfservice/flow/settings/flow.go (the flow has no organization_id field); the official document has it optional',
  apply: ({ server }) =>
    onSettingsResponse(
      server,
      ['createBrowserSettingsFlow', 'createNativeSettingsFlow', 'getSettingsFlow', 'updateSettingsFlow'],
      (response) => {
        rewriteBody(response, (body) => {
          if (asObject(body['ui']) && 'organization_id' in body) delete body['organization_id'];
        });
      },
    ),
};

export const oidcLinkCsrfChecked: Variant = {
  name: 'oidc-link-csrf-checked',
  description:
    'An OIDC link or unlink from a browser flow with a missing or wrong csrf_token is refused with 403 security_csrf_violation, like every other method.',
  allowedBy:
    'https://www.ory.sh/docs/kratos/self-service/flows/user-settings "csrf_token: CSRF token from the flow (required for browser flows)"; Kratos itself skips the check for OIDC (https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/oidc/strategy_settings.go#L315-L382)',
  apply: ({ server, mock }) =>
    server.ext('onPreHandler', (request, h) => {
      if (settingsRouteOf(request) !== 'updateSettingsFlow' || request.method !== 'post' || !authenticate(mock, request)) return h.continue;
      const flowId = request.query['flow'];
      const flow = typeof flowId === 'string' ? mock.store.getSettingsFlow(flowId) : undefined;
      const body = decodeBody(request.payload as Buffer | undefined, headerOf(request, 'content-type'));
      if (flow?.type !== 'browser' || body['method'] !== 'oidc' || flow.expiresAt <= mock.now()) return h.continue;
      try {
        ensureCsrf(mock, request, 'browser', body);
      } catch (error) {
        return forwardError(mock, h, error as Parameters<typeof forwardError>[2], isJsonRequest(request.headers)).takeover();
      }
      return h.continue;
    }),
};
