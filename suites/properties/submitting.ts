/** Submitting each method, valid and invalid, with and without a good CSRF token, with a privileged session. */
import fc from 'fast-check';
import {
  clientArbitrary,
  csrfArbitrary,
  encodingArbitrary,
  flowTypeArbitrary,
  inputArbitrary,
  methodArbitrary,
  returnToValue,
  submitUrlReturnTo,
} from '../arbitraries.js';
import { evaluateEffect, observe, type CaseContext } from '../harness.js';
import type { CsrfSituation, FlowType, SubmitMethod } from '../oracle.js';
import { expectSubmit } from '../submit-oracle.js';
import { withAccept, withBody } from '../requests.js';
import { csrfTokenOf, flowIdOf, type Session } from '../sessions.js';
import { defineProperty } from './define.js';
import { submitFloor, submitSituationLabel, type SubmitCase } from './floor.js';
import { followedBack, storedSuccess } from './follow-ups.js';
import { createOwnFlow, planSubmit, submitMethods, withCsrf } from './plans.js';

/**
 * A submit that changes nothing, whether it succeeds or fails: it may share a session with others like it. A change
 * gets a fresh session, which stays privileged longest (the target's clock runs on while requests queue).
 */
function changesNothing(input: { method: SubmitMethod; input: 'valid' | 'invalid'; csrf: CsrfSituation; flowType: FlowType }): boolean {
  if (input.input === 'invalid' || input.method === 'unknown' || (input.flowType === 'browser' && input.csrf !== 'valid')) return true;
  // Regenerating backup codes only shows them; WebAuthn on an API flow is taken by no method.
  return input.method === 'lookup_secret' || (input.method === 'webauthn' && input.flowType === 'api');
}

const sharedSessions = new WeakMap<object, Promise<Session>>();

/**
 * One identity's session for the submits that may share one, renewed once it is half way to the privileged max age
 * (each login costs the target a password hash, and the floor makes dozens of submits). Runs side by side wait for the
 * same login.
 */
async function sharedSession(context: CaseContext): Promise<Session> {
  const { provisioner } = context;
  const current = sharedSessions.get(provisioner);
  const session = current ? await current.catch(() => undefined) : undefined;
  if (session && Date.now() - session.authenticatedAt < provisioner.options.privilegedMaxAgeMs / 2) return session;
  if (sharedSessions.get(provisioner) !== current) return sharedSession(context);
  const next = provisioner.freshSession('shared', true);
  sharedSessions.set(provisioner, next);
  return next;
}

