/**
 * Code-based verification (Kratos's `code` method): send a code to an address, submit it, the address is verified.
 * States choose_method → sent_email → passed_challenge, as in
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/strategy/code/strategy_verification.go
 */
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { randomInt } from 'node:crypto';
import type { MockContext } from '../context.js';
import { addressTraits } from '../identity-schema.js';
import { csrfNode } from '../settings/flow.js';
import type { FlowType, Identity } from '../store.js';
import { error, info, inputNode, submitNode, type UiNode } from '../ui.js';
import { answerFlow, answerInvalid, initResponse, newFlow, readSubmission, uiUrl, type Submission } from './common.js';
import type { FlowKind, SelfServiceFlow } from './store.js';

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The nodes asking for an address (choose_method) or for the code sent to it (sent_email). */
export function codeNodes(csrf: string, kind: FlowKind, sentTo?: string): UiNode[] {
  const nodes = [csrfNode(csrf)];
  if (sentTo === undefined) {
    nodes.push(
      inputNode('code', 'email', 'email', { required: true, autocomplete: 'email', label: info(1070007, 'Email') }),
      submitNode('code', 'method', 'code', info(1070005, 'Submit')),
    );
    return nodes;
  }
  nodes.push(
    inputNode('code', 'code', 'text', {
      required: true,
      autocomplete: 'one-time-code',
      label: kind === 'recovery' ? info(1070010, 'Recovery code') : info(1070011, 'Verification code'),
    }),
    inputNode('code', 'method', 'hidden', { value: 'code' }),
    submitNode('code', 'method', 'code', info(1070009, 'Continue')),
    submitNode('code', 'email', sentTo, info(1070008, 'Resend code')),
  );
  return nodes;
}

/** The identity owning this verifiable or recovery address, if any. */
export function ownerOf(ctx: MockContext, address: string, kind: 'verification' | 'recovery'): Identity | undefined {
  const wanted = address.trim().toLowerCase();
  return ctx.store
    .listIdentities()
    .find((identity) =>
      addressTraits(ctx.config.identitySchema, identity.traits, kind).some(({ value }) => value.toLowerCase() === wanted),
    );
}

/** Puts the flow into sent_email with a fresh code in the outbox (an unknown address gets a "not registered" mail). */
export function sendCode(ctx: MockContext, flow: SelfServiceFlow, address: string, csrf: string): void {
  const kind = flow.kind === 'recovery' ? 'recovery' : 'verification';
  const owner = ownerOf(ctx, address, kind);
  const code = newCode();
  if (owner) {
    ctx.flows.send({
      recipient: address,
      templateType: `${kind}_code_valid`,
      subject: kind === 'recovery' ? 'Recover access to your account' : 'Please verify your email address',
      body:
        kind === 'recovery'
          ? `Recover access to your account by entering the following code: ${code}`
          : `Please verify your account by entering the following code: ${code}`,
    });
    flow.sent = { code, address, identityId: owner.id };
  } else {
    ctx.flows.send({
      recipient: address,
      templateType: `${kind}_code_invalid`,
      subject: `Account access attempted`,
      body: 'Someone asked for a code for this address, but it belongs to no account.',
    });
    flow.sent = { code: '', address };
  }
  flow.state = 'sent_email';
  flow.ui = {
    nodes: codeNodes(csrf, flow.kind, address),
    messages: [
      kind === 'recovery'
        ? info(
            1060003,
            'An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
          )
        : info(
            1080003,
            'An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
          ),
    ],
  };
}

/** A verification flow that has already sent its code to `address`: what registration and settings hand over. */
export function startVerification(ctx: MockContext, request: Request, type: FlowType, address: string): SelfServiceFlow {
  const flow = newFlow(ctx, request, { kind: 'verification', type, nodes: (csrf) => codeNodes(csrf, 'verification'), handedOver: true });
  const csrf = flow.ui.nodes[0]?.attributes['value'];
  sendCode(ctx, flow, address, typeof csrf === 'string' ? csrf : '');
  return ctx.flows.saveFlow(flow);
}

