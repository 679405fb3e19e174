/**
 * Password registration: traits from the identity schema and a password under the settings flow's policy. Success
 * signs the person in (Kratos's `session` after-hook) and, when the schema marks a verifiable address, starts a
 * verification flow whose code is in the outbox: continue_with `show_verification_ui`, after `set_ory_session_token`
 * for API flows, as https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/flow/registration/hook.go
 * orders them.
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { authenticate, sessionCookie, type MockContext } from '../context.js';
import { hashPassword } from '../crypto/password-hash.js';
import { errors, KratosError } from '../errors.js';
import { acceptsJson } from '../http/negotiation.js';
import { defaultBrowserReturnUrl, secureReturnTo } from '../http/urls.js';
import { addressTraits, identifiersFromTraits, profileNodes, traitPaths } from '../identity-schema.js';
import { getPath } from '../../spec/json.js';
import { csrfNode, identityJson } from '../settings/flow.js';
import { redirect } from '../settings/guards.js';
import { flowResponse } from '../http/responses.js';
import { passwordPolicyMessage } from '../strategies/password.js';
import { sessionJson } from '../support/json.js';
import { coerceTraits, validateTraits } from '../traits.js';
import type { FlowType } from '../store.js';
import { error, info, inputNode, submitNode, type UiNode } from '../ui.js';
import { answerInvalid, initResponse, newFlow, readSubmission } from './common.js';
import { showVerificationUi, startVerification } from './verification.js';

function registrationNodes(ctx: MockContext, csrf: string): UiNode[] {
  return [
    csrfNode(csrf),
    ...profileNodes(ctx.config.identitySchema, {}).map((node) => ({ ...node, group: 'default' as const })),
    inputNode('password', 'password', 'password', { required: true, autocomplete: 'new-password', label: info(1070001, 'Password') }),
    submitNode('password', 'method', 'password', info(1040001, 'Sign up')),
  ];
}

/** `GET /self-service/registration/{browser,api}`: a signed-in browser is sent on, as Kratos does. */
export function createRegistration(ctx: MockContext, request: Request, h: ResponseToolkit, type: FlowType): ResponseObject {
  if (authenticate(ctx, request)) {
    if (type === 'api' || acceptsJson(request.headers)) {
      throw errors.sessionAlreadyAvailable('registration');
    }
    return redirect(h, defaultBrowserReturnUrl(ctx.config));
  }
  return initResponse(ctx, request, h, () =>
    newFlow(ctx, request, { kind: 'registration', type, nodes: (csrf) => registrationNodes(ctx, csrf) }),
  );
}

/** `POST /self-service/registration?flow=`. */
export async function updateRegistration(ctx: MockContext, request: Request, h: ResponseToolkit): Promise<ResponseObject> {
  const submission = readSubmission(ctx, request, h, 'registration');
  if (!('flow' in submission)) return submission;
  const { flow, body } = submission;
  const schema = ctx.config.identitySchema;
  if (body['method'] !== 'password') {
    return answerInvalid(ctx, h, submission, [
      { message: error(4010001, 'Could not find a strategy to sign you up with. Did you fill out the form correctly?') },
    ]);
  }
  const traits = coerceTraits(schema, body['traits'] ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(traitPaths(schema).map((path) => [`traits.${path}`, getPath(traits, path)]));
  const problems = validateTraits(schema, traits);
  const password = body['password'];
  if (typeof password !== 'string' || password === '') {
    problems.push({ node: 'password', message: error(4000002, 'Property password is missing.', { property: 'password' }) });
  }
  if (problems.length > 0) return answerInvalid(ctx, h, submission, problems, values);
  const identifiers = identifiersFromTraits(schema, traits, 'password');
  if (identifiers.length === 0) {
    return answerInvalid(
      ctx,
      h,
      submission,
      [
        {
          message: error(
            4000009,
            'Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.',
          ),
        },
      ],
      values,
    );
  }
  const policy = passwordPolicyMessage(ctx.config, password as string, traits);
  if (policy) return answerInvalid(ctx, h, submission, [{ node: 'password', message: policy }], values);
  if (identifiers.some((identifier) => ctx.store.findByIdentifier('password', identifier))) {
    return answerInvalid(
      ctx,
      h,
      submission,
      [{ message: error(4000007, 'An account with the same identifier (email, phone, username, ...) exists already.') }],
      values,
    );
  }
  let returnTo: string;
  try {
    returnTo = flow.returnTo ? secureReturnTo(ctx.config, flow.returnTo) : defaultBrowserReturnUrl(ctx.config);
  } catch (failure) {
    if (failure instanceof KratosError)
      return answerInvalid(ctx, h, submission, [{ message: error(4000001, failure.reason ?? failure.message) }], values);
    throw failure;
  }
  const credentials = {
    password: ctx.store.newCredential('password', identifiers, {
      hashed_password: await hashPassword(password as string, ctx.config.password.hashCost),
    }),
  };
  const identity = ctx.store.createIdentity({ schemaId: ctx.config.identitySchemaId, traits, credentials });
  const session = ctx.store.createSession({
    identityId: identity.id,
    lifespanMs: ctx.config.sessionLifespanMs,
    methods: [{ method: 'password', aal: 'aal1', completedAt: ctx.now() }],
  });
  const address = addressTraits(schema, traits, 'verification')[0]?.value;
  const verification = address === undefined ? undefined : startVerification(ctx, request, flow.type, address);
  const continueWith = [
    ...(flow.type === 'api' ? [{ action: 'set_ory_session_token', ory_session_token: session.token }] : []),
    ...(verification ? [showVerificationUi(ctx, verification)] : []),
    ...(flow.type === 'browser' && submission.json ? [{ action: 'redirect_browser_to', redirect_browser_to: returnTo }] : []),
  ];
  flow.state = 'passed_challenge';
  ctx.flows.saveFlow(flow);
  const answer = {
    identity: identityJson(ctx, identity),
    session: sessionJson(ctx, session, identity),
    ...(flow.type === 'api' ? { session_token: session.token } : {}),
    continue_with: continueWith,
  };
  if (flow.type === 'api') return flowResponse(h, answer);
  const cookie = sessionCookie(ctx, session);
  return (submission.json ? flowResponse(h, answer) : redirect(h, returnTo)).header('Set-Cookie', cookie, { append: true });
}
