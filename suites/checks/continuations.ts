/**
 * Where an answer sends the client next, and what is found there: redirects back to the interrupted flow, continue_with,
 * replacement flows, and the stored state of a flow after a submit.
 */
import type { RecordedExchange } from '../../reporters/report.js';
import { headerOf, jsonOf } from '../client.js';
import { messagesOf, nodesOf } from '../ui-nodes.js';
import {
  PASS,
  SKIP,
  asRecord,
  describeExchange,
  effectCheck,
  errorIdOf,
  fail,
  isFlowBody,
  isRedirect,
  matchedOutcome,
  type Check,
  type CheckContext,
} from './types.js';

function urlOf(value: unknown, base: string): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** The login URL an answer sends the browser to: redirect_browser_to of a 403, or the Location of a redirect. */
function loginUrlOf(context: CheckContext, errorId: string, parameter: 'refresh' | 'aal'): URL | undefined {
  const { exchange } = context;
  const body = asRecord(context.body);
  if (exchange.response.status === 403 && errorIdOf(body) === errorId) return urlOf(body?.['redirect_browser_to'], exchange.request.url);
  if (!isRedirect(exchange.response.status)) return undefined;
  const location = urlOf(headerOf(exchange, 'location'), exchange.request.url);
  const wanted = parameter === 'refresh' ? 'true' : 'aal2';
  return location?.searchParams.get(parameter) === wanted ? location : undefined;
}

/** Kratos sends the user back to the flow after logging in again (return_to naming the flow). */
function leadsBackCheck(name: string, errorId: string, parameter: 'refresh' | 'aal', requirement: 'SF-CONTINUATION'): Check {
  return {
    name,
    requirements: [requirement],
    appliesTo: { operations: ['updateSettingsFlow', 'getSettingsFlow'] },
    evaluate(context) {
      if (context.flowId === undefined) return SKIP;
      const login = loginUrlOf(context, errorId, parameter);
      if (!login) return SKIP;
      const returnTo = urlOf(login.searchParams.get('return_to') ?? undefined, login.href);
      if (!returnTo)
        return fail(`the login URL ${login.href} has no return_to: after logging in the user cannot get back to flow ${context.flowId}`);
      return returnTo.searchParams.get('flow') === context.flowId
        ? PASS
        : fail(`the login URL's return_to ${returnTo.href} does not lead back to flow ${context.flowId}`);
    },
  };
}

export const reauthenticationLeadsBackToFlow = leadsBackCheck(
  'reauthenticationLeadsBackToFlow',
  'session_refresh_required',
  'refresh',
  'SF-CONTINUATION',
);
export const secondFactorLeadsBackToFlow = leadsBackCheck('secondFactorLeadsBackToFlow', 'session_aal2_required', 'aal', 'SF-CONTINUATION');

export const continueWithPointsAtReturnTo: Check = {
  name: 'continueWithPointsAtReturnTo',
  requirements: ['SF-CONTINUATION'],
  appliesTo: { statuses: [200] },
  evaluate(context) {
    const returnTo = matchedOutcome(context)?.returnTo;
    const items = asRecord(context.body)?.['continue_with'];
    if (returnTo === undefined || !Array.isArray(items)) return SKIP;
    const redirects = items.map(asRecord).filter((item) => item?.['action'] === 'redirect_browser_to');
    if (redirects.length === 0) return PASS;
    const target = redirects.at(-1)?.['redirect_browser_to'];
    return typeof target === 'string' && target.startsWith(returnTo)
      ? PASS
      : fail(`continue_with sends the browser to ${JSON.stringify(target)}, not to the flow's return_to ${returnTo}`);
  },
};

function flowBodyOf(exchange: RecordedExchange): Record<string, unknown> | undefined {
  const body = jsonOf(exchange);
  return isFlowBody(body) ? asRecord(body) : undefined;
}

function hasErrorMessage(flow: Record<string, unknown>): boolean {
  return messagesOf(flow).some((message) => message['type'] === 'error');
}

