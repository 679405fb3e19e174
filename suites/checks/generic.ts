/** Checks every response gets, whatever the situation. */
import { SETTINGS_OPERATIONS } from '../../spec/operations.js';
import { headerOf } from '../client.js';
import { PASS, SKIP, asRecord, fail, isFlowBody, matchedOutcome, type Check } from './types.js';

/**
 * Kratos answers 302 to unauthenticated browser navigation on these two
 * (docs/kratos-behavior.md#get-flow-no-session-redirect, docs/kratos-behavior.md#submit-no-session-redirect).
 */
const KRATOS_302_OPERATIONS = new Set(['getSettingsFlow', 'updateSettingsFlow']);

export const targetAnswered: Check = {
  name: 'targetAnswered',
  requirements: ['SF-STATUS-DOCUMENTED'],
  evaluate({ exchange }) {
    return exchange.response.status === 0 ? fail(`no response: ${exchange.response.error ?? 'unknown error'}`) : PASS;
  },
};

export const statusIsDocumentedForOperation: Check = {
  name: 'statusIsDocumentedForOperation',
  requirements: ['SF-STATUS-DOCUMENTED'],
  appliesTo: { statuses: 'answered' },
  evaluate({ operationId, exchange, body, validator }) {
    const status = exchange.response.status;
    const documented: readonly number[] =
      validator?.documentedStatuses(operationId) ??
      SETTINGS_OPERATIONS.find((operation) => operation.operationId === operationId)?.statuses ??
      [];
    if (documented.includes(status)) return PASS;
    if (status === 302 && KRATOS_302_OPERATIONS.has(operationId)) return PASS;
    if (status >= 400 && status < 500 && errorEnvelopeProblem(body, status) === undefined) return PASS;
    return fail(
      `${operationId} answered ${status}, which it does not document (documented: ${documented.join(', ')}, and error envelopes as default)`,
    );
  },
};

export const jsonBodyIsServedAsJson: Check = {
  name: 'jsonBodyIsServedAsJson',
  requirements: ['SF-JSON-CONTENT-TYPE'],
  appliesTo: { statuses: 'not-redirect' },
  evaluate(context) {
    const { exchange, body } = context;
    const status = exchange.response.status;
    const expectsBody = matchedOutcome(context)?.body !== undefined;
    if (body === undefined) {
      if (!expectsBody) return SKIP;
      const snippet = (exchange.response.body ?? '').slice(0, 120);
      return fail(`expected a JSON body with ${status}, got ${snippet === '' ? 'an empty body' : `"${snippet}"`}`);
    }
    const contentType = headerOf(exchange, 'content-type');
    if (contentType === undefined || !/^application\/json\s*(;|$)/i.test(contentType)) {
      return fail(`a JSON body was served with Content-Type ${contentType ?? '(none)'}`);
    }
    return PASS;
  },
};

export const bodyMatchesDocumentedSchema: Check = {
  name: 'bodyMatchesDocumentedSchema',
  requirements: ['SF-SCHEMA'],
  appliesTo: { statuses: 'not-redirect' },
  evaluate({ operationId, exchange, body, validator }) {
    const status = exchange.response.status;
    if (!validator || body === undefined) return SKIP;
    const violations = validator.validateResponse(operationId, status, body);
    if (violations.length === 0) return PASS;
    const listed = violations.slice(0, 5).map((violation) => `${violation.path || '/'} ${violation.message} (${violation.keyword})`);
    return fail(
      `body does not match the ${operationId} ${status} schema: ${listed.join('; ')}${violations.length > 5 ? `; and ${violations.length - 5} more` : ''}`,
    );
  },
};

/** Why a body is not an Ory error envelope for this status, or undefined when it is one. */
export function errorEnvelopeProblem(body: unknown, status: number): string | undefined {
  const record = asRecord(body);
  if (!record) return 'the body is not a JSON object';
  const error = asRecord(record['error']);
  if (!error) return 'the body has no "error" object';
  if (error['code'] !== status) return `error.code is ${JSON.stringify(error['code'])}, not the HTTP status ${status}`;
  if (typeof error['message'] !== 'string' || error['message'] === '') return 'error.message is missing or empty';
  if (error['status'] !== undefined && typeof error['status'] !== 'string') return 'error.status is not a string';
  if (error['id'] !== undefined && typeof error['id'] !== 'string') return 'error.id is not a string';
  return undefined;
}

export const errorEnvelopeIsOryShaped: Check = {
  name: 'errorEnvelopeIsOryShaped',
  requirements: ['SF-ERROR-ENVELOPE'],
  appliesTo: { statuses: 'error' },
  evaluate(context) {
    const { exchange, body } = context;
    const status = exchange.response.status;
    const expected = matchedOutcome(context)?.body;
    if (expected === 'flow' || (expected === undefined && isFlowBody(body))) return SKIP;
    const problem = errorEnvelopeProblem(body, status);
    return problem === undefined ? PASS : fail(`the ${status} error is not an Ory error envelope: ${problem}`);
  },
};

export const redirectCarriesLocation: Check = {
  name: 'redirectCarriesLocation',
  requirements: ['SF-REDIRECT-LOCATION'],
  appliesTo: { statuses: 'redirect' },
  evaluate({ exchange }) {
    const location = headerOf(exchange, 'location');
    if (location === undefined || location.trim() === '') return fail(`${exchange.response.status} without a Location header`);
    try {
      new URL(location, exchange.request.url);
    } catch {
      return fail(`Location "${location}" is not a URL`);
    }
    return PASS;
  },
};

export const GENERIC_CHECKS: readonly Check[] = [
  targetAnswered,
  statusIsDocumentedForOperation,
  jsonBodyIsServedAsJson,
  bodyMatchesDocumentedSchema,
  errorEnvelopeIsOryShaped,
  redirectCarriesLocation,
];
