import type { RecordedExchange } from '../../reporters/report.js';
import { asPlainObject as asRecord } from '../../spec/json.js';
import type { ResponseValidator } from '../../spec/index.js';
import type { SettingsOperationId } from '../../spec/operations.js';
import type { Expectation, Outcome, Rule } from '../oracle.js';
import type { RequirementId } from '../requirements.js';

/** What an effect check compares: the evidence gathered after a successful submit. */
export type EffectEvidence =
  | { kind: 'traits'; expectedTraits: Record<string, unknown>; whoami: RecordedExchange }
  /** A profile submit that broke one rule of the identity schema (the exchange judged), and the node that must carry the message. */
  | { kind: 'invalid-traits'; node: string }
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
  | {
      kind: 'replacement-flow';
      expiredId: string;
      flowType: 'api' | 'browser';
      replacementId: string | undefined;
      fetched: RecordedExchange | undefined;
    }
  /**
   * A change refused for re-authentication, followed through: the login it asked for, where that login sent the browser
   * (`next`, browser logins only), the change submitted again or resumed (`resumed`), and where its effect shows.
   */
  | {
      kind: 'resumed';
      via: 'refresh' | 'aal2';
      flowId: string;
      login: RecordedExchange;
      next?: string;
      resumed: RecordedExchange;
      /** Browser navigation back to the flow, which must continue the paused submit (no resubmit by the client). */
      continued: boolean;
      applied: { traits: Record<string, unknown>; whoami: RecordedExchange } | { newPasswordLogin: RecordedExchange };
    }
  /** Logins to AAL2 with backup codes: a fresh code, the same code again, and a code of a set replaced since. */
  | { kind: 'one-time-code'; firstUse: RecordedExchange; secondUse: RecordedExchange; replacedCodeUse?: RecordedExchange };

export interface CheckContext {
  operationId: SettingsOperationId;
  exchange: RecordedExchange;
  /** The response body parsed as JSON once for every check (undefined when it is not complete JSON). */
  body: unknown;
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

/**
 * A check's verdict. A failure counts against a requirement, and the requirements table alone says how much: a
 * failure of a `should` requirement is reported as a warning.
 */
export type CheckVerdict = { outcome: 'pass' } | { outcome: 'skip' } | { outcome: 'fail'; message: string; requirement?: RequirementId };

/** Which statuses a check judges: a list, any answer, redirects, answers that are no redirect, or errors (4xx, 5xx). */
export type StatusSet = readonly number[] | 'answered' | 'redirect' | 'not-redirect' | 'error';

/** What a check applies to; the registry runs it only there. Each field left out means any. */
export interface Applicability {
  operations?: readonly SettingsOperationId[];
  statuses?: StatusSet;
  /** The oracle rules whose expectations the check judges (an exchange without an expectation has no rule). */
  rules?: readonly Rule[];
  /** The kinds of effect evidence the check reads (an exchange without evidence has none). */
  effects?: ReadonlyArray<EffectEvidence['kind']>;
}

export interface Check {
  name: string;
  /** The requirements this check verifies; the first is the one a failure names unless the verdict says otherwise. */
  requirements: readonly RequirementId[];
  appliesTo?: Applicability;
  /** Judges an exchange the check applies to; it may still skip one that lacks what it looks at (a flow body, say). */
  evaluate(context: CheckContext): CheckVerdict;
}

export const PASS: CheckVerdict = { outcome: 'pass' };
export const SKIP: CheckVerdict = { outcome: 'skip' };

export function fail(message: string, requirement?: RequirementId): CheckVerdict {
  return requirement === undefined ? { outcome: 'fail', message } : { outcome: 'fail', message, requirement };
}

/** The accepted outcome the response matched by status, if any. */
export function matchedOutcome(context: CheckContext): Outcome | undefined {
  return context.expectation?.outcomes.find((outcome) => outcome.status === context.exchange.response.status);
}

/** An exchange in a message: `GET /sessions/whoami → 401`. */
export function describeExchange(exchange: RecordedExchange): string {
  return `${exchange.request.method} ${new URL(exchange.request.url).pathname} → ${exchange.response.status || exchange.response.error}`;
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

export type EffectOf<Kind extends EffectEvidence['kind']> = Extract<EffectEvidence, { kind: Kind }>;

/** A check of one kind of effect evidence: it applies only where that evidence was gathered. */
export function effectCheck<Kind extends EffectEvidence['kind']>(
  kind: Kind,
  check: {
    name: string;
    requirements: readonly RequirementId[];
    statuses?: StatusSet;
    evaluate(effect: EffectOf<Kind>, context: CheckContext): CheckVerdict;
  },
): Check {
  return {
    name: check.name,
    requirements: check.requirements,
    appliesTo: { effects: [kind], ...(check.statuses ? { statuses: check.statuses } : {}) },
    evaluate: (context) => (context.effect?.kind === kind ? check.evaluate(context.effect as EffectOf<Kind>, context) : SKIP),
  };
}
