/**
 * Login flows (`/self-service/login/{api,browser,flows}`, `POST /self-service/login`): password first factor, refresh,
 * and aal2 with TOTP or lookup codes, so that clients obtain the sessions the settings flow needs.
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, headerOf, requestUrl, sessionCookie, type MockContext } from '../context.js';
import { verifyPassword } from '../crypto/password-hash.js';
import { verifyTotp } from '../crypto/totp.js';
import { errors, isKratosError } from '../errors.js';
import { decodeBody } from '../http/body.js';
import { acceptsJson, isJsonRequest } from '../http/negotiation.js';
import { defaultBrowserReturnUrl, secureReturnTo, withQuery } from '../http/urls.js';
import { identifierPaths, traitProperties } from '../identity-schema.js';
import { getPath } from '../../spec/json.js';
import { csrfNode, csrfValue, rfc3339 } from '../settings/flow.js';
import { ensureCsrf, forwardError, redirect } from '../settings/guards.js';
import { flowResponse, isUuid } from '../http/responses.js';
import { lookupCodes, type LookupCode } from '../strategies/lookup-secret.js';
import type { Aal, FlowType, Identity, LoginFlow, Session } from '../store.js';
import { attachMessages, error as errorText, info, inputNode, resetMessages, submitNode, type UiNode, type UiText } from '../ui.js';
import { sessionJson } from './json.js';

function identifierLabel(ctx: MockContext): UiText {
  const path = identifierPaths(ctx.config.identitySchema, 'password')[0];
  const property = traitProperties(ctx.config.identitySchema).find((candidate) => candidate.path === path);
  const title = property?.schema['title'];
  return typeof title === 'string' ? info(1070002, title, { name: 'identifier', title }) : info(1070004, 'ID');
}

function loginNodes(ctx: MockContext, csrf: string, aal: Aal, identity: Identity | undefined): UiNode[] {
  const nodes = [csrfNode(csrf)];
  if (aal === 'aal2') {
    nodes.push(
      inputNode('totp', 'totp_code', 'text', {
        required: true,
        autocomplete: 'one-time-code',
        label: info(1010006, 'Authentication code'),
      }),
      submitNode('totp', 'method', 'totp', info(1010009, 'Use Authenticator')),
      inputNode('lookup_secret', 'lookup_secret', 'text', { required: true, label: info(1010007, 'Backup recovery code') }),
      submitNode('lookup_secret', 'method', 'lookup_secret', info(1010010, 'Use backup recovery code')),
    );
    return nodes;
  }
  const identifier = identity
    ? identifierPaths(ctx.config.identitySchema, 'password')
        .map((path) => getPath(identity.traits, path))
        .find((value) => typeof value === 'string')
    : undefined;
  nodes.push(
    identifier === undefined
      ? inputNode('default', 'identifier', 'text', { required: true, autocomplete: 'username', label: identifierLabel(ctx) })
      : inputNode('default', 'identifier', 'hidden', { value: identifier, required: true }),
    inputNode('password', 'password', 'password', { required: true, autocomplete: 'current-password', label: info(1070001, 'Password') }),
    submitNode('password', 'method', 'password', info(1010001, 'Sign in')),
  );
  return nodes;
}

export function loginFlowJson(ctx: MockContext, flow: LoginFlow): Record<string, unknown> {
  const ui: Record<string, unknown> = {
    action: `${ctx.config.publicBaseUrl}/self-service/login?flow=${flow.id}`,
    method: 'POST',
    nodes: flow.ui.nodes,
  };
  if (flow.ui.messages.length > 0) ui['messages'] = flow.ui.messages;
  return {
    id: flow.id,
    organization_id: null,
    type: flow.type,
    expires_at: rfc3339(flow.expiresAt),
    issued_at: rfc3339(flow.issuedAt),
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ui,
    created_at: rfc3339(flow.issuedAt),
    updated_at: rfc3339(flow.issuedAt),
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    state: flow.state,
  };
}

/** Creates a login flow for `GET /self-service/login/{api,browser}`. */
export function createLoginFlow(ctx: MockContext, request: Request, h: ResponseToolkit, type: FlowType): ResponseObject {
  const json = type === 'api' || acceptsJson(request.headers);
  const query = request.query as Record<string, unknown>;
  const refresh = query['refresh'] === 'true';
  const requestedAal: Aal = query['aal'] === 'aal2' ? 'aal2' : 'aal1';
  const returnTo = typeof query['return_to'] === 'string' && query['return_to'] !== '' ? query['return_to'] : undefined;
  const auth = authenticate(ctx, request);
  let absoluteReturnTo: string | undefined;
  if (returnTo !== undefined && type === 'browser') {
    try {
      absoluteReturnTo = secureReturnTo(ctx.config, returnTo);
    } catch (error) {
      if (isKratosError(error)) return forwardError(ctx, h, error, isJsonRequest(request.headers));
      throw error;
    }
  }
  if (requestedAal === 'aal2' && !auth) {
    throw errors.sessionAal1Required();
  }
  if (auth && !refresh && (requestedAal === 'aal1' || auth.session.aal === 'aal2')) {
    if (json) throw errors.sessionAlreadyAvailable('login');
    return redirect(h, absoluteReturnTo ?? defaultBrowserReturnUrl(ctx.config));
  }
  const now = ctx.now();
  const upgrade = auth && (refresh || requestedAal === 'aal2') ? auth : undefined;
  const flow: LoginFlow = {
    id: ctx.newId(),
    type,
    issuedAt: now,
    expiresAt: now + ctx.config.loginFlowLifespanMs,
    requestUrl: requestUrl(ctx, request),
    ...(returnTo ? { returnTo } : {}),
    refresh,
    requestedAal,
    ...(upgrade ? { sessionId: upgrade.session.id } : {}),
    state: 'choose_method',
    ui: {
      nodes: loginNodes(ctx, csrfValue(ctx, request, type), requestedAal, refresh ? upgrade?.identity : undefined),
      messages:
        requestedAal === 'aal2'
          ? [info(1010004, 'Please complete the second authentication challenge.')]
          : refresh
            ? [info(1010003, 'Please confirm this action by verifying that it is you.')]
            : [],
    },
  };
  ctx.store.saveLoginFlow(flow);
  if (json) return flowResponse(h, loginFlowJson(ctx, flow));
  return redirect(h, withQuery(ctx.config.ui.login, { flow: flow.id }));
}