/**
 * After a settings change: a new, unverified address gets a verification flow with its code sent, as Kratos's
 * verification hook does for addresses still pending:
 * https://github.com/ory/kratos/blob/b86338da04a040247a07f46100a86dcfb3875909/selfservice/hook/verification.go#L127-L206
 */
export function verifyNewAddress(
  ctx: MockContext,
  request: Request,
  type: FlowType,
  before: Identity,
  after: Identity,
): SelfServiceFlow | undefined {
  const schema = ctx.config.identitySchema;
  const known = new Set(addressTraits(schema, before.traits, 'verification').map(({ value }) => value));
  const added = addressTraits(schema, after.traits, 'verification').find(
    ({ value }) => !known.has(value) && after.verifiedAddresses?.[value] === undefined,
  );
  return added ? startVerification(ctx, request, type, added.value) : undefined;
}

/** The continue_with item pointing a client at that verification flow. */
export function showVerificationUi(ctx: MockContext, flow: SelfServiceFlow): Record<string, unknown> {
  // Only browser flows have a UI page to name; Kratos leaves `url` out otherwise.
  const url = flow.type === 'browser' ? { url: uiUrl(ctx, flow) } : {};
  return { action: 'show_verification_ui', flow: { id: flow.id, verifiable_address: flow.sent?.address ?? '', ...url } };
}

/** The csrf node's current value, for nodes rebuilt during a submit. */
export function csrfOf(flow: SelfServiceFlow): string {
  const value = flow.ui.nodes.find((node) => node.attributes['name'] === 'csrf_token')?.attributes['value'];
  return typeof value === 'string' ? value : '';
}

/** The shared first step of both code flows: an address to send to, or a code to check. */
export function codeStep(
  ctx: MockContext,
  h: ResponseToolkit,
  submission: Submission,
  onValidCode: (identityId: string) => ResponseObject | Promise<ResponseObject>,
): ResponseObject | Promise<ResponseObject> {
  const { flow, body } = submission;
  const invalidText =
    flow.kind === 'recovery'
      ? error(4060006, 'The recovery code is invalid or has already been used. Please try again.')
      : error(4070006, 'The verification code is invalid or has already been used. Please try again.');
  if (typeof body['code'] === 'string' && body['code'] !== '' && flow.state === 'sent_email') {
    const sent = flow.sent;
    if (!sent || sent.identityId === undefined || sent.code === '' || body['code'].trim() !== sent.code) {
      return answerInvalid(ctx, h, submission, [{ message: invalidText }]);
    }
    flow.sent = { ...sent, code: '' };
    return onValidCode(sent.identityId);
  }
  const email = body['email'];
  if (typeof email !== 'string' || email.trim() === '') {
    return answerInvalid(ctx, h, submission, [
      { node: 'email', message: error(4000002, 'Property email is missing.', { property: 'email' }) },
    ]);
  }
  sendCode(ctx, flow, email.trim(), csrfOf(flow));
  return answerFlow(ctx, h, submission);
}

/** `POST /self-service/verification?flow=`. */
export function updateVerification(ctx: MockContext, request: Request, h: ResponseToolkit): ResponseObject | Promise<ResponseObject> {
  const submission = readSubmission(ctx, request, h, 'verification');
  if (!('flow' in submission)) return submission;
  return codeStep(ctx, h, submission, (identityId) => {
    const identity = ctx.store.getIdentity(identityId);
    const address = submission.flow.sent?.address ?? '';
    if (identity) ctx.store.saveIdentity({ ...identity, verifiedAddresses: { ...identity.verifiedAddresses, [address]: ctx.now() } });
    submission.flow.state = 'passed_challenge';
    submission.flow.ui = {
      nodes: [csrfNode(csrfOf(submission.flow))],
      messages: [info(1080002, 'You successfully verified your email address.')],
    };
    return answerFlow(ctx, h, submission);
  });
}

/** `GET /self-service/verification/{browser,api}`: with or without a session. */
export function createVerification(ctx: MockContext, request: Request, h: ResponseToolkit, type: FlowType): ResponseObject {
  return initResponse(ctx, request, h, () =>
    newFlow(ctx, request, { kind: 'verification', type, nodes: (csrf) => codeNodes(csrf, 'verification') }),
  );
}