function valueAt(traits: Record<string, unknown>, path: string): unknown {
  let current: unknown = traits;
  for (const part of path.split('.')) current = asRecord(current)?.[part];
  return current;
}

export const storedFlowShowsSuccess = effectCheck('stored-success', {
  name: 'storedFlowShowsSuccess',
  requirements: ['SF-STORED-STATE'],
  evaluate(effect) {
    const flow = flowBodyOf(effect.refetchedFlow);
    // Against short lifespans the flow may have expired since: nothing to see then.
    if (effect.refetchedFlow.response.status === 410) return SKIP;
    if (effect.refetchedFlow.response.status !== 200 || !flow)
      return fail(`could not fetch the flow again after its success: ${describeExchange(effect.refetchedFlow)}`);
    if (flow['state'] !== 'success')
      return fail(`the submit succeeded, but flow ${effect.flowId} fetched again has state ${JSON.stringify(flow['state'])}`);
    if (!effect.traits) return PASS;
    for (const { attributes } of nodesOf(flow)) {
      const name = attributes['name'];
      if (typeof name !== 'string' || !name.startsWith('traits.')) continue;
      const shown = attributes['value'] === '' || attributes['value'] === null ? undefined : attributes['value'];
      const expected = valueAt(effect.traits, name.slice('traits.'.length));
      if (JSON.stringify(shown) !== JSON.stringify(expected)) {
        return fail(
          `flow ${effect.flowId} fetched after the change shows ${name} = ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`,
        );
      }
    }
    return PASS;
  },
});

export const browserIsSentBackToTheOutcome = effectCheck('followed-back', {
  name: 'browserIsSentBackToTheOutcome',
  requirements: ['SF-STORED-STATE'],
  evaluate(effect) {
    const flow = flowBodyOf(effect.fetched);
    if (effect.fetched.response.status === 410) return SKIP;
    if (effect.fetched.response.status !== 200 || !flow)
      return fail(
        `the settings UI the browser was sent to names flow ${effect.flowId}, which cannot be fetched: ${describeExchange(effect.fetched)}`,
      );
    if (effect.outcome === 'rejected' && !hasErrorMessage(flow))
      return fail(`the browser was sent back after a rejected submit, but flow ${effect.flowId} explains no error`);
    if (effect.outcome === 'success' && flow['state'] !== 'success')
      return fail(
        `the browser was sent back after a successful submit, but flow ${effect.flowId} has state ${JSON.stringify(flow['state'])}`,
      );
    return PASS;
  },
});

export const replacementFlowIsUsable = effectCheck('replacement-flow', {
  name: 'replacementFlowIsUsable',
  requirements: ['SF-CONTINUATION'],
  evaluate(effect) {
    if (effect.replacementId === undefined || effect.fetched === undefined) return SKIP;
    if (effect.replacementId === effect.expiredId)
      return fail(`the replacement for expired flow ${effect.expiredId} is the expired flow itself`);
    const flow = flowBodyOf(effect.fetched);
    if (effect.fetched.response.status !== 200 || !flow)
      return fail(`the replacement flow ${effect.replacementId} cannot be fetched: ${describeExchange(effect.fetched)}`);
    if (flow['type'] !== effect.flowType)
      return fail(`the replacement for an expired ${effect.flowType} flow is of type ${JSON.stringify(flow['type'])}`);
    const expiresAt = typeof flow['expires_at'] === 'string' ? Date.parse(flow['expires_at']) : NaN;
    const date = Date.parse(headerOf(effect.fetched, 'date') ?? '');
    if (!Number.isNaN(expiresAt) && !Number.isNaN(date) && expiresAt < date - 1000)
      return fail(`the replacement flow ${effect.replacementId} has expired already (expires_at ${String(flow['expires_at'])})`);
    return PASS;
  },
});

export const CONTINUATION_CHECKS: readonly Check[] = [
  reauthenticationLeadsBackToFlow,
  secondFactorLeadsBackToFlow,
  continueWithPointsAtReturnTo,
];
export const FOLLOW_UP_CHECKS: readonly Check[] = [storedFlowShowsSuccess, browserIsSentBackToTheOutcome, replacementFlowIsUsable];
