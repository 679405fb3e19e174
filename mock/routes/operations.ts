/**
 * The operationId a request answers for: a route's id is Kratos's operationId, except the GET that resumes a paused
 * submit (docs/kratos-behavior.md#submit-get-continuation), which is updateSettingsFlow too.
 */
import type { Request } from '@hapi/hapi';
import { PROVISIONING_OPERATION_IDS, SETTINGS_OPERATIONS, type SettingsOperationId } from '../../spec/index.js';

const SAME_OPERATION_AS: Readonly<Record<string, string>> = { updateSettingsFlowContinuation: 'updateSettingsFlow' };

export const SETTINGS_OPERATION_IDS: readonly SettingsOperationId[] = SETTINGS_OPERATIONS.map((operation) => operation.operationId);

/** The operations spec/settings.openapi.yaml describes: the settings flow's and those the suite provisions with. */
export const SPECIFIED_OPERATION_IDS: ReadonlySet<string> = new Set([...SETTINGS_OPERATION_IDS, ...PROVISIONING_OPERATION_IDS]);

export function operationIdOf(request: Request): string | undefined {
  const id = request.route.settings.id;
  return id === undefined ? undefined : (SAME_OPERATION_AS[id] ?? id);
}

export function settingsOperationOf(request: Request): SettingsOperationId | undefined {
  const id = operationIdOf(request);
  return SETTINGS_OPERATION_IDS.find((operationId) => operationId === id);
}
