/** Faults in values a schema accepts: timestamps, flow ids, ui.action. */
import { authenticate } from '../context.js';
import { asObject, onSettingsResponse, rewriteBody, type Fault, type JsonObject } from './fault.js';
import { addressedFlow } from './request-rewrite.js';

const FLOW_ROUTES = ['createBrowserSettingsFlow', 'createNativeSettingsFlow', 'getSettingsFlow', 'updateSettingsFlow'] as const;
const HOUR_MS = 60 * 60 * 1000;

function isFlow(body: JsonObject): boolean {
  return typeof body['id'] === 'string' && asObject(body['ui']) !== undefined && typeof body['issued_at'] === 'string';
}

function rewriteFlowTimes(name: string, description: string, rewrite: (issuedAt: number, expiresAt: number) => [number, number]): Fault {
  return {
    name,
    description,
    breaks: ['SF-FLOW-TIMES'],
    apply: ({ server }) =>
      onSettingsResponse(server, FLOW_ROUTES, (response) =>
        rewriteBody(response, (body) => {
          if (!isFlow(body)) return;
          const [issuedAt, expiresAt] = rewrite(Date.parse(String(body['issued_at'])), Date.parse(String(body['expires_at'])));
          body['issued_at'] = new Date(issuedAt).toISOString();
          body['expires_at'] = new Date(expiresAt).toISOString();
        }),
      ),
  };
}

export const issuedAtAfterExpiry = rewriteFlowTimes(
  'issued-at-after-expiry',
  "issued_at and expires_at are written into each other's column: a flow says it was issued when it expires.",
  (issuedAt, expiresAt) => [expiresAt, issuedAt],
);

export const expiresAtIgnoresLifespan = rewriteFlowTimes(
  'expires-at-ignores-lifespan',
  'expires_at is always issued_at + 1h (a hard-coded default), whatever flow lifespan is configured and enforced.',
  (issuedAt) => [issuedAt, issuedAt + HOUR_MS],
);

export const timestampsInLocalTime = rewriteFlowTimes(
  'timestamps-in-local-time',
  "Flow timestamps are the server's local time (UTC+2) labelled as UTC, two hours off the Date header.",
  (issuedAt, expiresAt) => [issuedAt + 2 * HOUR_MS, expiresAt + 2 * HOUR_MS],
);

/** Reading a flow counts as activity and renews it for another lifespan. */
export const fetchExtendsExpiry: Fault = {
  name: 'fetch-extends-expiry',
  description: 'Every fetch of a live flow extends its expiry by another flow lifespan, so a flow that is read keeps living.',
  breaks: ['SF-FLOW-TIMES'],
  apply: ({ server, mock }) =>
    server.ext('onPreHandler', (request, h) => {
      if (request.route.settings.id !== 'getSettingsFlow') return h.continue;
      const flow = addressedFlow(mock, request);
      if (flow && flow.expiresAt > mock.now())
        mock.store.saveSettingsFlow({ ...flow, expiresAt: flow.expiresAt + mock.config.flowLifespanMs });
      return h.continue;
    }),
};

/** Init hands out the identity's open flow of that type again instead of a new one. */
export const initReusesOpenFlow: Fault = {
  name: 'init-reuses-open-flow',
  description: "Initialising a settings flow returns the identity's latest live flow of that type again instead of creating a new one.",
  breaks: ['SF-FLOW-ACTION'],
  apply: ({ server, mock }) => {
    const open = new Map<string, string>();
    onSettingsResponse(server, ['createBrowserSettingsFlow', 'createNativeSettingsFlow'], (response, request, route) => {
      const auth = authenticate(mock, request);
      if (response.statusCode !== 200 || !auth) return;
      const key = `${auth.identity.id} ${route}`;
      const previous = open.get(key);
      const live = previous === undefined ? undefined : mock.store.getSettingsFlow(previous);
      rewriteBody(response, (body) => {
        if (typeof body['id'] !== 'string') return;
        if (!live || live.expiresAt <= mock.now() || live.state !== 'show_form') {
          open.set(key, body['id']);
          return;
        }
        const ui = asObject(body['ui']);
        if (ui && typeof ui['action'] === 'string') ui['action'] = ui['action'].replace(body['id'], live.id);
        body['id'] = live.id;
      });
    });
  },
};

/** The 400 flow is rendered with the submit URL lacking its query. */
export const errorFlowActionWithoutId: Fault = {
  name: 'error-flow-action-without-id',
  description: 'The flow of a 400 validation answer has a ui.action without ?flow=<id>, so the corrected form cannot be submitted.',
  breaks: ['SF-FLOW-ACTION'],
  apply: ({ server }) =>
    onSettingsResponse(server, ['updateSettingsFlow'], (response) => {
      if (response.statusCode !== 400) return;
      rewriteBody(response, (body) => {
        const ui = asObject(body['ui']);
        if (ui && typeof ui['action'] === 'string') ui['action'] = ui['action'].split('?')[0];
      });
    }),
};
