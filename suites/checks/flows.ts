/** Checks of flow bodies and of the cookies the init endpoints set. */
import { setCookiesOf } from '../client.js';
import { parseSetCookie } from '../cookies.js';
import { messagesOf, nodeNamed, nodesOf, uiMessagesOf } from '../ui-nodes.js';
import { PASS, SKIP, UUID_PATTERN, asRecord, errorIdOf, fail, isFlowBody, matchedOutcome, type Check } from './types.js';

export const createdFlowMatchesEndpoint: Check = {
  name: 'createdFlowMatchesEndpoint',
  requirements: ['SF-FLOW-SHAPE'],
  appliesTo: { operations: ['createBrowserSettingsFlow', 'createNativeSettingsFlow'], statuses: [200] },
  evaluate({ operationId, exchange, body }) {
    const expectedType = operationId === 'createBrowserSettingsFlow' ? 'browser' : 'api';
    const flow = asRecord(body);
    if (!flow) return fail('the 200 body is not a JSON object');
    if (flow['type'] !== expectedType) return fail(`flow.type is ${JSON.stringify(flow['type'])}, expected "${expectedType}"`);
    if (flow['state'] !== 'show_form') return fail(`a new flow's state is ${JSON.stringify(flow['state'])}, expected "show_form"`);
    const ui = asRecord(flow['ui']);
    if (!ui || typeof ui['action'] !== 'string') return fail('flow.ui.action is missing');
    if (String(ui['method']).toUpperCase() !== 'POST') return fail(`flow.ui.method is ${JSON.stringify(ui['method'])}, expected POST`);
    let action: URL;
    try {
      action = new URL(ui['action'], exchange.request.url);
    } catch {
      return fail(`flow.ui.action "${ui['action']}" is not a URL`);
    }
    if (!action.pathname.endsWith('/self-service/settings') || action.searchParams.get('flow') !== flow['id']) {
      return fail(`flow.ui.action ${action.href} does not submit to /self-service/settings?flow=${String(flow['id'])}`);
    }
    return PASS;
  },
};

export const browserFlowCarriesCsrfToken: Check = {
  name: 'browserFlowCarriesCsrfToken',
  requirements: ['SF-FLOW-SHAPE'],
  evaluate({ body }) {
    const flow = asRecord(body);
    if (!flow || !isFlowBody(flow) || flow['type'] !== 'browser') return SKIP;
    // The guide: "csrf_token: CSRF token from the flow (required for browser flows)"; a form built from this flow cannot send it.
    return nodeNamed(flow, 'csrf_token') !== undefined
      ? PASS
      : fail('the browser flow has no csrf_token node, so a form built from it cannot pass the CSRF check');
  },
};

export const fetchedFlowIsTheRequestedOne: Check = {
  name: 'fetchedFlowIsTheRequestedOne',
  requirements: ['SF-GET-FLOW'],
  appliesTo: { operations: ['getSettingsFlow'], statuses: [200] },
  evaluate({ body, flowId }) {
    if (flowId === undefined) return SKIP;
    const id = asRecord(body)?.['id'];
    return id === flowId ? PASS : fail(`asked for flow ${flowId}, got ${JSON.stringify(id)}`);
  },
};

export const successfulUpdateReportsSuccess: Check = {
  name: 'successfulUpdateReportsSuccess',
  requirements: ['SF-UPDATE-SUCCESS'],
  appliesTo: { rules: ['validUpdate'], statuses: [200] },
  evaluate({ body }) {
    const flow = asRecord(body);
    if (!flow) return fail('the 200 body is not a JSON object');
    if (flow['state'] !== 'success')
      return fail(`after a successful update the flow's state is ${JSON.stringify(flow['state'])}, expected "success"`);
    return PASS;
  },
};

/** Kratos's success pipeline replaces the messages with 1050001 (docs/kratos-behavior.md#success-pipeline). */
const SAVED_MESSAGE_ID = 1050001;

export const successfulUpdateSaysSaved: Check = {
  name: 'successfulUpdateSaysSaved',
  requirements: ['SF-UPDATE-SUCCESS'],
  appliesTo: { rules: ['validUpdate'], statuses: [200] },
  evaluate({ body }) {
    const flow = asRecord(body);
    if (flow?.['state'] !== 'success') return SKIP;
    const saved = uiMessagesOf(flow).some((message) => message['id'] === SAVED_MESSAGE_ID && message['type'] === 'success');
    return saved ? PASS : fail(`the successful update's flow has no success message ${SAVED_MESSAGE_ID} ("Your changes have been saved!")`);
  },
};

export const rejectedInputIsExplainedInFlow: Check = {
  name: 'rejectedInputIsExplainedInFlow',
  requirements: ['SF-UPDATE-400-VALIDATION'],
  appliesTo: { operations: ['updateSettingsFlow'], statuses: [400] },
  evaluate(context) {
    const { body } = context;
    if (matchedOutcome(context)?.body !== 'flow') return SKIP;
    if (!isFlowBody(body))
      return fail(
        `expected the flow with error messages, got ${errorIdOf(body) !== undefined ? 'an error envelope' : 'another body'}`,
        context.expectation?.requirement,
      );
    const errors = messagesOf(body).filter((message) => message['type'] === 'error');
    return errors.length > 0
      ? PASS
      : fail('the 400 flow carries no error message explaining what was rejected', context.expectation?.requirement);
  },
};

