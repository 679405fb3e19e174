/**
 * The settings submit (docs/kratos-behavior.md#submit), its error dispatch
 * (docs/kratos-behavior.md#flow-error-dispatch) and the success pipeline (docs/kratos-behavior.md#success-pipeline).
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, cookiesOf, headerOf, performs, requestUrl, sessionCookie, type MockContext } from '../context.js';
import { errors, isKratosError } from '../errors.js';
import { setCookieLater } from '../http/error-hook.js';
import { decodeBody } from '../http/body.js';
import { CONTINUITY_COOKIE, serializeCookie } from '../http/cookies.js';
import { isJsonRequest } from '../http/negotiation.js';
import { flowResponse, isUuid } from '../http/responses.js';
import { secureReturnTo, withQuery } from '../http/urls.js';
import { showVerificationUi, verifyNewAddress } from '../flows/verification.js';
import { identifiersFromTraits, protectedValues } from '../identity-schema.js';
import type { Aal, Identity, Session, SettingsFlow } from '../store.js';
import type { NodeMessage, SettingsSubmission, StrategyResult } from '../strategies/strategy.js';
import { error as errorText, inputNode, nodeKey, type UiText } from '../ui.js';
import { csrfValue, newSettingsFlow, returnToOf, rfc3339, settingsFlowJson } from './flow.js';
import {
  aalRedirectUrl, aalSatisfied, ensureCsrf, firstFactorCount, forwardError, isPrivileged, redirect,
} from './guards.js';

const CONTINUITY_LIFESPAN_MS = 15 * 60 * 1000;

export { flowResponse, isUuid };

interface Submit {
  ctx: MockContext;
  request: Request;
  h: ResponseToolkit;
  flow: SettingsFlow;
  session: Session;
  identity: Identity;
  json: boolean;
}

/** docs/kratos-behavior.md#jsonish: a JSON client or an api flow. */
function jsonish(submit: Submit): boolean {
  return submit.json || submit.flow.type === 'api';
}

function settingsUiUrl(ctx: MockContext, flowId: string): string {
  return withQuery(ctx.config.ui.settings, { flow: flowId });
}

function resetMessages(flow: SettingsFlow): void {
  flow.ui.messages = [];
  for (const node of flow.ui.nodes) node.messages = [];
}

function attachMessages(flow: SettingsFlow, messages: NodeMessage[]): void {
  for (const { node: key, message } of messages) {
    if (key === undefined) {
      flow.ui.messages.push(message);
      continue;
    }
    let node = flow.ui.nodes.find((candidate) => nodeKey(candidate) === key);
    if (!node) {
      node = inputNode('default', key, 'text');
      flow.ui.nodes.push(node);
    }
    node.messages.push(message);
  }
}

function setNodeValues(flow: SettingsFlow, values: Record<string, unknown>): void {
  for (const node of flow.ui.nodes) {
    const key = nodeKey(node);
    if (node.type === 'input' && key in values) {
      if (values[key] === undefined) delete node.attributes['value'];
      else node.attributes['value'] = values[key];
    }
  }
}

function refreshCsrf(submit: Submit): void {
  const csrf = submit.flow.ui.nodes.find((node) => nodeKey(node) === 'csrf_token');
  if (csrf) csrf.attributes['value'] = csrfValue(submit.ctx, submit.request, submit.flow.type);
}

/** docs/kratos-behavior.md#dispatch-validation: messages on the persisted flow, 400 JSON or 303 to the settings UI. */
function validationResponse(submit: Submit, messages: NodeMessage[], values?: Record<string, unknown>): ResponseObject {
  const { ctx, flow, h } = submit;
  resetMessages(flow);
  refreshCsrf(submit);
  if (values) setNodeValues(flow, values);
  attachMessages(flow, messages);
  delete flow.continueWith;
  ctx.store.saveSettingsFlow(flow);
  if (flow.type === 'browser' && !submit.json) return redirect(h, settingsUiUrl(ctx, flow.id));
  return flowResponse(h, settingsFlowJson(ctx, flow, submit.identity), 400);
}

