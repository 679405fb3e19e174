/** Faults where what a submit answers and what it stores disagree. */
import { authenticate, headerOf } from '../context.js';
import { isJsonRequest } from '../http/negotiation.js';
import { withQuery } from '../http/urls.js';
import type { Identity } from '../store.js';
import { redirect } from '../settings/guards.js';
import { asObject, headerValue, onSettingsResponse, rewriteBody, settingsRouteOf, type Fault } from './fault.js';
import { addressedFlow } from './request-rewrite.js';

/** The success response is built from the identity as loaded before the update. */
export const successShowsOldIdentity: Fault = {
  name: 'success-shows-old-identity',
  description:
    "The successful submit's flow shows the identity as it was before the change (the response is built from the object loaded at the start).",
  breaks: ['SF-STORED-STATE'],
  apply: ({ server, mock }) => {
    server.ext('onPreHandler', (request, h) => {
      const auth = settingsRouteOf(request) === 'updateSettingsFlow' ? authenticate(mock, request) : undefined;
      if (auth) (request.app as { traitsBefore?: Identity['traits'] }).traitsBefore = structuredClone(auth.identity.traits);
      return h.continue;
    });
    onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
      const before = (request.app as { traitsBefore?: Identity['traits'] }).traitsBefore;
      if (response.statusCode !== 200 || !before) return;
      rewriteBody(response, (body) => {
        const identity = asObject(body['identity']);
        if (body['state'] === 'success' && identity) identity['traits'] = before;
      });
    });
  },
};

/** The success is only in the response: the stored flow keeps state show_form. */
export const storedFlowNotMarkedSuccess: Fault = {
  name: 'stored-flow-not-marked-success',
  description:
    'A successful submit answers state success, but the stored flow keeps state show_form, so the flow fetched again looks untouched.',
  breaks: ['SF-STORED-STATE'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (_response, request) => {
      const flow = addressedFlow(mock, request);
      if (flow?.state === 'success') mock.store.saveSettingsFlow({ ...structuredClone(flow), state: 'show_form' });
    }),
};

/** The validation messages live only in the request: the browser is sent back to a flow that does not show them. */
export const rejectedBrowserSubmitForgetsMessages: Fault = {
  name: 'rejected-browser-submit-forgets-messages',
  description:
    'After a rejected browser-navigation submit the browser is sent back to the settings UI, but the stored flow has lost the error messages.',
  breaks: ['SF-STORED-STATE', 'SF-UPDATE-400-VALIDATION'],
  apply: ({ server, mock }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response, request) => {
      const flow = addressedFlow(mock, request);
      const location = headerValue(response, 'location');
      if (response.statusCode !== 303 || !flow || location === undefined || !location.startsWith(mock.config.ui.settings)) return;
      const nodes = flow.ui.nodes.map((node) => ({ ...node, messages: node.messages.filter((message) => message.type !== 'error') }));
      mock.store.saveSettingsFlow({
        ...structuredClone(flow),
        ui: { nodes, messages: flow.ui.messages.filter((message) => message.type !== 'error') },
      });
    }),
};

/** Only JSON bodies are parsed; a browser's form post is answered with a redirect back to the form, nothing done. */
export const formSubmitSilentlyIgnored: Fault = {
  name: 'form-submit-silently-ignored',
  description:
    'A form-encoded submit from browser navigation is answered 303 back to the settings UI without being applied (only JSON bodies are read).',
  breaks: ['SF-UPDATE-SUCCESS', 'SF-EFFECT-TRAITS', 'SF-EFFECT-PASSWORD', 'SF-STORED-STATE', 'SF-PRIVILEGED'],
  apply: ({ server, mock }) =>
    server.ext('onPreHandler', (request, h) => {
      const form = (headerOf(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
      const flow =
        settingsRouteOf(request) === 'updateSettingsFlow' && request.method === 'post' ? addressedFlow(mock, request) : undefined;
      if (
        !form ||
        !flow ||
        flow.type !== 'browser' ||
        isJsonRequest(request.headers) ||
        !authenticate(mock, request) ||
        flow.expiresAt <= mock.now()
      )
        return h.continue;
      return redirect(h, withQuery(mock.config.ui.settings, { flow: flow.id })).takeover();
    }),
};
