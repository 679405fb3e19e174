/** One request to any of the four settings operations, as the properties that cover all four send it. */
import type { SettingsOperationId } from '../../spec/operations.js';
import type { RequestSpec } from '../client.js';
import { observe, type CaseContext } from '../harness.js';
import type { Encoding, Expectation } from '../oracle.js';
import type { Observation } from '../recorder.js';
import { initUrl, withBody } from '../requests.js';

export const OPERATIONS: readonly SettingsOperationId[] = [
  'createBrowserSettingsFlow',
  'createNativeSettingsFlow',
  'getSettingsFlow',
  'updateSettingsFlow',
];

/** The expectation of each operation, computed only for the one asked. */
export type ExpectationsByOperation = Record<SettingsOperationId, () => Expectation>;

export interface OperationRequest {
  operationId: SettingsOperationId;
  credentials: Pick<RequestSpec, 'headers' | 'jar'>;
  /** The flow a fetch or a submit addresses. */
  flowId: string;
  /** What a submit sends, and how. */
  body: Record<string, unknown>;
  encoding: Encoding;
  expectations: ExpectationsByOperation;
  /** The addressed flow is the session's own, so the checks may compare the answer with it. */
  ownFlow: boolean;
}

export async function observeOperation(context: CaseContext, request: OperationRequest): Promise<Observation[]> {
  const { operationId, credentials, flowId } = request;
  const expectation = request.expectations[operationId]();
  const own = request.ownFlow ? { flowId } : {};
  const spec: RequestSpec = {
    createBrowserSettingsFlow: (): RequestSpec => ({ method: 'GET', url: initUrl('browser', undefined), ...credentials }),
    createNativeSettingsFlow: (): RequestSpec => ({ method: 'GET', url: initUrl('api', undefined), ...credentials }),
    getSettingsFlow: (): RequestSpec => ({ method: 'GET', url: `/self-service/settings/flows?id=${flowId}`, ...credentials }),
    updateSettingsFlow: (): RequestSpec => ({
      method: 'POST',
      url: `/self-service/settings?flow=${flowId}`,
      ...withBody(credentials, request.body, request.encoding),
    }),
  }[operationId]();
  const inits = operationId === 'createBrowserSettingsFlow' || operationId === 'createNativeSettingsFlow';
  const { observation } = await observe(context, operationId, spec, { expectation, ...(inits ? {} : own) });
  return [observation];
}
