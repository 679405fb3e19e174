/** Checks of flow bodies and of the cookies the init endpoints set. */
import { jsonOf, setCookiesOf } from '../client.js';
import { parseSetCookie } from '../cookies.js';
import { PASS, SKIP, UUID_PATTERN, asRecord, errorIdOf, fail, isFlowBody, matchedOutcome, warn, type Check } from './types.js';

const INIT_TYPES: Record<string, string> = { createBrowserSettingsFlow: 'browser', createNativeSettingsFlow: 'api' };

export const createdFlowMatchesEndpoint: Check = {
  name: 'createdFlowMatchesEndpoint',
  requirements: ['SF-FLOW-SHAPE'],
  evaluate({ operationId, exchange }) {
    const expectedType = INIT_TYPES[operationId];
    if (expectedType === undefined || exchange.response.status !== 200) return SKIP;
    const flow = asRecord(jsonOf(exchange));
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

function hasCsrfTokenNode(flow: Record<string, unknown>): boolean {
  const nodes = asRecord(flow['ui'])?.['nodes'];
  return Array.isArray(nodes) && nodes.some((node) => asRecord(asRecord(node)?.['attributes'])?.['name'] === 'csrf_token');
}

export const browserFlowCarriesCsrfToken: Check = {
  name: 'browserFlowCarriesCsrfToken',
  requirements: ['SF-FLOW-SHAPE'],
  evaluate({ exchange }) {
    const flow = asRecord(jsonOf(exchange));
    if (!flow || !isFlowBody(flow) || flow['type'] !== 'browser') return SKIP;
    // The guide: "csrf_token: CSRF token from the flow (required for browser flows)"; a form built from this flow cannot send it.
    return hasCsrfTokenNode(flow) ? PASS : fail('the browser flow has no csrf_token node, so a form built from it cannot pass the CSRF check');
  },
};

export const fetchedFlowIsTheRequestedOne: Check = {
  name: 'fetchedFlowIsTheRequestedOne',
  requirements: ['SF-GET-FLOW'],
  evaluate({ operationId, exchange, flowId }) {
    if (operationId !== 'getSettingsFlow' || exchange.response.status !== 200 || flowId === undefined) return SKIP;
    const id = asRecord(jsonOf(exchange))?.['id'];
    return id === flowId ? PASS : fail(`asked for flow ${flowId}, got ${JSON.stringify(id)}`);
  },
};

function messagesOf(flow: Record<string, unknown>): Array<Record<string, unknown>> {
  const ui = asRecord(flow['ui']);
  const global = Array.isArray(ui?.['messages']) ? (ui['messages'] as unknown[]) : [];
  const nodes = Array.isArray(ui?.['nodes']) ? (ui['nodes'] as unknown[]) : [];
  const nodeMessages = nodes.flatMap((node) => {
    const messages = asRecord(node)?.['messages'];
    return Array.isArray(messages) ? (messages as unknown[]) : [];
  });
  return [...global, ...nodeMessages].map(asRecord).filter((message): message is Record<string, unknown> => message !== undefined);
}

export const successfulUpdateReportsSuccess: Check = {
  name: 'successfulUpdateReportsSuccess',
  requirements: ['SF-UPDATE-SUCCESS'],
  evaluate({ exchange, expectation }) {
    if (expectation?.rule !== 'validUpdate' || exchange.response.status !== 200) return SKIP;
    const flow = asRecord(jsonOf(exchange));
    if (!flow) return fail('the 200 body is not a JSON object');
    if (flow['state'] !== 'success') return fail(`after a successful update the flow's state is ${JSON.stringify(flow['state'])}, expected "success"`);
    return PASS;
  },
};

/** Kratos's success pipeline replaces the messages with 1050001 (docs/kratos-behavior.md#success-pipeline). */
const SAVED_MESSAGE_ID = 1050001;

export const successfulUpdateSaysSaved: Check = {
  name: 'successfulUpdateSaysSaved',
  requirements: ['SF-UPDATE-SUCCESS'],
  evaluate({ exchange, expectation }) {
    if (expectation?.rule !== 'validUpdate' || exchange.response.status !== 200) return SKIP;
    const flow = asRecord(jsonOf(exchange));
    if (!flow || flow['state'] !== 'success') return SKIP;
    const messages = asRecord(flow['ui'])?.['messages'];
    const saved = Array.isArray(messages) && messages.some((message) => asRecord(message)?.['id'] === SAVED_MESSAGE_ID && asRecord(message)?.['type'] === 'success');
    return saved ? PASS : fail(`the successful update's flow has no success message ${SAVED_MESSAGE_ID} ("Your changes have been saved!")`);
  },
};

export const rejectedInputIsExplainedInFlow: Check = {
  name: 'rejectedInputIsExplainedInFlow',
  requirements: ['SF-UPDATE-400-VALIDATION'],
  evaluate(context) {
    const { exchange } = context;
    if (context.operationId !== 'updateSettingsFlow' || exchange.response.status !== 400 || matchedOutcome(context)?.body !== 'flow') return SKIP;
    const body = jsonOf(exchange);
    if (!isFlowBody(body)) return fail(`expected the flow with error messages, got ${errorIdOf(body) !== undefined ? 'an error envelope' : 'another body'}`, context.expectation?.requirement);
    const errors = messagesOf(body as Record<string, unknown>).filter((message) => message['type'] === 'error');
    return errors.length > 0 ? PASS : fail('the 400 flow carries no error message explaining what was rejected', context.expectation?.requirement);
  },
};

export const lookupSecretCodesAreShown: Check = {
  name: 'lookupSecretCodesAreShown',
  requirements: ['SF-UPDATE-SUCCESS'],
  evaluate({ exchange, expectation }) {
    if (expectation?.rule !== 'uiOnlyUpdate' || exchange.response.status !== 200) return SKIP;
    const flow = asRecord(jsonOf(exchange));
    if (!flow || !isFlowBody(flow)) return fail('expected the flow showing the lookup codes, got another body');
    const ui = asRecord(flow['ui']);
    const nodes = Array.isArray(ui?.['nodes']) ? (ui['nodes'] as unknown[]) : [];
    // Regenerate and reveal both answer with the codes in a lookup_secret_codes text node
    // (docs/kratos-behavior.md#lookup-return-to-ui).
    const shown = nodes.some((node) => {
      const attributes = asRecord(asRecord(node)?.['attributes']);
      return attributes?.['id'] === 'lookup_secret_codes' || attributes?.['name'] === 'lookup_secret_codes';
    });
    if (!shown) return fail('the flow returned for regenerating or revealing lookup codes has no lookup_secret_codes node');
    // Nothing was saved: a flow that never succeeded must not say so (a flow saved earlier may keep its message).
    const messages = Array.isArray(ui?.['messages']) ? (ui['messages'] as unknown[]) : [];
    const saidSaved = messages.some((message) => asRecord(message)?.['id'] === SAVED_MESSAGE_ID);
    if (saidSaved && flow['state'] !== 'success') return fail(`showing lookup codes saves nothing, yet the flow says ${SAVED_MESSAGE_ID} ("Your changes have been saved!")`);
    return PASS;
  },
};

/** No strategy took the submit (docs/kratos-behavior.md#submit-no-strategy). */
const NO_STRATEGY_MESSAGE_ID = 4010004;

export const strategylessSubmitSaysNoStrategy: Check = {
  name: 'strategylessSubmitSaysNoStrategy',
  requirements: ['SF-UPDATE-400-VALIDATION'],
  evaluate({ exchange, expectation }) {
    if (expectation?.rule !== 'unknownMethod' || exchange.response.status !== 400) return SKIP;
    const body = jsonOf(exchange);
    if (!isFlowBody(body)) return SKIP;
    const messages = asRecord(asRecord(body)?.['ui'])?.['messages'];
    const found = Array.isArray(messages) && messages.some((message) => asRecord(message)?.['id'] === NO_STRATEGY_MESSAGE_ID);
    return found ? PASS : fail(`a submit no method takes got a 400 flow without message ${NO_STRATEGY_MESSAGE_ID} ("Could not find a strategy to update your settings…")`, expectation.requirement);
  },
};

export const expiredErrorOffersReplacementFlow: Check = {
  name: 'expiredErrorOffersReplacementFlow',
  requirements: ['SF-UPDATE-410-EXPIRED'],
  evaluate({ operationId, exchange }) {
    const body = jsonOf(exchange);
    if (operationId !== 'updateSettingsFlow' || exchange.response.status !== 410 || errorIdOf(body) !== 'self_service_flow_expired') return SKIP;
    const useFlowId = asRecord(body)?.['use_flow_id'];
    return typeof useFlowId === 'string' && UUID_PATTERN.test(useFlowId) ? PASS : fail(`self_service_flow_expired without a use_flow_id naming the new flow (got ${JSON.stringify(useFlowId)})`);
  },
};

export const browserInitSetsHttpOnlyLaxCsrfCookie: Check = {
  name: 'browserInitSetsHttpOnlyLaxCsrfCookie',
  requirements: ['SF-CSRF-COOKIE'],
  evaluate({ operationId, exchange, requestHadCsrfCookie }) {
    const status = exchange.response.status;
    if (operationId !== 'createBrowserSettingsFlow' || requestHadCsrfCookie !== false || (status !== 200 && status !== 303)) return SKIP;
    const cookies = setCookiesOf(exchange).map(parseSetCookie);
    const csrf = cookies.find((cookie) => cookie?.name.toLowerCase().startsWith('csrf_token'));
    if (!csrf) return warn('a browser init without an anti-CSRF cookie did not set one (csrf_token_…)');
    if (csrf.attributes['httponly'] !== true) return warn(`the anti-CSRF cookie ${csrf.name} is not HttpOnly`);
    const sameSite = csrf.attributes['samesite'];
    if (typeof sameSite !== 'string' || sameSite.toLowerCase() !== 'lax') return warn(`the anti-CSRF cookie ${csrf.name} has SameSite=${String(sameSite ?? '(none)')}, expected Lax`);
    return PASS;
  },
};

export const nativeInitSetsNoCookie: Check = {
  name: 'nativeInitSetsNoCookie',
  requirements: ['SF-API-NO-COOKIE'],
  evaluate({ operationId, exchange }) {
    if (operationId !== 'createNativeSettingsFlow' || exchange.response.status === 0) return SKIP;
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
