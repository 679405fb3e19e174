/**
 * Collects check evaluations into the report's cells, requirement results, failures and warnings.
 * A property run's evaluations are buffered and committed once fast-check has settled on the run to keep.
 */
import type { Cell, CellOutcome, Failure, RecordedExchange, RequirementResult, Warning } from '../reporters/report.js';
import { SETTINGS_CELLS, type SettingsOperationId } from '../spec/operations.js';
import type { Evaluation } from './checks/index.js';
import { errorIdOf } from './checks/types.js';
import { presentableExchange, renderCurl, shellQuote } from './curl.js';
import type { Expectation } from './oracle.js';
import { REQUIREMENTS, REQUIREMENTS_BY_ID } from './requirements.js';

export interface Observation {
  operationId: SettingsOperationId;
  exchange: RecordedExchange;
  /** The response body parsed as JSON once, as the checks saw it. */
  body: unknown;
  expectation?: Expectation;
  evaluations: Evaluation[];
}

export interface ReplayContext {
  seed: number;
  path: string;
  /** Title of the case, so a replay can select it with --grep. */
  title: string;
  /** A model run's command choices (fast-check's replayPath). */
  replayPath?: string;
}

export interface RecorderOptions {
  replayTarget: string | undefined;
  showSecrets: boolean;
  /** The run's options that shape a case (runs, lifespans, waits, timeout), as CLI arguments for the replay line. */
  replayArguments?: string[];
  /** What the replay line relies on that it does not print (environment variables, the configuration file, secrets). */
  replayNote?: string;
}

/** A case that proved nothing: no answer arrived, or it could not run to its checks. */
export interface InconclusiveCase {
  title: string;
  reason: string;
  replay?: string;
}

/** Keeps this many inconclusive cases in the report; the count covers all. */
const KEPT_INCONCLUSIVE = 20;

interface Tally {
  checks: number;
  failed: number;
}

const cellKey = (operationId: string, status: number) => `${operationId} ${status}`;

function requirementOf(evaluation: Evaluation, expectation: Expectation | undefined): string {
  const { check, verdict } = evaluation;
  if ('requirement' in verdict && verdict.requirement !== undefined) return verdict.requirement;
  if (expectation && check.requirements.includes(expectation.requirement)) return expectation.requirement;
  return check.requirements[0] ?? 'unknown';
}

