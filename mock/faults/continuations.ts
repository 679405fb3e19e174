/** Faults in where an answer sends the client next. */
import { randomUUID } from 'node:crypto';
import { asObject, headerValue, jsonBody, onSettingsResponse, rewriteBody, rewriteLocation, type Fault } from './fault.js';
import { addressedFlow } from './request-rewrite.js';

/** The replacement flow is made up for the answer but never saved. */
export const useFlowIdNeverStored: Fault = {
  name: 'use-flow-id-never-stored',
  description: 'self_service_flow_expired names a use_flow_id that was never stored, so fetching the replacement flow gives 404.',
  breaks: ['SF-CONTINUATION'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      if (response.statusCode !== 410) return;
      rewriteBody(response, (body) => {
        if (typeof body['use_flow_id'] === 'string') body['use_flow_id'] = randomUUID();
      });
    }),
};

/** The replacement is always created as a browser flow, whatever the expired flow was. */
export const replacementFlowWrongType: Fault = {
  name: 'replacement-flow-wrong-type',
  description: 'The flow that replaces an expired API flow is created as a browser flow (the replacement uses the browser init code path).',
  breaks: ['SF-CONTINUATION'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      const replacementId = jsonBody(response)?.['use_flow_id'];
      const replacement =
        response.statusCode === 410 && typeof replacementId === 'string' ? mock.store.getSettingsFlow(replacementId) : undefined;
      if (replacement?.type === 'api') mock.store.saveSettingsFlow({ ...replacement, type: 'browser' });
    }),
};

/** Browser navigation to an expired flow is sent back to the same, still expired flow. */
export const expiredRedirectToSameFlow: Fault = {
  name: 'expired-redirect-to-same-flow',
  description:
    "Submitting an expired flow by browser navigation redirects to the settings UI with the expired flow's id instead of a new flow's.",
  breaks: ['SF-CONTINUATION'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
      const flow = addressedFlow(mock, request);
      if (response.statusCode !== 303 || !flow || flow.expiresAt > mock.now()) return;
      rewriteLocation(response, (url) => {
        if (url.searchParams.has('flow')) url.searchParams.set('flow', flow.id);
      });
    }),
};

/** The login URL is built without return_to: after logging in the user lands on the default page. */
function loginWithoutReturnTo(name: string, description: string, parameter: 'refresh' | 'aal', requirement: string): Fault {
  const strip = (value: string): string => {
    const url = new URL(value);
    url.searchParams.delete('return_to');
    return url.href;
  };
  return {
    name,
    description,
    breaks: [requirement, 'SF-CONTINUATION'],
    apply: ({ server }) =>
      onSettingsResponse(server, ['getSettingsFlow', 'updateSettingsFlow'], (response) => {
        const location = headerValue(response, 'location');
        if (location !== undefined && new URL(location).searchParams.has(parameter)) response.header('Location', strip(location));
        rewriteBody(response, (body) => {
          const target = body['redirect_browser_to'];
          if (typeof target !== 'string' || !new URL(target).searchParams.has(parameter)) return;
          body['redirect_browser_to'] = strip(target);
          const details = asObject(asObject(body['error'])?.['details']);
          if (details && typeof details['redirect_browser_to'] === 'string')
            details['redirect_browser_to'] = strip(details['redirect_browser_to']);
        });
      }),
  };
}

export const refreshRedirectWithoutReturnTo = loginWithoutReturnTo(
  'refresh-redirect-without-return-to',
  'The re-authentication login URL (refresh=true) carries no return_to, so after logging in again the user does not get back to the settings flow.',
  'refresh',
  'SF-PRIVILEGED',
);

export const aalRedirectWithoutReturnTo = loginWithoutReturnTo(
  'aal-redirect-without-return-to',
  'The second-factor login URL (aal=aal2) of a fetch or submit carries no return_to back to the settings flow.',
  'aal',
  'SF-AAL2-REQUIRED',
);

/** continue_with always points at the settings UI, forgetting the flow's return_to. */
export const continueWithIgnoresReturnTo: Fault = {
  name: 'continue-with-ignores-return-to',
  description:
    "After a successful browser-flow submit from a JSON client, continue_with's redirect_browser_to points at the settings UI even when the flow has a return_to.",
  breaks: ['SF-CONTINUATION'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
      const flowId = request.query['flow'];
      rewriteBody(response, (body) => {
        const items = body['continue_with'];
        if (!Array.isArray(items) || typeof flowId !== 'string') return;
        for (const item of items.map(asObject)) {
          if (item?.['action'] === 'redirect_browser_to') item['redirect_browser_to'] = `${mock.config.ui.settings}?flow=${flowId}`;
        }
      });
    }),
};
