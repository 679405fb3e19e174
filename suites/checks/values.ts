/** Checks of values a schema cannot judge: timestamps, the flow a form submits to, echoed secrets, cookies on API flows. */
import { headerOf, setCookiesOf } from '../client.js';
import { parseSetCookie } from '../cookies.js';
import { hasNodeList, nodesOf } from '../ui-nodes.js';
import { PASS, SKIP, UUID_PATTERN, asRecord, fail, isFlowBody, type Check, type CheckContext } from './types.js';

/** A server's Date header and its flow timestamps come from one clock; minutes apart means a wrong time zone or unit. */
const DATE_HEADER_TOLERANCE_MS = 5 * 60 * 1000;
/** Kratos's database may round timestamps to the second. */
const STORED_TIME_TOLERANCE_MS = 1000;

function flowOf(context: CheckContext): Record<string, unknown> | undefined {
  return isFlowBody(context.body) ? asRecord(context.body) : undefined;
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export const flowTimesAreConsistent: Check = {
  name: 'flowTimesAreConsistent',
  requirements: ['SF-FLOW-TIMES'],
  evaluate(context) {
    const flow = flowOf(context);
    const issuedAt = timeOf(flow?.['issued_at']);
    const expiresAt = timeOf(flow?.['expires_at']);
    // A timestamp that is no date-time at all is the schema check's to report.
    if (!flow || issuedAt === undefined || expiresAt === undefined) return SKIP;
    if (issuedAt > expiresAt) return fail(`issued_at ${String(flow['issued_at'])} is after expires_at ${String(flow['expires_at'])}`);
    const lifespan = context.declared?.flowLifespanMs;
    if (lifespan !== undefined) {
      const tolerance = Math.max(STORED_TIME_TOLERANCE_MS, lifespan * 0.01);
      if (Math.abs(expiresAt - issuedAt - lifespan) > tolerance) {
        return fail(
          `expires_at − issued_at is ${seconds(expiresAt - issuedAt)}, but the flow lifespan is ${seconds(lifespan)} (declare the target's lifespan with --flow-lifespan)`,
        );
      }
    }
    const date = timeOf(headerOf(context.exchange, 'date'));
    if (date !== undefined && issuedAt > date + DATE_HEADER_TOLERANCE_MS) {
      return fail(
        `issued_at ${String(flow['issued_at'])} is ${seconds(issuedAt - date)} after the response's Date header (${headerOf(context.exchange, 'date') ?? ''})`,
      );
    }
    const created =
      context.exchange.response.status === 200 &&
      (context.operationId === 'createBrowserSettingsFlow' || context.operationId === 'createNativeSettingsFlow');
    if (created && date !== undefined && Math.abs(issuedAt - date) > DATE_HEADER_TOLERANCE_MS) {
      return fail(
        `a flow created now says issued_at ${String(flow['issued_at'])}, ${seconds(Math.abs(issuedAt - date))} from the response's Date header (${headerOf(context.exchange, 'date') ?? ''})`,
      );
    }
    return PASS;
  },
};

export const fetchingDoesNotMoveExpiry: Check = {
  name: 'fetchingDoesNotMoveExpiry',
  requirements: ['SF-FLOW-TIMES'],
  appliesTo: { operations: ['getSettingsFlow'], statuses: [200] },
  evaluate(context) {
    const flow = flowOf(context);
    const earlier = asRecord(context.earlierFlow);
    if (!flow || !earlier || earlier['id'] !== flow['id']) return SKIP;
    const before = timeOf(earlier['expires_at']);
    const now = timeOf(flow['expires_at']);
    if (before === undefined || now === undefined) return SKIP;
    return Math.abs(now - before) < STORED_TIME_TOLERANCE_MS
      ? PASS
      : fail(`fetching the flow moved its expires_at from ${String(earlier['expires_at'])} to ${String(flow['expires_at'])}`);
  },
};

export const uiActionNamesTheFlow: Check = {
  name: 'uiActionNamesTheFlow',
  requirements: ['SF-FLOW-ACTION'],
  evaluate(context) {
    const flow = flowOf(context);
    if (!flow) return SKIP;
    const action = asRecord(flow['ui'])?.['action'];
    if (typeof action !== 'string') return fail(`the ${context.exchange.response.status} flow has no ui.action`);
    let url: URL;
    try {
      url = new URL(action, context.exchange.request.url);
    } catch {
      return fail(`the ${context.exchange.response.status} flow's ui.action "${action}" is not a URL`);
    }
    const actionFlowId = url.searchParams.get('flow');
    if (!url.pathname.endsWith('/self-service/settings') || actionFlowId === null) {
      return fail(
        `the ${context.exchange.response.status} flow's ui.action ${url.href} does not submit to /self-service/settings?flow=<id>`,
      );
    }
    // After a success the UI (and its action) comes from a fresh flow; until then it is the flow's own.
    if (flow['state'] === 'success')
      return UUID_PATTERN.test(actionFlowId) ? PASS : fail(`the successful flow's ui.action names "${actionFlowId}", not a flow id`);
    return actionFlowId === flow['id']
      ? PASS
      : fail(`the ${context.exchange.response.status} flow ${String(flow['id'])} has a ui.action for flow "${actionFlowId}"`);
  },
};

export const newInitGivesNewFlow: Check = {
  name: 'newInitGivesNewFlow',
  requirements: ['SF-FLOW-ACTION'],
  appliesTo: { operations: ['createBrowserSettingsFlow', 'createNativeSettingsFlow'], statuses: [200] },
  evaluate(context) {
    if (context.earlierFlowIds === undefined) return SKIP;
    const id = flowOf(context)?.['id'];
    if (typeof id !== 'string') return SKIP;
    return context.earlierFlowIds.includes(id) ? fail(`a new init answered with flow ${id}, which an earlier init gave already`) : PASS;
  },
};

export const passwordValueIsNeverEchoed: Check = {
  name: 'passwordValueIsNeverEchoed',
  requirements: ['SF-NO-SECRET-ECHO'],
  evaluate(context) {
    const flow = flowOf(context);
    if (!hasNodeList(flow)) return SKIP;
    for (const { attributes } of nodesOf(flow)) {
      const value = attributes['value'];
      if (attributes['type'] === 'password' && value !== undefined && value !== null && value !== '') {
        return fail(
          `the ${context.exchange.response.status} flow's password input ${String(attributes['name'])} carries a value: a submitted secret is echoed back`,
        );
      }
    }
    return PASS;
  },
};

export const apiFlowSetsNoSessionCookie: Check = {
  name: 'apiFlowSetsNoSessionCookie',
  requirements: ['SF-API-NO-SESSION-COOKIE'],
  evaluate(context) {
    if (flowOf(context)?.['type'] !== 'api') return SKIP;
    const names = setCookiesOf(context.exchange).map((header) => parseSetCookie(header)?.name ?? header);
    const sessionCookies = names.filter((name) => /session/i.test(name));
    return sessionCookies.length === 0
      ? PASS
      : fail(`a ${context.exchange.response.status} answer about an API flow sets the session cookie ${sessionCookies.join(', ')}`);
  },
};

export const VALUE_CHECKS: readonly Check[] = [
  flowTimesAreConsistent,
  fetchingDoesNotMoveExpiry,
  uiActionNamesTheFlow,
  newInitGivesNewFlow,
  passwordValueIsNeverEchoed,
  apiFlowSetsNoSessionCookie,
];