/**
 * docs/kratos-behavior.md#dispatch-reauth: the privileged-session demand, optionally pausing the submit for the
 * continuity resume.
 */
function reauthResponse(submit: Submit, payload: Record<string, unknown> | undefined): ResponseObject {
  const { ctx, request, h, flow } = submit;
  const returnTo = `${ctx.config.publicBaseUrl}${request.url.pathname}${request.url.search}`;
  const target = withQuery(`${ctx.config.publicBaseUrl}/self-service/login/browser`, { refresh: 'true', return_to: returnTo });
  if (payload) {
    const container = ctx.store.saveContinuity({
      identityId: submit.identity.id, flowId: flow.id, payload, expiresAt: ctx.now() + CONTINUITY_LIFESPAN_MS,
    });
    setCookieLater(request, serializeCookie(CONTINUITY_COOKIE, container.id, {
      maxAgeSeconds: CONTINUITY_LIFESPAN_MS / 1000, secure: ctx.config.publicBaseUrl.startsWith('https:'),
    }));
  }
  if (jsonish(submit)) throw errors.sessionRefreshRequired(target);
  return redirect(h, target);
}

/**
 * docs/kratos-behavior.md#flow-error-dispatch for a thrown error: 400 herodot → message 4000001, anything else
 * forwarded.
 */
function errorResponse(submit: Submit, error: unknown): ResponseObject {
  if (!isKratosError(error)) throw error;
  if (error.code === 400) {
    return validationResponse(submit, [{ message: errorText(4000001, error.reason ?? error.message) }]);
  }
  return forwardError(submit.ctx, submit.h, error, jsonish(submit));
}

function successMessage(): UiText {
  return { id: 1050001, text: 'Your changes have been saved!', type: 'success' };
}

/**
 * The success redirect target (docs/kratos-behavior.md#success-redirect): the allowed return_to, the configured
 * default, or the settings UI.
 */
function successReturnTo(ctx: MockContext, flow: SettingsFlow): string {
  const requested = returnToOf(flow.requestUrl);
  if (requested) {
    return secureReturnTo(ctx.config, requested);
  }
  return ctx.config.settingsAfterReturnUrl ?? settingsUiUrl(ctx, flow.id);
}

/** The success pipeline (docs/kratos-behavior.md#success-pipeline) for an identity a strategy produced. */
async function success(
  submit: Submit, identity: Identity, authenticationMethod?: { method: string; aal: Aal },
): Promise<ResponseObject> {
  const { ctx, request, h, flow } = submit;
  let returnTo: string;
  try {
    returnTo = successReturnTo(ctx, flow);
  } catch (error) {
    return errorResponse(submit, error);
  }
  const schema = ctx.config.identitySchema;
  const protectedChanged =
    JSON.stringify(protectedValues(schema, submit.identity.traits)) !== JSON.stringify(protectedValues(schema, identity.traits));
  if (protectedChanged && !isPrivileged(ctx, submit.session)) return reauthResponse(submit, undefined);
  const updated = withPasswordIdentifiers(ctx, identity);
  const clash = (updated.credentials['password']?.identifiers ?? []).some((identifier) => {
    const owner = ctx.store.findByIdentifier('password', identifier);
    return owner !== undefined && owner.id !== identity.id;
  });
  if (clash) {
    return validationResponse(submit, [{
      message: errorText(4000007, 'An account with the same identifier (email, phone, username, ...) exists already.'),
    }]);
  }
  const saved = ctx.store.saveIdentity(updated);
  if (authenticationMethod) {
    ctx.store.addAuthenticationMethod(submit.session.id, { ...authenticationMethod, completedAt: ctx.now() });
  }
  const fresh = await newSettingsFlow(ctx, request, { type: flow.type, identity: saved, requestUrl: flow.requestUrl });
  ctx.store.saveSettingsFlow(fresh);
  flow.state = 'success';
  flow.ui = { nodes: structuredClone(fresh.ui.nodes), messages: [successMessage()] };
  flow.actionFlowId = fresh.id;
  flow.internalContext = structuredClone(fresh.internalContext);
  const verification = verifyNewAddress(ctx, request, flow.type, submit.identity, saved);
  flow.continueWith = [
    ...(verification ? [showVerificationUi(ctx, verification)] : []),
    ...(flow.type === 'browser' && submit.json ? [{ action: 'redirect_browser_to', redirect_browser_to: returnTo }] : []),
  ];
  const body = settingsFlowJson(ctx, flow, saved);
  // continue_with belongs to this response only; Kratos does not persist it.
  delete flow.continueWith;
  ctx.store.saveSettingsFlow(flow);
  const session = ctx.store.getSession(submit.session.id) ?? submit.session;
  if (flow.type === 'api') return flowResponse(h, body);
  const response = submit.json ? flowResponse(h, body) : redirect(h, returnTo);
  return response.header('Set-Cookie', sessionCookie(ctx, session), { append: true });
}