export function getLoginFlow(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject {
  csrfValue(ctx, request, 'browser');
  const id = request.query['id'];
  const flow = isUuid(id) ? ctx.store.getLoginFlow(id) : undefined;
  if (!flow) throw errors.resourceNotLocated();
  if (flow.expiresAt <= ctx.now()) {
    throw errors.flowGone('The login flow has expired. Initialize a new login flow.');
  }
  return flowResponse(h, loginFlowJson(ctx, flow));
}

function invalidCredentials(): UiText {
  return errorText(
    4000006,
    'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
  );
}

type Outcome = { identity: Identity; method: string; aal: Aal } | { messages: { node?: string; message: UiText }[] };

async function authenticateSubmit(ctx: MockContext, flow: LoginFlow, body: Record<string, unknown>): Promise<Outcome> {
  const method = body['method'];
  const upgraded = flow.sessionId ? ctx.store.getSession(flow.sessionId) : undefined;
  const upgradedIdentity = upgraded ? ctx.store.getIdentity(upgraded.identityId) : undefined;
  if (method === 'password' && flow.requestedAal === 'aal1') {
    const identifier = body['identifier'];
    const password = body['password'];
    if (typeof identifier !== 'string' || identifier === '') {
      return {
        messages: [{ node: 'identifier', message: errorText(4000002, 'Property identifier is missing.', { property: 'identifier' }) }],
      };
    }
    if (typeof password !== 'string' || password === '') {
      return { messages: [{ node: 'password', message: errorText(4000002, 'Property password is missing.', { property: 'password' }) }] };
    }
    const identity = ctx.store.findByIdentifier('password', identifier.trim());
    const ok = identity !== undefined && (await verifyPassword(password, identity.credentials['password']?.config['hashed_password']));
    if (!identity || !ok) return { messages: [{ message: invalidCredentials() }] };
    return { identity, method: 'password', aal: 'aal1' };
  }
  if (method === 'totp' && flow.requestedAal === 'aal2' && upgradedIdentity) {
    const secret = upgradedIdentity.credentials['totp']?.config['secret'];
    if (typeof secret !== 'string' || !verifyTotp(secret, body['totp_code'], ctx.now())) {
      return {
        messages: [{ node: 'totp_code', message: errorText(4000008, 'The provided authentication code is invalid, please try again.') }],
      };
    }
    return { identity: upgradedIdentity, method: 'totp', aal: 'aal2' };
  }
  if (method === 'lookup_secret' && flow.requestedAal === 'aal2' && upgradedIdentity) {
    const codes = lookupCodes(upgradedIdentity);
    const index = codes.findIndex((entry) => entry.code === body['lookup_secret'] && !entry.used_at);
    if (index === -1)
      return { messages: [{ node: 'lookup_secret', message: errorText(4000016, 'The backup recovery code is not valid.') }] };
    const used: LookupCode[] = codes.map((entry, position) => (position === index ? { ...entry, used_at: rfc3339(ctx.now()) } : entry));
    const credential = upgradedIdentity.credentials['lookup_secret'];
    if (credential) {
      ctx.store.saveIdentity({
        ...upgradedIdentity,
        credentials: { ...upgradedIdentity.credentials, lookup_secret: { ...credential, config: { recovery_codes: used } } },
      });
    }
    return { identity: upgradedIdentity, method: 'lookup_secret', aal: 'aal2' };
  }
  return {
    messages: [{ message: errorText(4010002, 'Could not find a strategy to log you in with. Did you fill out the form correctly?') }],
  };
}

/** `POST /self-service/login?flow=`. */
export async function updateLoginFlow(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const json = isJsonRequest(request.headers);
  const id = request.query['flow'];
  if (!isUuid(id)) return forwardError(ctx, h, errors.badRequest('The flow query parameter is missing or malformed.'), json);
  const flow = ctx.store.getLoginFlow(id);
  if (!flow) return forwardError(ctx, h, errors.notFound('The login flow could not be found. Please restart the flow.'), json);
  const jsonish = json || flow.type === 'api';
  if (flow.expiresAt <= ctx.now()) {
    throw errors.selfServiceFlowExpired('The self-service flow expired, initialize a new one.');
  }
  const respondInvalid = (messages: { node?: string; message: UiText }[]): ResponseObject => {
    resetMessages(flow.ui);
    attachMessages(flow.ui, messages);
    ctx.store.saveLoginFlow(flow);
    if (!jsonish) return redirect(h, withQuery(ctx.config.ui.login, { flow: flow.id }));
    return flowResponse(h, loginFlowJson(ctx, flow), 400);
  };
  let body: Record<string, unknown>;
  try {
    body = decodeBody(request.payload as Buffer | undefined, headerOf(request, 'content-type'));
    ensureCsrf(ctx, request, flow.type, body);
  } catch (error) {
    if (isKratosError(error) && error.code === 400) return respondInvalid([{ message: errorText(4000001, error.reason ?? error.message) }]);
    if (isKratosError(error)) return forwardError(ctx, h, error, jsonish);
    throw error;
  }
  const outcome = await authenticateSubmit(ctx, flow, body);
  if ('messages' in outcome) return respondInvalid(outcome.messages);
  const session = establishSession(ctx, flow, outcome);
  flow.state = 'passed_challenge';
  ctx.store.saveLoginFlow(flow);
  const identity = ctx.store.getIdentity(session.identityId) ?? outcome.identity;
  if (flow.type === 'api') return flowResponse(h, { session_token: session.token, session: sessionJson(ctx, session, identity) });
  const cookie = sessionCookie(ctx, session);
  // The validated, absolute return_to; a browser flow submitted as JSON also gets it as continue_with, as in
  // https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/flow/login/hook.go#L156-L175
  const returnTo = flow.returnTo === undefined ? defaultBrowserReturnUrl(ctx.config) : secureReturnTo(ctx.config, flow.returnTo);
  if (json) {
    const body = {
      session: sessionJson(ctx, session, identity),
      continue_with: [{ action: 'redirect_browser_to', redirect_browser_to: returnTo }],
    };
    return flowResponse(h, body).header('Set-Cookie', cookie, { append: true });
  }
  return redirect(h, returnTo).header('Set-Cookie', cookie, { append: true });
}

/** Refresh and aal2 upgrade the flow's session when it belongs to the same identity; otherwise a new session starts. */
function establishSession(ctx: MockContext, flow: LoginFlow, outcome: { identity: Identity; method: string; aal: Aal }): Session {
  const existing = flow.sessionId ? ctx.store.getSession(flow.sessionId) : undefined;
  const method = { method: outcome.method, aal: outcome.aal, completedAt: ctx.now() };
  if (existing && existing.identityId === outcome.identity.id && existing.expiresAt > ctx.now()) {
    return ctx.store.addAuthenticationMethod(existing.id, method) ?? existing;
  }
  return ctx.store.createSession({ identityId: outcome.identity.id, lifespanMs: ctx.config.sessionLifespanMs, methods: [method] });
}
