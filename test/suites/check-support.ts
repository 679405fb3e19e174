/** Shared by the check tests and their canned exchanges: a validator stub, check contexts and flow nodes. */
import type { ResponseValidator, Violation } from '../../spec/index.js';
import { contextOf, verdictOf } from '../../suites/checks/index.js';
import type { Check, CheckContext, CheckVerdict } from '../../suites/checks/types.js';
import type { Expectation, Outcome, Rule } from '../../suites/oracle.js';
import type { RequirementId } from '../../suites/requirements.js';
import type { SettingsOperationId } from '../../spec/operations.js';
import { FLOW_ID, exchange } from './fixtures.js';

/** A validator stub: documents the statuses of spec/operations.ts and calls a body valid when it has `error` or `ui`. */
const stubValidator: ResponseValidator = {
  validateResponse(_operationId: string, _status: number, body: unknown): Violation[] {
    const record = body as Record<string, unknown> | null;
    return record && typeof record === 'object' && ('error' in record || 'ui' in record)
      ? []
      : [{ path: '', keyword: 'required', message: "must have required property 'error'", schemaPath: '#/required' }];
  },
  validateComponent: () => [],
  documentedStatuses: (operationId: string) =>
    ({
      createBrowserSettingsFlow: [200, 303, 400, 401, 403],
      createNativeSettingsFlow: [200, 400, 401, 403],
      getSettingsFlow: [200, 401, 403, 404, 410],
      updateSettingsFlow: [200, 303, 400, 401, 403, 410, 422],
    })[operationId] ?? [],
  requiredHeaders: () => [],
  specSha256: 'stub',
};

export function expecting(operationId: SettingsOperationId, rule: Rule, requirement: RequirementId, outcomes: Outcome[]): Expectation {
  return { operationId, rule, requirement, outcomes };
}

/** The context the registry gives a check: the body parsed from the exchange. */
export function context(operationId: SettingsOperationId, partial: Partial<CheckContext> & Pick<CheckContext, 'exchange'>): CheckContext {
  return contextOf({ operationId, validator: stubValidator, ...partial });
}

/** A check's verdict as the registry reaches it: skip outside what the check applies to. */
export function judge(check: Check | undefined, given: CheckContext): CheckVerdict | undefined {
  return check && verdictOf(check, given);
}

export const HOUR_MS = 60 * 60 * 1000;
export const redirect = (location: string, status = 303) => exchange(status, { headers: { location } });
export const settingsUi = `https://ui.example/settings?flow=${FLOW_ID}`;

export function passwordNode(value: string): Record<string, unknown> {
  return {
    type: 'input',
    group: 'password',
    attributes: { name: 'password', type: 'password', value, node_type: 'input' },
    messages: [],
    meta: {},
  };
}

export function traitNode(value: string): Record<string, unknown> {
  return {
    type: 'input',
    group: 'profile',
    attributes: { name: 'traits.email', type: 'email', value, node_type: 'input' },
    messages: [],
    meta: {},
  };
}

export function lookupCodesNode(): Record<string, unknown> {
  const secrets = ['abcd1234', 'efgh5678'].map((code) => ({ id: 1050009, text: code, type: 'info', context: { secret: code } }));
  return {
    type: 'text',
    group: 'lookup_secret',
    attributes: {
      id: 'lookup_secret_codes',
      text: { id: 1050015, text: 'abcd1234, efgh5678', type: 'info', context: { secrets } },
      node_type: 'text',
    },
    messages: [],
    meta: { label: { id: 1050010, text: 'These are your back up recovery codes. Please keep them in a safe place!', type: 'info' } },
  };
}

export function keyNode(group: 'webauthn' | 'passkey', name: string): Record<string, unknown> {
  return {
    type: 'input',
    group,
    attributes: { name, type: name.endsWith('_remove') ? 'submit' : 'button', value: '', node_type: 'input' },
    messages: [],
    meta: {},
  };
}

export function oidcNode(name: 'link' | 'unlink', provider: string): Record<string, unknown> {
  return {
    type: 'input',
    group: 'oidc',
    attributes: { name, type: 'submit', value: provider, node_type: 'input' },
    messages: [],
    meta: {},
  };
}
