/**
 * Creating settings flows (docs/kratos-behavior.md#browser-init, docs/kratos-behavior.md#api-init) and reading them
 * (docs/kratos-behavior.md#get-flow).
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, cookiesOf, csrfRealToken, performs, requestUrl, type MockContext } from '../context.js';
import { errors, isKratosError } from '../errors.js';
import { setCookieLater } from '../http/error-hook.js';
import { CONTINUITY_COOKIE, serializeCookie } from '../http/cookies.js';
import { acceptsJson, isJsonRequest } from '../http/negotiation.js';
import { flowResponse, isUuid } from '../http/responses.js';
import { secureReturnTo, withQuery } from '../http/urls.js';
import type { FlowType } from '../store.js';
import { newSettingsFlow, returnToOf, settingsFlowJson, settingsUiUrl } from './flow.js';
import { aalRedirectUrl, aalSatisfied, forwardError, redirect } from './guards.js';

function queryString(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value[0] : undefined;
}

function checkRequestedReturnTo(ctx: MockContext, returnTo: string | undefined): void {
  if (!returnTo || !performs(ctx, 'return-to')) return;
  secureReturnTo(ctx.config, returnTo);
}

/** createBrowserSettingsFlow, docs/kratos-behavior.md#browser-init */
export async function createBrowserFlow(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  csrfRealToken(ctx, request, true);
  const json = isJsonRequest(request.headers);
  const returnTo = queryString(request, 'return_to');
  const auth = authenticate(ctx, request);
  if (!auth) {
    if (json) {
      throw errors.sessionInactive({ CredentialsMissing: false });
    }
    const login = `${ctx.config.publicBaseUrl}/self-service/login/browser`;
    return redirect(h, returnTo ? withQuery(login, { return_to: returnTo }) : login);
  }
  const fullUrl = requestUrl(ctx, request);
  if (!aalSatisfied(ctx, auth.session, auth.identity)) {
    const target = aalRedirectUrl(ctx, returnTo ? fullUrl : undefined);
    if (json) throw errors.sessionAal2Required(target);
    return redirect(h, target);
  }
  try {
    checkRequestedReturnTo(ctx, returnTo);
  } catch (error) {
    if (isKratosError(error)) return forwardError(ctx, h, error, json);
    throw error;
  }
  return respondWithNewFlow(ctx, request, h, 'browser', auth.identity, fullUrl);
}

async function respondWithNewFlow(
  ctx: MockContext,
  request: Request,
  h: ResponseToolkit,
  type: FlowType,
  identity: NonNullable<ReturnType<typeof authenticate>>['identity'],
  fullUrl: string,
): Promise<ResponseObject> {
  discardPausedSubmit(ctx, request);
  const flow = ctx.store.saveSettingsFlow(await newSettingsFlow(ctx, request, { type, identity, requestUrl: fullUrl }));
  if (type === 'browser' && !acceptsJson(request.headers)) return redirect(h, settingsUiUrl(ctx, flow.id));
  return flowResponse(h, settingsFlowJson(ctx, flow, identity));
}

/** A new flow forgets a submit paused for re-authentication (docs/kratos-behavior.md#browser-init-notes). */
function discardPausedSubmit(ctx: MockContext, request: Request): void {
  const containerId = cookiesOf(request).get(CONTINUITY_COOKIE);
  if (containerId === undefined) return;
  ctx.store.deleteContinuity(containerId);
  setCookieLater(request, serializeCookie(CONTINUITY_COOKIE, '', { maxAgeSeconds: 0 }));
}

/** createNativeSettingsFlow, docs/kratos-behavior.md#api-init */
export async function createApiFlow(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const auth = authenticate(ctx, request);
  if (!auth) {
    throw errors.sessionInactiveOnEndpoint();
  }
  if (!aalSatisfied(ctx, auth.session, auth.identity)) throw errors.sessionAal2Required(aalRedirectUrl(ctx));
  checkRequestedReturnTo(ctx, queryString(request, 'return_to'));
  return respondWithNewFlow(ctx, request, h, 'api', auth.identity, requestUrl(ctx, request));
}

/** getSettingsFlow, docs/kratos-behavior.md#get-flow */
export function getFlow(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  csrfRealToken(ctx, request, true);
  const auth = authenticate(ctx, request);
  if (!auth) {
    if (isJsonRequest(request.headers)) throw errors.sessionMissing();
    return redirect(h, ctx.config.ui.login, 302);
  }
  const id = queryString(request, 'id');
  const flow = isUuid(id) ? ctx.store.getSettingsFlow(id) : undefined;
  if (!flow) throw errors.resourceNotLocated();
  if (flow.identityId !== auth.identity.id && performs(ctx, 'flow-owner-on-fetch')) {
    throw errors.securityIdentityMismatch('fetch');
  }
  if (!aalSatisfied(ctx, auth.session, auth.identity)) {
    throw errors.sessionAal2Required(aalRedirectUrl(ctx, settingsUiUrl(ctx, flow.id)));
  }
  if (flow.expiresAt <= ctx.now() && performs(ctx, 'flow-expiry-on-fetch')) {
    if (flow.type === 'api') {
      throw errors.flowGone('The settings flow has expired. Call the settings flow init API endpoint to initialize a new settings flow.', {
        api: `${ctx.config.publicBaseUrl}/self-service/settings/api`,
      });
    }
    const returnTo = returnToOf(flow.requestUrl) ?? '';
    const init = `${ctx.config.publicBaseUrl}/self-service/settings/browser`;
    throw errors.flowGone(
      'The settings flow has expired. Redirect the user to the settings flow init endpoint to initialize a new settings flow.',
      { redirect_to: returnTo ? withQuery(init, { return_to: returnTo }) : init, return_to: returnTo },
    );
  }
  const identity = ctx.store.getIdentity(flow.identityId) ?? auth.identity;
  return flowResponse(h, settingsFlowJson(ctx, flow, identity));
}