export const lookupSecretCodesAreShown: Check = {
  name: 'lookupSecretCodesAreShown',
  requirements: ['SF-UPDATE-SUCCESS'],
  appliesTo: { rules: ['uiOnlyUpdate'], statuses: [200] },
  evaluate({ body }) {
    const flow = asRecord(body);
    if (!flow || !isFlowBody(flow)) return fail('expected the flow showing the lookup codes, got another body');
    // Regenerate and reveal both answer with the codes in a lookup_secret_codes text node
    // (docs/kratos-behavior.md#lookup-return-to-ui).
    const shown = nodesOf(flow).some(
      ({ attributes }) => attributes['id'] === 'lookup_secret_codes' || attributes['name'] === 'lookup_secret_codes',
    );
    if (!shown) return fail('the flow returned for regenerating or revealing lookup codes has no lookup_secret_codes node');
    // Nothing was saved: a flow that never succeeded must not say so (a flow saved earlier may keep its message).
    const saidSaved = uiMessagesOf(flow).some((message) => message['id'] === SAVED_MESSAGE_ID);
    if (saidSaved && flow['state'] !== 'success')
      return fail(`showing lookup codes saves nothing, yet the flow says ${SAVED_MESSAGE_ID} ("Your changes have been saved!")`);
    return PASS;
  },
};

/** No strategy took the submit (docs/kratos-behavior.md#submit-no-strategy). */
const NO_STRATEGY_MESSAGE_ID = 4010004;

export const strategylessSubmitSaysNoStrategy: Check = {
  name: 'strategylessSubmitSaysNoStrategy',
  requirements: ['SF-UPDATE-400-VALIDATION'],
  appliesTo: { rules: ['unknownMethod'], statuses: [400] },
  evaluate({ body, expectation }) {
    if (!isFlowBody(body)) return SKIP;
    const found = uiMessagesOf(body).some((message) => message['id'] === NO_STRATEGY_MESSAGE_ID);
    return found
      ? PASS
      : fail(
          `a submit no method takes got a 400 flow without message ${NO_STRATEGY_MESSAGE_ID} ("Could not find a strategy to update your settings…")`,
          expectation?.requirement,
        );
  },
};

export const expiredErrorOffersReplacementFlow: Check = {
  name: 'expiredErrorOffersReplacementFlow',
  requirements: ['SF-UPDATE-410-EXPIRED'],
  appliesTo: { operations: ['updateSettingsFlow'], statuses: [410] },
  evaluate({ body }) {
    if (errorIdOf(body) !== 'self_service_flow_expired') return SKIP;
    const useFlowId = asRecord(body)?.['use_flow_id'];
    return typeof useFlowId === 'string' && UUID_PATTERN.test(useFlowId)
      ? PASS
      : fail(`self_service_flow_expired without a use_flow_id naming the new flow (got ${JSON.stringify(useFlowId)})`);
  },
};

export const browserInitSetsHttpOnlyLaxCsrfCookie: Check = {
  name: 'browserInitSetsHttpOnlyLaxCsrfCookie',
  requirements: ['SF-CSRF-COOKIE'],
  appliesTo: { operations: ['createBrowserSettingsFlow'], statuses: [200, 303] },
  evaluate({ exchange, requestHadCsrfCookie }) {
    if (requestHadCsrfCookie !== false) return SKIP;
    const cookies = setCookiesOf(exchange).map(parseSetCookie);
    const csrf = cookies.find((cookie) => cookie?.name.toLowerCase().startsWith('csrf_token'));
    if (!csrf) return fail('a browser init without an anti-CSRF cookie did not set one (csrf_token_…)');
    if (csrf.attributes['httponly'] !== true) return fail(`the anti-CSRF cookie ${csrf.name} is not HttpOnly`);
    const sameSite = csrf.attributes['samesite'];
    if (typeof sameSite !== 'string' || sameSite.toLowerCase() !== 'lax')
      return fail(`the anti-CSRF cookie ${csrf.name} has SameSite=${String(sameSite ?? '(none)')}, expected Lax`);
    return PASS;
  },
};

export const nativeInitSetsNoCookie: Check = {
  name: 'nativeInitSetsNoCookie',
  requirements: ['SF-API-NO-COOKIE'],
  appliesTo: { operations: ['createNativeSettingsFlow'], statuses: 'answered' },
  evaluate({ exchange }) {
    const names = setCookiesOf(exchange).map((header) => parseSetCookie(header)?.name ?? header);
    return names.length === 0 ? PASS : fail(`the native init set cookies: ${names.join(', ')}`);
  },
};

export const FLOW_CHECKS: readonly Check[] = [
  createdFlowMatchesEndpoint,
  browserFlowCarriesCsrfToken,
  fetchedFlowIsTheRequestedOne,
  successfulUpdateReportsSuccess,
  successfulUpdateSaysSaved,
  rejectedInputIsExplainedInFlow,
  strategylessSubmitSaysNoStrategy,
  lookupSecretCodesAreShown,
  expiredErrorOffersReplacementFlow,
  browserInitSetsHttpOnlyLaxCsrfCookie,
  nativeInitSetsNoCookie,
];