/** Password credential identifiers follow the traits marked as password identifiers. */
function withPasswordIdentifiers(ctx: MockContext, identity: Identity): Identity {
  const password = identity.credentials['password'];
  if (!password) return identity;
  const identifiers = identifiersFromTraits(ctx.config.identitySchema, identity.traits, 'password');
  return { ...identity, credentials: { ...identity.credentials, password: { ...password, identifiers } } };
}

async function handleResult(submit: Submit, result: StrategyResult, body: Record<string, unknown>): Promise<ResponseObject> {
  switch (result.kind) {
    case 'success':
      return success(submit, result.identity, result.authenticationMethod);
    case 'invalid':
      return validationResponse(submit, result.messages, result.values);
    case 'reauth':
      return reauthResponse(submit, submit.flow.type === 'browser' || result.pauseApiFlows ? body : undefined);
    case 'return_to_ui':
      refreshCsrf(submit);
      submit.ctx.store.saveSettingsFlow(submit.flow);
      if (jsonish(submit)) return flowResponse(submit.h, settingsFlowJson(submit.ctx, submit.flow, submit.identity));
      return redirect(submit.h, settingsUiUrl(submit.ctx, submit.flow.id));
    case 'respond':
      submit.ctx.store.saveSettingsFlow(submit.flow);
      return result.write(submit.request, submit.h);
  }
}

/**
 * The body for this submit: the POST body, or on GET the payload paused before a re-authentication
 * (docs/kratos-behavior.md#continuity).
 */
function submissionBody(submit: Submit): Record<string, unknown> {
  const { ctx, request, flow } = submit;
  if (request.method === 'post') {
    return decodeBody(request.payload as Buffer | undefined, headerOf(request, 'content-type'));
  }
  const containerId = cookiesOf(request).get(CONTINUITY_COOKIE);
  const container = containerId ? ctx.store.getContinuity(containerId) : undefined;
  if (container && container.flowId === flow.id && container.identityId === submit.identity.id && flow.type === 'browser' && !submit.json) {
    ctx.store.deleteContinuity(container.id);
    setCookieLater(request, serializeCookie(CONTINUITY_COOKIE, '', { maxAgeSeconds: 0 }));
    return container.payload;
  }
  throw errors.badRequest('Unable to decode body because HTTP Request Method was "GET" but only [POST PUT PATCH] are supported.');
}

