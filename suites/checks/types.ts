import type { RecordedExchange } from '../../reporters/report.js';
import { asPlainObject as asRecord } from '../../spec/json.js';
import type { ResponseValidator } from '../../spec/index.js';
import type { SettingsOperationId } from '../../spec/operations.js';
import type { Expectation, Outcome } from '../oracle.js';
import type { RequirementId } from '../requirements.js';

/** What an effect check compares: the evidence gathered after a successful submit. */
export type EffectEvidence =
  | { kind: 'traits'; expectedTraits: Record<string, unknown>; whoami: RecordedExchange }
  /** A profile submit that broke one rule of the identity schema, and the node that must carry the message. */
  | { kind: 'invalid-traits'; node: string; response: RecordedExchange }
  | { kind: 'password'; newPasswordLogin: RecordedExchange; oldPasswordLogin: RecordedExchange }
  | { kind: 'totp'; refetchedFlow: RecordedExchange }
  | { kind: 'security-key'; group: 'webauthn' | 'passkey'; refetchedFlow: RecordedExchange }
  /** `completed` is false when linking continues at a provider outside the target (nothing to look at then). */
  | { kind: 'oidc-link'; provider: string; completed: boolean; refetchedFlow: RecordedExchange }
  /** The submitted flow fetched again after a success; `traits` when the change was a profile change. */
  | { kind: 'stored-success'; flowId: string; refetchedFlow: RecordedExchange; traits?: Record<string, unknown> }
  /** The flow a browser was sent back to (303 to the settings UI), fetched as JSON. */
  | { kind: 'followed-back'; outcome: 'success' | 'rejected'; flowId: string; fetched: RecordedExchange }
  /** The flow use_flow_id or the 303 after expiry named, fetched by the same session. */
  | { kind: 'replacement-flow'; expiredId: string; flowType: 'api' | 'browser'; replacementId: string | undefined; fetched: RecordedExchange | undefined };

export interface CheckContext {
  operationId: SettingsOperationId;
  exchange: RecordedExchange;
  expectation?: Expectation;
  /** Whether the request carried an anti-CSRF cookie (decides whether a browser init must mint one). */
  requestHadCsrfCookie?: boolean;
  /** The flow id the request addressed, when it addressed one. */
  flowId?: string;
  effect?: EffectEvidence;
  validator?: ResponseValidator;
  /** What the run was told about the target's configuration (timestamps are checked against it). */
  declared?: { flowLifespanMs: number };
  /** The same flow as an earlier answer showed it (a fetch must not move its expiry). */
  earlierFlow?: unknown;
  /** Flow ids the target handed out before in this case (a new init must give a new one). */
  earlierFlowIds?: readonly string[];
}

export type CheckVerdict =
  | { outcome: 'pass' }
  | { outcome: 'skip' }
  | { outcome: 'fail'; message: string; requirement?: RequirementId }
  | { outcome: 'warn'; message: string; requirement?: RequirementId };

export interface Check {
  name: string;
  /** The requirements this check verifies; the first is the one a failure names unless the verdict says otherwise. */
  requirements: readonly RequirementId[];
  evaluate(context: CheckContext): CheckVerdict;
}

export const PASS: CheckVerdict = { outcome: 'pass' };
export const SKIP: CheckVerdict = { outcome: 'skip' };

export function fail(message: string, requirement?: RequirementId): CheckVerdict {
  return requirement === undefined ? { outcome: 'fail', message } : { outcome: 'fail', message, requirement };
}

export function warn(message: string, requirement?: RequirementId): CheckVerdict {
  return requirement === undefined ? { outcome: 'warn', message } : { outcome: 'warn', message, requirement };
}

/** The accepted outcome the response matched by status, if any. */
export function matchedOutcome(context: CheckContext): Outcome | undefined {
  return context.expectation?.outcomes.find((outcome) => outcome.status === context.exchange.response.status);
}

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

// The checks read bodies with the spec's JSON guard, under the name they use.
export { asRecord };

/** `error.id` of an Ory error envelope: a string, null when the envelope has none, undefined when there is no envelope. */
export function errorIdOf(body: unknown): string | null | undefined {
  const error = asRecord(asRecord(body)?.['error']);
  if (!error) return undefined;
  return typeof error['id'] === 'string' && error['id'] !== '' ? error['id'] : null;
}

export function isFlowBody(body: unknown): boolean {
  const record = asRecord(body);
  return record !== undefined && typeof record['id'] === 'string' && asRecord(record['ui']) !== undefined;
}

export function describeStatuses(outcomes: readonly Outcome[]): string {
  return outcomes
    .map((outcome) => {
      const ids = outcome.errorIds?.map((id) => id ?? 'no error.id').join(' or ');
      return ids ? `${outcome.status} (${ids})` : String(outcome.status);
    })
    .join(' or ');
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
