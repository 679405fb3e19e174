/**
 * The report model: what a conformance run produces and every reporter reads.
 * report.json is this object serialised; its fields (reporters/report.schema.json) are a contract other tools read.
 */
/** pass: every cell tested and conforming; incomplete: cells not reached (exit 2); a narrowed run is scope.partial. */
export type Verdict = 'pass' | 'fail' | 'error' | 'incomplete';
export type CellOutcome = 'passed' | 'failed' | 'not_applicable' | 'not_reached' | 'not_selected';
export type Severity = 'must' | 'should';

export interface Reproduce {
  /** A curl command that repeats the failing request; secrets are `[Filtered]` unless --show-secrets. */
  curl: string;
  seed: number;
  /** The fast-check path of the failing case ('' for a fixed, non-generated case). */
  path: string;
  /** The CLI invocation that replays exactly this case. */
  replay?: string;
  /** What the replay line relies on without printing it: environment variables, the configuration file, secrets to give again. */
  replayNote?: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body?: string;
  /** Set when no response arrived: timeout, reset, refused. */
  error?: string;
}

export interface RecordedExchange {
  request: RecordedRequest;
  response: RecordedResponse;
  durationMs: number;
}

export interface Failure {
  requirement: string;
  check: string;
  operationId: string;
  status: number;
  message: string;
  /** `error.id` of the response, where it had one (baselines key on it). */
  errorId?: string;
  reproduce: Reproduce;
  exchange?: RecordedExchange;
  /** Set when a baseline entry accepted this failure. */
  baselined?: { comment: string; expires?: string };
}

export interface Cell {
  operationId: string;
  status: number;
  outcome: CellOutcome;
  /** How many check evaluations ran for this cell. */
  checks: number;
  /** Why a cell is not_applicable / not_reached / not_selected / failed. */
  reason?: string;
  /** A failed cell at a status the operation does not document (a 500, say): it shows beside the 21. */
  undocumented?: true;
}

export interface RequirementResult {
  id: string;
  statement: string;
  /** Where the requirement comes from: public URLs (Ory docs, Kratos source) with the quoted sentence, and docs/kratos-behavior.md anchors. */
  source: string;
  severity: Severity;
  /** Results of this requirement per cell it was checked in. */
  cells: Array<{ operationId: string; status: number; outcome: CellOutcome; checks: number; reason?: string }>;
}

export interface Warning {
  requirement: string;
  operationId: string;
  status: number;
  message: string;
}

/** What the run covered: a run narrowed with --grep is partial and certifies nothing about the rest. */
export interface Scope {
  grep: string | null;
  partial: boolean;
}

/** Every option that shapes the verdict, so a reader knows what the run was and can repeat it. */
export interface RunOptions {
  grep: string | null;
  runs: number;
  flowLifespanMs: number;
  privilegedMaxAgeMs: number;
  maxWaitMs: number;
  timeoutMs: number;
  retries: number;
  shrinkTimeMs?: number;
  path?: string;
  replayPath?: string;
  /** sha256 of the baseline file as read, when one was applied. */
  baselineSha256?: string;
}

/** Network trouble, kept apart from conformance: it never fails a requirement. */
export interface TransportSummary {
  /** Idempotent requests sent again after a reset, refusal or timeout. */
  retriedRequests: number;
  /** GET, PUT and DELETE requests that got no answer after every retry (POSTs are never retried, nor counted here). */
  failedRequests: number;
  /** Cases that proved nothing: a request got no answer, or the case could not run. */
  inconclusiveCases: number;
  /** The first of them, with why and a replay line where there is one. */
  inconclusive: Array<{ title: string; reason: string; replay?: string }>;
}

export interface Report {
  tool: { name: string; version: string };
  target: string;
  adminUrl?: string;
  seed: number;
  runs: number;
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  /** Set when verdict is 'error': why the target could not be tested. */
  error?: string;
  /** Set when the run was stopped (Ctrl-C) before it finished. */
  interrupted?: boolean;
  /** What the run could not leave as it found it on the target (handed-over identities it could not restore). */
  notices?: string[];
  scope?: Scope;
  options?: RunOptions;
  transport?: TransportSummary;
  cells: Cell[];
  failures: Failure[];
  warnings: Warning[];
  requirements: RequirementResult[];
  environment: { node: string; os: string; specSha256: string };
  /** The target's configuration as declared to the run (what a black box cannot see). */
  configuration?: { flowLifespanMs: number; privilegedMaxAgeMs: number; requiredAal: 'highest_available' | 'aal1' };
  /** Every combination of situation the run exercised, with how many cases did. */
  coverage?: Array<{ combination: string; cases: number }>;
  /** Stale or expired baseline entries (they fail the run). */
  baselineProblems?: string[];
  certificate?: { algorithm: 'sha256'; verdictSha256: string };
}

/** Live progress while a run goes on: one event per finished case. */
export interface ProgressEvent {
  done: number;
  /** Known once the plan is built; absent while it is not. */
  total?: number;
  title: string;
  outcome: 'passed' | 'failed' | 'skipped';
}
export type ProgressListener = (event: ProgressEvent) => void;
