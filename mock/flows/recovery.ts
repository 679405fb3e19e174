/**
 * Code-based recovery: the code proves the address, the mock signs the person in (a fresh, so privileged, session)
 * and hands over to a settings flow, as
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/code/strategy_recovery.go#L259-L347
 * does with continue_with transitions: API and JSON clients get the flow with `show_settings_ui` (API flows first the
 * `set_ory_session_token`), browsers a redirect to the settings UI.
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, requestUrl, sessionCookie, type MockContext } from '../context.js';
import { errors } from '../errors.js';
import { acceptsJson } from '../http/negotiation.js';
import { defaultBrowserReturnUrl, withQuery } from '../http/urls.js';
import { csrfNode, newSettingsFlow } from '../settings/flow.js';
import { redirect } from '../settings/guards.js';
import { flowResponse } from '../http/responses.js';
import { info } from '../ui.js';
import type { FlowType } from '../store.js';
import { flowJson, initResponse, newFlow, readSubmission } from './common.js';
import type { SelfServiceFlow } from './store.js';
import { codeNodes, codeStep, csrfOf } from './verification.js';

/** `POST /self-service/recovery?flow=`. */
export async function updateRecovery(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const submission = readSubmission(ctx, request, h, 'recovery');
  if (!('flow' in submission)) return submission;
  return codeStep(ctx, h, submission, (identityId) => recovered(ctx, request, h, submission.json, submission.flow, identityId));
}

async function recovered(
  ctx: MockContext,
  request: Request,
  h: ResponseToolkit,
  json: boolean,
  flow: SelfServiceFlow,
  identityId: string,
): Promise<ResponseObject> {
  const identity = ctx.store.getIdentity(identityId);
  if (!identity) throw errors.notFound('The recovered identity no longer exists.');
  const session = ctx.store.createSession({
    identityId,
    lifespanMs: ctx.config.sessionLifespanMs,
    methods: [{ method: 'code_recovery', aal: 'aal1', completedAt: ctx.now() }],
  });
  // The settings flow takes over the recovery flow's return_to (redir.TakeOverReturnToParameter).
  const settingsRequestUrl = flow.returnTo ? withQuery(requestUrl(ctx, request), { return_to: flow.returnTo }) : requestUrl(ctx, request);
  const settings = await newSettingsFlow(ctx, request, { type: flow.type, identity, requestUrl: settingsRequestUrl });
  const minutes = (ctx.config.privilegedMaxAgeMs / 60000).toFixed(2);
  settings.ui.messages = [
    info(
      1060001,
      `You successfully recovered your account. Please change your password or set up an alternative login method (e.g. social sign in) within the next ${minutes} minutes.`,
    ),
  ];
  ctx.store.saveSettingsFlow(settings);
  const settingsUrl = withQuery(ctx.config.ui.settings, { flow: settings.id });
  flow.state = 'passed_challenge';
  flow.ui = { nodes: [csrfNode(csrfOf(flow))], messages: [] };
  flow.continueWith = [
    ...(flow.type === 'api' ? [{ action: 'set_ory_session_token', ory_session_token: session.token }] : []),
    { action: 'show_settings_ui', flow: { id: settings.id, url: settingsUrl } },
  ];
  const body = flowJson(ctx, flow);
  delete flow.continueWith;
  ctx.flows.saveFlow(flow);
  if (flow.type === 'api') return flowResponse(h, body);
  const cookie = sessionCookie(ctx, session);
  return (json ? flowResponse(h, body) : redirect(h, settingsUrl)).header('Set-Cookie', cookie, { append: true });
}

/** `GET /self-service/recovery/{browser,api}`: not while signed in, as Kratos refuses it. */
export function createRecovery(ctx: MockContext, request: Request, h: ResponseToolkit, type: FlowType): ResponseObject {
  if (authenticate(ctx, request)) {
    if (type === 'api' || acceptsJson(request.headers)) {
      throw errors.sessionAlreadyAvailable('recovery');
    }
    return redirect(h, defaultBrowserReturnUrl(ctx.config));
  }
  return initResponse(ctx, request, h, () =>
    newFlow(ctx, request, { kind: 'recovery', type, nodes: (csrf) => codeNodes(csrf, 'recovery') }),
  );
}