/** Case titles start with their id and a colon ("SF-GET: …"); the id selects the case on its own. */
function caseId(title: string): string {
  const colon = title.indexOf(':');
  return colon === -1 ? title : title.slice(0, colon + 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Recorder {
  private readonly cells = new Map<string, Tally>();
  private readonly requirementCells = new Map<string, Map<string, Tally>>();
  private readonly notApplicable = new Map<string, string>();
  private readonly requirementNotApplicable = new Map<string, Map<string, string>>();
  private readonly notReachedReasons = new Map<string, string>();
  private readonly warningKeys = new Set<string>();
  readonly failures: Failure[] = [];
  readonly warnings: Warning[] = [];
  readonly inconclusive: InconclusiveCase[] = [];
  inconclusiveCount = 0;

  constructor(private readonly options: RecorderOptions) {}

  /** Marks a requirement not_applicable in a cell, and the cell itself unless something reaches it anyway. */
  markNotApplicable(requirement: string, operationId: SettingsOperationId, status: number, reason: string): void {
    const key = cellKey(operationId, status);
    if (!this.notApplicable.has(key)) this.notApplicable.set(key, reason);
    const perRequirement = this.requirementNotApplicable.get(requirement) ?? new Map<string, string>();
    this.requirementNotApplicable.set(requirement, perRequirement);
    perRequirement.set(key, reason);
  }

  /** Says why a cell will not be reached (a part of provisioning failed); it stays not_reached unless reached anyway. */
  markNotReached(operationId: SettingsOperationId, status: number, reason: string): void {
    const key = cellKey(operationId, status);
    if (!this.notReachedReasons.has(key)) this.notReachedReasons.set(key, reason);
  }

  /** Whether the observation contains a failure of a `must` requirement (a `should` failure only warns). */
  static fails(observations: readonly Observation[]): boolean {
    return observations.some((observation) =>
      observation.evaluations.some(
        (evaluation) =>
          evaluation.verdict.outcome === 'fail' &&
          REQUIREMENTS_BY_ID.get(requirementOf(evaluation, observation.expectation))?.severity !== 'should',
      ),
    );
  }

  /** The distinct (requirement, operation, status) of the `must` failures in the observations. */
  static failureKeys(observations: readonly Observation[]): string[] {
    const keys = new Set<string>();
    for (const observation of observations) {
      for (const evaluation of observation.evaluations) {
        const requirement = requirementOf(evaluation, observation.expectation);
        if (evaluation.verdict.outcome !== 'fail' || REQUIREMENTS_BY_ID.get(requirement)?.severity === 'should') continue;
        keys.add(`${requirement} ${cellKey(observation.operationId, observation.exchange.response.status)}`);
      }
    }
    return [...keys];
  }

  commit(observations: readonly Observation[], replay: ReplayContext): void {
    for (const observation of observations) {
      const status = observation.exchange.response.status;
      const key = cellKey(observation.operationId, status);
      this.noteDocumentedAlternative(observation);
      for (const evaluation of observation.evaluations) {
        const requirement = requirementOf(evaluation, observation.expectation);
        const severity = REQUIREMENTS_BY_ID.get(requirement)?.severity ?? 'must';
        const { verdict } = evaluation;
        const failed = verdict.outcome === 'fail' && severity === 'must';
        this.tally(this.cells, key, failed);
        const perRequirement = this.requirementCells.get(requirement) ?? new Map<string, Tally>();
        this.requirementCells.set(requirement, perRequirement);
        this.tally(perRequirement, key, failed);
        if (verdict.outcome !== 'fail') continue;
        // The requirements table alone decides: a failure of a `should` requirement is a warning.
        if (failed) this.failures.push(this.failure(observation, evaluation.check.name, requirement, verdict.message, replay));
        else
          this.warn(
            { requirement, operationId: observation.operationId, status, message: `${evaluation.check.name}: ${verdict.message}` },
            evaluation.check.name,
          );
      }
    }
  }

  /**
   * The API reference documents 403 security_identity_mismatch for a forbidden return_to where Kratos answers 400
   * (docs/kratos-behavior.md#doc-return-to-id). A target that takes the documented answer and passes never produces the
   * 400 the forbidden return_to would reach, so that cell is not applicable to it rather than not reached.
   */
  private noteDocumentedAlternative(observation: Observation): void {
    const expectation = observation.expectation;
    if (expectation?.rule !== 'returnToForbidden' || observation.exchange.response.status !== 403) return;
    if (observation.evaluations.some((evaluation) => evaluation.verdict.outcome === 'fail')) return;
    this.markNotApplicable(
      expectation.requirement,
      observation.operationId,
      400,
      'the target refuses a forbidden return_to with 403 security_identity_mismatch, as the API reference documents, so no case reaches 400',
    );
  }

  /** A case that could not run to its checks (e.g. a login failed mid-run): it proves nothing, so it is no failure. */
  recordInconclusive(title: string, reason: string, replay?: ReplayContext): void {
    this.inconclusiveCount += 1;
    if (this.inconclusive.length < KEPT_INCONCLUSIVE)
      this.inconclusive.push({ title, reason, ...(replay ? { replay: this.replayLine(replay) } : {}) });
  }

  /** A case in which a request got no answer: the network failed, so the case is inconclusive and never shrunk. */
  recordTransportCase(title: string, trouble: string): void {
    this.recordInconclusive(title, `no answer: ${trouble}`);
  }

  /** Keeps the first warning per requirement, cell and check: the same deviation is seen in many runs. */
  private warn(warning: Warning, check: string): void {
    const key = `${warning.requirement} ${warning.operationId} ${warning.status} ${check}`;
    if (this.warningKeys.has(key)) return;
    this.warningKeys.add(key);
    this.warnings.push(warning);
  }

  private tally(map: Map<string, Tally>, key: string, failed: boolean): void {
    const tally = map.get(key) ?? { checks: 0, failed: 0 };
    tally.checks += 1;
    if (failed) tally.failed += 1;
    map.set(key, tally);
  }

  private failure(observation: Observation, check: string, requirement: string, message: string, replay: ReplayContext): Failure {
    const { exchange } = observation;
    const errorId = errorIdOf(observation.body);
    return {
      requirement,
      check,
      operationId: observation.operationId,
      status: exchange.response.status,
      message,
      ...(typeof errorId === 'string' ? { errorId } : {}),
      reproduce: {
        curl: renderCurl(exchange.request, this.options.showSecrets),
        seed: replay.seed,
        path: replay.path,
        replay: this.replayLine(replay),
        ...(this.options.replayNote !== undefined ? { replayNote: this.options.replayNote } : {}),
      },
      exchange: presentableExchange(exchange, this.options.showSecrets),
    };
  }

  /** The CLI line replaying one case: its seed, its path, a --grep selecting its property and the options shaping it. */
  private replayLine(replay: ReplayContext): string {
    return [
      'npx kratos-settings-conformance run',
      ...(this.options.replayTarget !== undefined ? [`--target ${this.options.replayTarget}`] : []),
      `--seed ${replay.seed}`,
      ...(replay.path !== '' ? [`--path ${shellQuote(replay.path)}`] : []),
      ...(replay.replayPath !== undefined ? [`--replay-path ${shellQuote(replay.replayPath)}`] : []),
      `--grep ${shellQuote(`^${escapeRegExp(caseId(replay.title))}`)}`,
      ...(this.options.replayArguments ?? []),
    ].join(' ');
  }

  /**
   * The 21 documented cells, then a failed cell for each undocumented status a failure was seen at (a 500, say), so
   * every failure shows in the grid. Cells a run narrowed with --grep never reached are not_selected.
   */
  buildCells(scope: { partial: boolean } = { partial: false }): Cell[] {
    const documented = SETTINGS_CELLS.map((cell): Cell => {
      const key = cellKey(cell.operationId, cell.status);
      const tally = this.cells.get(key);
      const base = { operationId: cell.operationId, status: cell.status, checks: tally?.checks ?? 0 };
      if (tally && tally.checks > 0) {
        return tally.failed > 0
          ? { ...base, outcome: 'failed' as const, reason: `${tally.failed} of ${tally.checks} checks failed` }
          : { ...base, outcome: 'passed' as const };
      }
      const reason = this.notApplicable.get(key);
      if (reason !== undefined) return { ...base, outcome: 'not_applicable' as const, reason };
      if (scope.partial && !this.notReachedReasons.has(key))
        return { ...base, outcome: 'not_selected' as const, reason: 'no selected case reached it (the run was narrowed with --grep)' };
      return {
        ...base,
        outcome: 'not_reached' as const,
        reason: this.notReachedReasons.get(key) ?? `no ${cell.status} response to ${cell.operationId} was observed`,
      };
    });
    const known = new Set(SETTINGS_CELLS.map((cell) => cellKey(cell.operationId, cell.status)));
    const undocumented = [...this.cells.entries()]
      .filter(([key, tally]) => !known.has(key) && tally.failed > 0)
      .map(([key, tally]): Cell => {
        const [operationId = '', status = '0'] = key.split(' ');
        return {
          operationId,
          status: Number(status),
          outcome: 'failed',
          checks: tally.checks,
          reason: `an undocumented status: ${tally.failed} of ${tally.checks} checks failed`,
          undocumented: true,
        };
      })
      .sort((a, b) => a.operationId.localeCompare(b.operationId) || a.status - b.status);
    return [...documented, ...undocumented];
  }

  buildRequirements(): RequirementResult[] {
    const split = (key: string) => {
      const [operationId = '', status = '0'] = key.split(' ');
      return { operationId, status: Number(status) };
    };
    return REQUIREMENTS.map((requirement) => {
      const perCell = this.requirementCells.get(requirement.id) ?? new Map<string, Tally>();
      const cells: RequirementResult['cells'] = [...perCell.entries()].map(([key, tally]) => {
        const outcome: CellOutcome = tally.failed > 0 ? 'failed' : 'passed';
        return {
          ...split(key),
          outcome,
          checks: tally.checks,
          ...(tally.failed > 0 ? { reason: `${tally.failed} of ${tally.checks} checks failed` } : {}),
        };
      });
      for (const [key, reason] of this.requirementNotApplicable.get(requirement.id) ?? []) {
        if (!perCell.has(key)) cells.push({ ...split(key), outcome: 'not_applicable', checks: 0, reason });
      }
      return { id: requirement.id, statement: requirement.statement, source: requirement.source, severity: requirement.severity, cells };
    });
  }
}
