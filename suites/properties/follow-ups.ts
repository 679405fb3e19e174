/**
 * Reading an answer's effects where they show: the flow fetched again after a submit, the flow a browser is sent back
 * to, and the replacement flow an expired one names.
 */
import type { EffectEvidence } from '../checks/index.js';
import { jsonOf, type Answer, type RequestSpec } from '../client.js';
import type { CaseContext } from '../harness.js';
import type { FlowType } from '../oracle.js';

type Credentials = Pick<RequestSpec, 'headers' | 'jar'>;

/** Fetches a flow as a JSON client with the credentials (not the Accept header) of the request that used it. */
export async function fetchFlow(context: CaseContext, flowId: string, credentials: Credentials): Promise<Answer> {
  const headers = { ...credentials.headers, accept: 'application/json' };
  return context.provisioner.client.send({
    method: 'GET',
    url: `/self-service/settings/flows?id=${encodeURIComponent(flowId)}`,
    headers,
    ...(credentials.jar ? { jar: credentials.jar } : {}),
  });
}

/** The flow a redirect to the settings UI names (`?flow=`), if it is one. */
export function settingsUiFlowOf(answer: Answer): string | undefined {
  const location = answer.exchange.response.headers['location'];
  if (answer.status !== 303 || typeof location !== 'string') return undefined;
  try {
    return new URL(location, answer.exchange.request.url).searchParams.get('flow') ?? undefined;
  } catch {
    return undefined;
  }
}

export async function storedSuccess(
  context: CaseContext,
  flowId: string,
  credentials: Credentials,
  traits?: Record<string, unknown>,
): Promise<EffectEvidence> {
  const refetchedFlow = (await fetchFlow(context, flowId, credentials)).exchange;
  return { kind: 'stored-success', flowId, refetchedFlow, ...(traits ? { traits } : {}) };
}

/** After browser navigation is sent back to the settings UI: the flow there, which must show what happened. */
export async function followedBack(
  context: CaseContext,
  answer: Answer,
  outcome: 'success' | 'rejected',
  credentials: Credentials,
): Promise<EffectEvidence | undefined> {
  const flowId = settingsUiFlowOf(answer);
  if (flowId === undefined) return undefined;
  return { kind: 'followed-back', outcome, flowId, fetched: (await fetchFlow(context, flowId, credentials)).exchange };
}

/** The new flow a submit to an expired flow names: use_flow_id (410) or the settings UI's ?flow= (303). */
export async function replacementFlow(
  context: CaseContext,
  answer: Answer,
  expiredId: string,
  flowType: FlowType,
  credentials: Credentials,
): Promise<EffectEvidence | undefined> {
  const useFlowId = (jsonOf(answer.exchange) as { use_flow_id?: unknown } | undefined)?.use_flow_id;
  const replacementId = answer.status === 410 ? (typeof useFlowId === 'string' ? useFlowId : undefined) : settingsUiFlowOf(answer);
  if (replacementId === undefined) return undefined;
  const fetched = (await fetchFlow(context, replacementId, credentials)).exchange;
  return { kind: 'replacement-flow', expiredId, flowType, replacementId, fetched };
}
