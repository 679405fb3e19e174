/**
 * The settings submit (docs/kratos-behavior.md#submit) as one pipeline: load the flow, the guards (AAL, expiry,
 * owner), the responsible strategy, then persist and answer its result (docs/kratos-behavior.md#flow-error-dispatch,
 * docs/kratos-behavior.md#success-pipeline). CSRF and privilege are checked inside the strategy step, where Kratos
 * checks them.
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, cookiesOf, headerOf, performs, requestUrl, type MockContext } from '../context.js';
import { errors } from '../errors.js';
import { decodeBody } from '../http/body.js';
import { CONTINUITY_COOKIE, serializeCookie } from '../http/cookies.js';
import { setCookieLater } from '../http/error-hook.js';
import { isJsonRequest } from '../http/negotiation.js';
import { isUuid } from '../http/responses.js';
import type { Identity } from '../store.js';
import type { SettingsStrategy, SettingsSubmission, StrategyResult } from '../strategies/strategy.js';
import { error as errorText } from '../ui.js';
import {
  errorResponse,
  expiredResponse,
  jsonish,
  reauthResponse,
  returnToUiResponse,
  validationResponse,
  type Submit,
} from './dispatch.js';
import { aalRedirectUrl, aalSatisfied, ensureCsrf, firstFactorCount, forwardError, isPrivileged, redirect } from './guards.js';
import { success, type AuthenticationMethod } from './success.js';

/** A step that either answers the submit or lets it go on. */
type Guard = (submit: Submit) => ResponseObject | undefined | Promise<ResponseObject | undefined>;

/** docs/kratos-behavior.md#submit, row by row. */
export async function updateSettings(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const loaded = loadFlow(ctx, request, h);
  if (!('flow' in loaded)) return loaded;
  for (const guard of GUARDS) {
    const refused = await guard(loaded);
    if (refused) return refused;
  }
  return applyStrategy(loaded);
}

/** Used by strategies that finish outside a submit (OIDC callback). */
export async function completeSettings(
  ctx: MockContext,
  request: Request,
  h: ResponseToolkit,
  input: { flowId: string; sessionId: string; identity: Identity; authenticationMethod?: AuthenticationMethod },
): Promise<ResponseObject> {
  const flow = ctx.store.getSettingsFlow(input.flowId);
  const session = ctx.store.getSession(input.sessionId);
  const identity = session ? ctx.store.getIdentity(session.identityId) : undefined;
  if (!flow || !session || !identity) throw errors.notFound('The settings request could not be found. Please restart the flow.');
  const submit: Submit = { ctx, request, h, flow, session, identity, json: isJsonRequest(request.headers) };
  return success(submit, input.identity, input.authenticationMethod);
}

/**
 * The session (docs/kratos-behavior.md#submit-no-session) and the flow named by `?flow=`
 * (docs/kratos-behavior.md#submit-bad-flow-id, docs/kratos-behavior.md#submit-unknown-flow), or the answer without them.
 */
function loadFlow(ctx: MockContext, request: Request, h: ResponseToolkit): Submit | ResponseObject {
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
  return { ctx, request, h, flow, session: auth.session, identity: auth.identity, json };
}

/** docs/kratos-behavior.md#submit-aal */
const requireAal: Guard = (submit) => {
  const { ctx, request, h, session, identity } = submit;
  if (aalSatisfied(ctx, session, identity)) return undefined;
  const target = aalRedirectUrl(ctx, requestUrl(ctx, request));
  if (jsonish(submit)) throw errors.sessionAal2Required(target);
  return redirect(h, target);
};

/** docs/kratos-behavior.md#submit-expired */
const refuseExpiredFlow: Guard = (submit) =>
  submit.flow.expiresAt <= submit.ctx.now() && performs(submit.ctx, 'flow-expiry-on-submit') ? expiredResponse(submit) : undefined;

/** docs/kratos-behavior.md#submit-identity-mismatch */
const refuseForeignFlow: Guard = (submit) => {
  const { ctx, h, flow, identity } = submit;
  if (flow.identityId === identity.id || !performs(ctx, 'flow-owner-on-submit')) return undefined;
  return forwardError(ctx, h, errors.securityIdentityMismatch('submit'), jsonish(submit));
};

const GUARDS: readonly Guard[] = [requireAal, refuseExpiredFlow, refuseForeignFlow];

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

function submissionOf(submit: Submit, body: Record<string, unknown>): SettingsSubmission {
  const { request } = submit;
  return {
    httpMethod: request.method === 'get' ? 'GET' : 'POST',
    body,
    query: Object.fromEntries(Object.entries(request.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    isJson: submit.json,
  };
}

/** What a strategy may use of the submit: the store, the clock, and the CSRF and privilege checks. */
function runStrategy(submit: Submit, strategy: SettingsStrategy, submission: SettingsSubmission): Promise<StrategyResult> {
  const { ctx, request, flow, session } = submit;
  return strategy.submit({
    config: ctx.config,
    store: ctx.store,
    identity: structuredClone(submit.identity),
    flow,
    session,
    submission,
    now: ctx.now,
    newId: ctx.newId,
    ensureCsrf: () => ensureCsrf(ctx, request, flow.type, submission.body),
    isPrivileged: () => isPrivileged(ctx, session),
    firstFactorCount: (identity) => firstFactorCount(ctx, identity),
    publicUrl: (path) => `${ctx.config.publicBaseUrl}${path}`,
  });
}

/**
 * The strategy step (docs/kratos-behavior.md#submit-no-strategy, docs/kratos-behavior.md#submit-strategy-error):
 * the first responsible strategy runs, and its result is persisted and answered; a thrown error is dispatched.
 */
async function applyStrategy(submit: Submit): Promise<ResponseObject> {
  try {
    const submission = submissionOf(submit, submissionBody(submit));
    const strategy = submit.ctx.strategies.find((candidate) => candidate.isResponsible(submission, submit.flow));
    if (!strategy) {
      return validationResponse(submit, [
        {
          message: errorText(4010004, 'Could not find a strategy to update your settings. Did you fill out the form correctly?'),
        },
      ]);
    }
    if (!submit.ctx.config.enabled[strategy.method]) throw errors.strategyDisabled();
    return await respond(submit, await runStrategy(submit, strategy, submission), submission.body);
  } catch (error) {
    return errorResponse(submit, error);
  }
}

/** Persists and answers what the strategy decided. */
async function respond(submit: Submit, result: StrategyResult, body: Record<string, unknown>): Promise<ResponseObject> {
  switch (result.kind) {
    case 'success':
      return success(submit, result.identity, result.authenticationMethod);
    case 'invalid':
      return validationResponse(submit, result.messages, result.values);
    case 'reauth':
      return reauthResponse(submit, submit.flow.type === 'browser' || result.pauseApiFlows ? body : undefined);
    case 'return_to_ui':
      return returnToUiResponse(submit);
    case 'respond':
      submit.ctx.store.saveSettingsFlow(submit.flow);
      return result.write(submit.request, submit.h);
  }
}
