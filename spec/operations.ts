/**
 * The four settings operations and the statuses each is documented to answer
 * (https://www.ory.sh/docs/kratos/reference/api#tag/frontend, https://www.ory.sh/docs/kratos/self-service/flows/user-settings).
 * createNativeSettingsFlow's 401 and 403 come from the settings guide's status table and from Kratos's behaviour
 * (docs/kratos-behavior.md#api-init); the official OpenAPI document omits them.
 */
export const SETTINGS_OPERATIONS = [
  { operationId: 'createBrowserSettingsFlow', method: 'GET', path: '/self-service/settings/browser', statuses: [200, 303, 400, 401, 403] },
  { operationId: 'createNativeSettingsFlow', method: 'GET', path: '/self-service/settings/api', statuses: [200, 400, 401, 403] },
  { operationId: 'getSettingsFlow', method: 'GET', path: '/self-service/settings/flows', statuses: [200, 401, 403, 404, 410] },
  { operationId: 'updateSettingsFlow', method: 'POST', path: '/self-service/settings', statuses: [200, 303, 400, 401, 403, 410, 422] },
] as const;

export type SettingsOperationId = (typeof SETTINGS_OPERATIONS)[number]['operationId'];

/** The other operations spec/settings.openapi.yaml describes: those a client needs to get a session and an identity. */
export const PROVISIONING_OPERATION_IDS = [
  'createIdentity',
  'getIdentity',
  'deleteIdentity',
  'createNativeLoginFlow',
  'createBrowserLoginFlow',
  'getLoginFlow',
  'updateLoginFlow',
  'toSession',
  'isReady',
] as const;

/** One (operation, documented status) pair: the unit the report's matrix is made of. */
export interface CellKey {
  operationId: SettingsOperationId;
  status: number;
}

export const SETTINGS_CELLS: readonly CellKey[] = SETTINGS_OPERATIONS.flatMap((operation) =>
  operation.statuses.map((status) => ({ operationId: operation.operationId, status })),
);
