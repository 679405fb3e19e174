/**
 * What registration, verification and recovery flows share: creating one (JSON or a redirect to its UI page), reading
 * it by `?id=`, its JSON, and the start of every submit (flow id, expiry, body, CSRF), as the settings flow does them.
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { headerOf, requestUrl, type MockContext } from '../context.js';
import { errors, isKratosError, type KratosError } from '../errors.js';
import { decodeBody } from '../http/body.js';
import { acceptsJson, isJsonRequest } from '../http/negotiation.js';
import { secureReturnTo, withQuery } from '../http/urls.js';
import { csrfValue, rfc3339 } from '../settings/flow.js';
import { ensureCsrf, forwardError, redirect } from '../settings/guards.js';
import { flowResponse, isUuid } from '../http/responses.js';
import type { FlowType } from '../store.js';
import { attachMessages, nodeKey, resetMessages, type NodeMessage, type UiNode, type UiText } from '../ui.js';
import type { FlowKind, SelfServiceFlow } from './store.js';

export function flowJson(ctx: MockContext, flow: SelfServiceFlow): Record<string, unknown> {
  const ui: Record<string, unknown> = {
    action: `${ctx.config.publicBaseUrl}/self-service/${flow.kind}?flow=${flow.id}`,
    method: 'POST',
    nodes: flow.ui.nodes,
  };
  if (flow.ui.messages.length > 0) ui['messages'] = flow.ui.messages;
  return {
    id: flow.id,
    type: flow.type,
    expires_at: rfc3339(flow.expiresAt),
    issued_at: rfc3339(flow.issuedAt),
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ui,
    state: flow.state,
    ...(flow.kind === 'verification' || flow.kind === 'recovery' ? { active: 'code' } : {}),
    ...(flow.continueWith && flow.continueWith.length > 0 ? { continue_with: flow.continueWith } : {}),
  };
}

/** The flow's UI page with `?flow=`. */
export function uiUrl(ctx: MockContext, flow: SelfServiceFlow): string {
  return withQuery(ctx.config.ui[flow.kind], { flow: flow.id });
}

/**
 * A new flow of this kind, its nodes from `nodes(csrf)`. A flow the client asked for takes the request's return_to
 * (checked for browser flows, as Kratos does); one another flow hands over (`handedOver`) takes none.
 */
export function newFlow(
  ctx: MockContext,
  request: Request,
  input: { kind: FlowKind; type: FlowType; nodes: (csrf: string) => UiNode[]; messages?: UiText[]; handedOver?: boolean },
): SelfServiceFlow {
  const returnTo = input.handedOver ? undefined : request.query['return_to'];
  if (typeof returnTo === 'string' && returnTo !== '' && input.type === 'browser') secureReturnTo(ctx.config, returnTo);
  const now = ctx.now();
  return ctx.flows.saveFlow({
    id: ctx.newId(),
    kind: input.kind,
    type: input.type,
    issuedAt: now,
    expiresAt: now + ctx.config.flowLifespanMs,
    requestUrl: requestUrl(ctx, request),
    ...(typeof returnTo === 'string' && returnTo !== '' ? { returnTo } : {}),
    state: 'choose_method',
    ui: { nodes: input.nodes(csrfValue(ctx, request, input.type)), messages: input.messages ?? [] },
  });
}

/** The answer to a flow init: JSON for API flows and JSON clients, else a redirect to the flow's UI page. */
export function initResponse(ctx: MockContext, request: Request, h: ResponseToolkit, create: () => SelfServiceFlow): ResponseObject {
  const json = acceptsJson(request.headers) || request.path.endsWith('/api');
  try {
    const flow = create();
    return json ? flowResponse(h, flowJson(ctx, flow)) : redirect(h, uiUrl(ctx, flow));
  } catch (error) {
    if (isKratosError(error)) return forwardError(ctx, h, error, json);
    throw error;
  }
}

function expired(kind: FlowKind): KratosError {
  return errors.selfServiceFlowExpired(`The ${kind} flow has expired. Initialize a new ${kind} flow.`);
}

/** `GET /self-service/<kind>/flows?id=`. */
export function getFlowResponse(ctx: MockContext, request: Request, h: ResponseToolkit, kind: FlowKind): ResponseObject {
  const id = request.query['id'];
  const flow = isUuid(id) ? ctx.flows.getFlow(kind, id) : undefined;
  if (!flow) throw errors.resourceNotLocated();
  if (flow.expiresAt <= ctx.now()) throw expired(kind);
  return flowResponse(h, flowJson(ctx, flow));
}

export interface Submission {
  flow: SelfServiceFlow;
  body: Record<string, unknown>;
  /** JSON answers: an API flow or a JSON client. */
  json: boolean;
}

/** The start of `POST /self-service/<kind>?flow=`: the flow, its body, the CSRF check; or the error response. */
export function readSubmission(ctx: MockContext, request: Request, h: ResponseToolkit, kind: FlowKind): Submission | ResponseObject {
  const isJson = isJsonRequest(request.headers);
  const id = request.query['flow'];
  if (!isUuid(id)) return forwardError(ctx, h, errors.badRequest('The flow query parameter is missing or malformed.'), isJson);
  const flow = ctx.flows.getFlow(kind, id);
  if (!flow) return forwardError(ctx, h, errors.notFound(`The ${kind} flow could not be found. Please restart the flow.`), isJson);
  const json = isJson || flow.type === 'api';
  if (flow.expiresAt <= ctx.now()) return forwardError(ctx, h, expired(kind), json);
  try {
    const body = decodeBody(request.payload as Buffer | undefined, headerOf(request, 'content-type'));
    ensureCsrf(ctx, request, flow.type, body);
    return { flow, body, json };
  } catch (error) {
    if (!isKratosError(error)) throw error;
    if (error.code === 400)
      return answerInvalid(ctx, h, { flow, body: {}, json }, [
        { message: { id: 4000001, text: error.reason ?? error.message, type: 'error' } },
      ]);
    return forwardError(ctx, h, error, json);
  }
}

/** Messages on their nodes (or the flow), the csrf value refreshed; 400 JSON or 303 back to the UI page. */
export function answerInvalid(
  ctx: MockContext,
  h: ResponseToolkit,
  submission: Submission,
  messages: NodeMessage[],
  values: Record<string, unknown> = {},
): ResponseObject {
  const { flow } = submission;
  resetMessages(flow.ui);
  for (const node of flow.ui.nodes) {
    const key = nodeKey(node);
    if (node.type === 'input' && key in values && node.attributes['type'] !== 'password') node.attributes['value'] = values[key];
  }
  attachMessages(flow.ui, messages);
  ctx.flows.saveFlow(flow);
  if (!submission.json) return redirect(h, uiUrl(ctx, flow));
  return flowResponse(h, flowJson(ctx, flow), 400);
}

/** The flow after a state change: 200 JSON or 303 back to the UI page. */
export function answerFlow(ctx: MockContext, h: ResponseToolkit, submission: Submission): ResponseObject {
  ctx.flows.saveFlow(submission.flow);
  return submission.json ? flowResponse(h, flowJson(ctx, submission.flow)) : redirect(h, uiUrl(ctx, submission.flow));
}
