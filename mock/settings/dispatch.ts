/**
 * How a loaded settings flow answers a submit that does not succeed (docs/kratos-behavior.md#flow-error-dispatch):
 * validation messages, the re-authentication demand, an expired flow, a thrown error.
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import type { MockContext } from '../context.js';
import { errors, isKratosError } from '../errors.js';
import { CONTINUITY_COOKIE, serializeCookie } from '../http/cookies.js';
import { setCookieLater } from '../http/error-hook.js';
import { flowResponse } from '../http/responses.js';
import { withQuery } from '../http/urls.js';
import type { Identity, Session, SettingsFlow } from '../store.js';
import { attachMessages, error as errorText, resetMessages, type NodeMessage } from '../ui.js';
import { newSettingsFlow, refreshCsrf, rfc3339, setNodeValues, settingsFlowJson, settingsUiUrl } from './flow.js';
import { forwardError, redirect } from './guards.js';

const CONTINUITY_LIFESPAN_MS = 15 * 60 * 1000;

/** One submit to a loaded flow, by an authenticated session. */
export interface Submit {
  ctx: MockContext;
  request: Request;
  h: ResponseToolkit;
  flow: SettingsFlow;
  session: Session;
  identity: Identity;
  json: boolean;
}

/** docs/kratos-behavior.md#jsonish: a JSON client or an api flow. */
export function jsonish(submit: Submit): boolean {
  return submit.json || submit.flow.type === 'api';
}

/** docs/kratos-behavior.md#dispatch-validation: messages on the persisted flow, 400 JSON or 303 to the settings UI. */
export function validationResponse(submit: Submit, messages: NodeMessage[], values?: Record<string, unknown>): ResponseObject {
  const { ctx, request, flow, h } = submit;
  resetMessages(flow.ui);
  refreshCsrf(ctx, request, flow);
  if (values) setNodeValues(flow, values);
  attachMessages(flow.ui, messages, { addMissingNodes: true });
  delete flow.continueWith;
  ctx.store.saveSettingsFlow(flow);
  if (flow.type === 'browser' && !submit.json) return redirect(h, settingsUiUrl(ctx, flow.id));
  return flowResponse(h, settingsFlowJson(ctx, flow, submit.identity), 400);
}

/** docs/kratos-behavior.md#dispatch-return-to-ui: the flow as it is, with a fresh CSRF token. */
export function returnToUiResponse(submit: Submit): ResponseObject {
  const { ctx, request, flow, h } = submit;
  refreshCsrf(ctx, request, flow);
  ctx.store.saveSettingsFlow(flow);
  if (jsonish(submit)) return flowResponse(h, settingsFlowJson(ctx, flow, submit.identity));
  return redirect(h, settingsUiUrl(ctx, flow.id));
}

/**
 * docs/kratos-behavior.md#dispatch-reauth: the privileged-session demand, optionally pausing the submit for the
 * continuity resume.
 */
export function reauthResponse(submit: Submit, payload: Record<string, unknown> | undefined): ResponseObject {
  const { ctx, request, h, flow } = submit;
  const returnTo = `${ctx.config.publicBaseUrl}${request.url.pathname}${request.url.search}`;
  const target = withQuery(`${ctx.config.publicBaseUrl}/self-service/login/browser`, { refresh: 'true', return_to: returnTo });
  if (payload) {
    const container = ctx.store.saveContinuity({
      identityId: submit.identity.id,
      flowId: flow.id,
      payload,
      expiresAt: ctx.now() + CONTINUITY_LIFESPAN_MS,
    });
    setCookieLater(
      request,
      serializeCookie(CONTINUITY_COOKIE, container.id, {
        maxAgeSeconds: CONTINUITY_LIFESPAN_MS / 1000,
        secure: ctx.config.publicBaseUrl.startsWith('https:'),
      }),
    );
  }
  if (jsonish(submit)) throw errors.sessionRefreshRequired(target);
  return redirect(h, target);
}

/**
 * docs/kratos-behavior.md#flow-error-dispatch for a thrown error: 400 herodot → message 4000001, anything else
 * forwarded.
 */
export function errorResponse(submit: Submit, error: unknown): ResponseObject {
  if (!isKratosError(error)) throw error;
  if (error.code === 400) {
    return validationResponse(submit, [{ message: errorText(4000001, error.reason ?? error.message) }]);
  }
  return forwardError(submit.ctx, submit.h, error, jsonish(submit));
}

/** docs/kratos-behavior.md#dispatch-expired: a replacement flow carrying 4050001; 410 with use_flow_id or 303 to it. */
export async function expiredResponse(submit: Submit): Promise<ResponseObject> {
  const { ctx, request, h, flow } = submit;
  const identity = ctx.store.getIdentity(flow.identityId) ?? submit.identity;
  const replacement = await newSettingsFlow(ctx, request, { type: flow.type, identity, requestUrl: flow.requestUrl });
  const now = ctx.now();
  const agoMinutes = ((now - flow.expiresAt) / 60000).toFixed(2);
  replacement.ui.messages = [
    errorText(4050001, `The settings flow expired ${agoMinutes} minutes ago, please try again.`, {
      expired_at: rfc3339(flow.expiresAt),
      expired_at_unix: Math.floor(flow.expiresAt / 1000),
    }),
  ];
  ctx.store.saveSettingsFlow(replacement);
  if (jsonish(submit)) {
    throw errors.selfServiceFlowExpired(`The self-service flow expired ${agoMinutes} minutes ago, initialize a new one.`, {
      expired_at: rfc3339(flow.expiresAt),
      since: (now - flow.expiresAt) * 1_000_000,
      use_flow_id: replacement.id,
    });
  }
  return redirect(h, settingsUiUrl(ctx, replacement.id));
}