/** Each method with a privileged session: a fresh one where the submit may change the identity. */
export const submitting = defineProperty<SubmitCase, { methods: SubmitMethod[] }>({
  title:
    'SF-UPDATE: a submit with a privileged session succeeds when valid, explains invalid input with 400, and refuses a missing or wrong CSRF token on browser flows',
  given: (context) => ({ methods: submitMethods(context) }),
  inputs: (_context, { methods }) =>
    fc.record({
      flowType: flowTypeArbitrary,
      client: clientArbitrary,
      method: methodArbitrary(methods),
      input: inputArbitrary,
      csrf: csrfArbitrary,
      encoding: encodingArbitrary,
      // How an API flow's submit travels: a native app's token, or with a browser's cookie or Origin header as well.
      apiTransport: fc.constantFrom<'token' | 'cookie' | 'origin'>('token', 'token', 'token', 'cookie', 'origin'),
      withReturnTo: fc.boolean(),
      // A return_to on the submit URL must not override the flow's own (Kratos reads it from the flow's request_url).
      submitReturnTo: fc.boolean(),
    }),
  examples: (context, { methods }) => submitFloor(methods, context.target.oidcProvider !== undefined),
  async check(context, input, _given, { number }) {
    const { target, provisioner } = context;
    context.coverage?.note('submit', input.method, `${input.flowType} flow`, submitSituationLabel(input), input.client.label);
    const session = changesNothing(input)
      ? await sharedSession(context)
      : await provisioner.freshSession('submit', input.flowType === 'browser' || input.apiTransport === 'cookie');
    const jar = session.jar?.clone();
    const returnTo = input.withReturnTo ? returnToValue('allowed', target.publicBaseUrl) : undefined;
    const creation = await createOwnFlow(context, session, input.flowType, jar, returnTo);
    const flowId = flowIdOf(creation.answer.json);
    if (flowId === undefined) return [creation.observation];
    const created = creation.answer;
    const plan = planSubmit(context, {
      session,
      method: input.method,
      input: input.input,
      flow: created.json,
      runTag: `r${number}`,
      encoding: input.encoding,
    });
    const transport = input.flowType === 'browser' || input.apiTransport === 'cookie' ? 'cookie' : 'token';
    const origin = input.flowType === 'api' && input.apiTransport === 'origin';
    // Read only when sent: a browser-only session has no token.
    const token = () => ({ 'x-session-token': session.token, ...(origin ? { origin: target.publicBaseUrl } : {}) });
    const credentialsSpec =
      transport === 'cookie' ? { jar, ...(input.flowType === 'api' ? { headers: token() } : {}) } : { headers: token() };
    const spec = withAccept(input.client, credentialsSpec);
    // Too close to the privileged max age to know what the target decides: only the generic checks apply.
    const privilege = provisioner.privilegeOf(session);
    const flowReturnTo = returnTo !== undefined && input.flowType === 'browser' ? returnTo : undefined;
    const expectation =
      privilege === undefined
        ? undefined
        : expectSubmit({
            session: privilege,
            client: input.client,
            flow: 'own',
            flowType: input.flowType,
            transport,
            origin,
            method: input.method,
            input: plan.input ?? input.input,
            csrf: input.csrf,
            encoding: input.encoding,
            touchesIdentifier: input.method === 'profile',
            ...(flowReturnTo !== undefined ? { returnTo: flowReturnTo } : {}),
          });
    const submitUrl = `/self-service/settings?flow=${flowId}${input.submitReturnTo ? `&return_to=${encodeURIComponent(submitUrlReturnTo(target.publicBaseUrl))}` : ''}`;
    const observations = [creation.observation];
    let csrfToken = csrfTokenOf(created.json);
    if (plan.prepare && expectation?.rule === 'validUpdate') {
      // The target's schema may refuse the optional value: only the generic checks judge this step.
      const prepared = await observe(context, 'updateSettingsFlow', {
        method: 'POST',
        url: submitUrl,
        ...withBody(spec, withCsrf(plan.prepare, input.csrf, csrfToken, context.seed), input.encoding),
      });
      observations.push(prepared.observation);
      csrfToken = csrfTokenOf(prepared.answer.json) ?? csrfToken;
    }
    const body = withCsrf(plan.body, input.csrf, csrfToken, context.seed);
    const { answer, observation } = await observe(
      context,
      'updateSettingsFlow',
      { method: 'POST', url: submitUrl, ...withBody(spec, body, input.encoding) },
      { ...(expectation ? { expectation } : {}), flowId },
    );
    observations.push(observation);
    if (!expectation) return observations;
    // A 400 is never a success: it is the accepted alternative where the target's schema decides (security keys).
    const accepted = expectation.outcomes.some((outcome) => outcome.status === answer.status);
    // An OIDC link with a bad CSRF token may be refused or go ahead (the guide and Kratos differ): no effect to expect.
    const csrfUndecided = input.method === 'oidc' && input.flowType === 'browser' && input.csrf !== 'valid';
    const succeeded =
      (expectation.rule === 'validUpdate' || expectation.rule === 'oidcLink') && answer.status !== 400 && accepted && !csrfUndecided;
    const followCredentials = transport === 'cookie' ? { jar } : { headers: { 'x-session-token': session.token } };
    // The stored flow first: it expires soonest.
    if (succeeded && expectation.rule === 'validUpdate' && answer.status === 200) {
      const traits = input.method === 'profile' ? (plan.body['traits'] as Record<string, unknown>) : undefined;
      observations.push(evaluateEffect(context, answer, expectation, await storedSuccess(context, flowId, followCredentials, traits)));
    }
    // Browser navigation is sent back to the settings UI after a rejection (and after a success without return_to).
    const rejected = expectation.rule === 'invalidInput' || expectation.rule === 'unknownMethod';
    // A security key's 303 may be a success or the 4000009 rejection (the schema decides), so it says nothing here.
    const ambiguous = input.method === 'webauthn' || input.method === 'passkey';
    if ((rejected || (succeeded && expectation.rule === 'validUpdate' && !ambiguous)) && answer.status === 303 && accepted) {
      const followed = await followedBack(context, answer, rejected ? 'rejected' : 'success', followCredentials);
      if (followed) observations.push(evaluateEffect(context, answer, expectation, followed));
    }
    if (succeeded && plan.effect)
      observations.push(
        evaluateEffect(
          context,
          answer,
          expectation,
          await plan.effect({ session, flowType: input.flowType, jar: transport === 'cookie' ? jar : undefined, answer }),
        ),
      );
    if (plan.invalidNode !== undefined && expectation.rule === 'invalidInput' && answer.status === 400) {
      observations.push(evaluateEffect(context, answer, expectation, { kind: 'invalid-traits', node: plan.invalidNode }));
    }
    return observations;
  },
});