async function runStrategies(submit: Submit): Promise<ResponseObject> {
  const { ctx, request, flow } = submit;
  let body: Record<string, unknown>;
  try {
    body = submissionBody(submit);
  } catch (error) {
    return errorResponse(submit, error);
  }
  const submission: SettingsSubmission = {
    httpMethod: request.method === 'get' ? 'GET' : 'POST', body,
    query: Object.fromEntries(Object.entries(request.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    isJson: submit.json,
  };
  const strategy = ctx.strategies.find((candidate) => candidate.isResponsible(submission, flow));
  if (!strategy) {
    return validationResponse(submit, [{
      message: errorText(4010004, 'Could not find a strategy to update your settings. Did you fill out the form correctly?'),
    }]);
  }
  try {
    if (!ctx.config.enabled[strategy.method]) throw errors.strategyDisabled();
    const result = await strategy.submit({
      config: ctx.config, store: ctx.store, identity: structuredClone(submit.identity), flow, session: submit.session,
      submission, now: ctx.now, newId: ctx.newId,
      ensureCsrf: () => ensureCsrf(ctx, request, flow.type, body),
      isPrivileged: () => isPrivileged(ctx, submit.session),
      firstFactorCount: (identity) => firstFactorCount(ctx, identity),
      publicUrl: (path) => `${ctx.config.publicBaseUrl}${path}`,
    });
    return await handleResult(submit, result, body);
  } catch (error) {
    return errorResponse(submit, error);
  }
}

/** docs/kratos-behavior.md#submit, row by row. */
export async function updateSettings(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const json = isJsonRequest(request.headers);
  const auth = authenticate(ctx, request);
  if (!auth) {
    if (json) throw errors.sessionMissing();
    return redirect(h, ctx.config.ui.login, 302);
  }
  const flowId = request.query['flow'];
  if (!isUuid(flowId)) return forwardError(ctx, h, errors.badRequest('The flow query parameter is missing or malformed.'), json);
  const flow = ctx.store.getSettingsFlow(flowId);
  if (!flow) {
    return forwardError(ctx, h, errors.notFound('The settings request could not be found. Please restart the flow.'), json);
  }
  const submit: Submit = { ctx, request, h, flow, session: auth.session, identity: auth.identity, json };
  if (!aalSatisfied(ctx, auth.session, auth.identity)) {
    const target = aalRedirectUrl(ctx, requestUrl(ctx, request));
    if (jsonish(submit)) throw errors.sessionAal2Required(target);
    return redirect(h, target);
  }
  if (flow.expiresAt <= ctx.now() && performs(ctx, 'flow-expiry-on-submit')) return expiredResponse(submit);
  if (flow.identityId !== auth.identity.id && performs(ctx, 'flow-owner-on-submit')) {
    return forwardError(ctx, h, errors.securityIdentityMismatch('submit'), jsonish(submit));
  }
  return runStrategies(submit);
}

/** docs/kratos-behavior.md#dispatch-expired: a replacement flow carrying 4050001; 410 with use_flow_id or 303 to it. */
async function expiredResponse(submit: Submit): Promise<ResponseObject> {
  const { ctx, request, h, flow } = submit;
  const identity = ctx.store.getIdentity(flow.identityId) ?? submit.identity;
  const replacement = await newSettingsFlow(ctx, request, { type: flow.type, identity, requestUrl: flow.requestUrl });
  const now = ctx.now();
  const agoMinutes = ((now - flow.expiresAt) / 60000).toFixed(2);
  replacement.ui.messages = [errorText(4050001, `The settings flow expired ${agoMinutes} minutes ago, please try again.`, {
    expired_at: rfc3339(flow.expiresAt), expired_at_unix: Math.floor(flow.expiresAt / 1000),
  })];
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

/** Used by strategies that finish outside a submit (OIDC callback). */
export async function completeSettings(
  ctx: MockContext, request: Request, h: ResponseToolkit,
  input: { flowId: string; sessionId: string; identity: Identity; authenticationMethod?: { method: string; aal: Aal } },
): Promise<ResponseObject> {
  const flow = ctx.store.getSettingsFlow(input.flowId);
  const session = ctx.store.getSession(input.sessionId);
  const identity = session ? ctx.store.getIdentity(session.identityId) : undefined;
  if (!flow || !session || !identity) throw errors.notFound('The settings request could not be found. Please restart the flow.');
  const submit: Submit = { ctx, request, h, flow, session, identity, json: isJsonRequest(request.headers) };
  return success(submit, input.identity, input.authenticationMethod);
}

