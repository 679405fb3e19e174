/**
 * `runConformance`: the `run` command as a function. Same options as the CLI's flags (camelCase, durations as `10s` or
 * milliseconds), same defaults; resolves to the sealed report instead of printing it.
 */
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from '@hapi/hapi';
import { start as startMock } from '../mock/index.js';
import {
  applyBaseline,
  baselineFromReport,
  ensureWritableDirectory,
  ensureWritableFile,
  loadBaseline,
  rememberedComments,
  sealReport,
  writeBaseline,
  writeReports,
  type BaselineEntry,
  type KnownCells,
} from '../reporters/index.js';
import type { ProgressListener, Report } from '../reporters/report.js';
import { parseDuration } from '../spec/index.js';
import { SETTINGS_CELLS } from '../spec/operations.js';
import { runConformance as runSuite } from '../suites/index.js';
import type { OptionSources } from '../suites/replay-line.js';
import { REQUIREMENTS } from '../suites/requirements.js';

/** Lifespans of the in-process mock: short, so expiry and ageing cost the run seconds, not hours. */
const EMBEDDED_LIFESPAN_MS = 2_000;
/** Kratos's defaults, assumed for a target unless told otherwise. */
const KRATOS_DEFAULT_LIFESPAN_MS = 3_600_000;
const DEFAULT_RUNS = 25;
const DEFAULT_MAX_WAIT_MS = 15_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** A duration as the CLI writes it (`500ms`, `3s`, `2m`, `1h`) or a number of milliseconds. */
export type Duration = string | number;

export interface RunOptions {
  /** Public URL of the server under test; absent: a mock is started in-process for the run. */
  target?: string;
  /** Admin API URL (default: the target). */
  adminUrl?: string;
  /** fast-check seed (default: random; the report records it). */
  seed?: number;
  /** fast-check path of one case to replay; needs `seed` and `grep` (copy them from a failure's replay line). */
  path?: string;
  /** With `path`: a model run's command choices (`--replay-path` of its replay line). */
  replayPath?: string;
  /** Retries of a GET, PUT or DELETE that got no answer (default 2); a POST is never retried. */
  retries?: number;
  /** Only the cases whose title matches. */
  grep?: string | RegExp;
  /** Runs per property (default 25). */
  runs?: number;
  /** The target's `selfservice.flows.settings.lifespan` (default 1h; 2s for the in-process mock). */
  flowLifespan?: Duration;
  /** The target's `selfservice.flows.settings.privileged_session_max_age` (default 1h; 2s for the in-process mock). */
  privilegedMaxAge?: Duration;
  /** The target's `selfservice.flows.settings.required_aal`: highest_available (default, as Kratos) or aal1. */
  requiredAal?: 'highest_available' | 'aal1';
  /** Longest wait for a flow to expire or a session to age; longer waits make their cells not applicable (default 15s). */
  maxWait?: Duration;
  /** Per-request timeout (default 10s). */
  timeout?: Duration;
  /** Cap on the time spent shrinking one failure (default: no cap). */
  shrinkTime?: Duration;
  /** Show cookies, tokens and passwords in curl lines instead of `[Filtered]`. */
  showSecrets?: boolean;
  /** Accepted deviations: a baseline file (JSON or YAML) or its entries. */
  baseline?: string | BaselineEntry[];
  /** Write report.json, junit.xml and report.html into this directory. */
  reportDir?: string;
  /** Write a baseline accepting this run's failures to this file. */
  writeBaseline?: string;
  /** "Name: value" headers sent with every request to the public API (a gateway key) and to the admin API. */
  headers?: string[];
  adminHeaders?: string[];
  /** A PEM file of CA certificates to trust besides Node's own (a private CA). */
  caFile?: string;
  /** Skip TLS certificate verification. */
  insecure?: boolean;
  /** Pre-created test identities to use instead of the admin API. */
  identities?: Array<{ identifier: string; password: string }>;
  /** The identity schema of the identities the suite creates (default "default"). */
  schemaId?: string;
  /** Runs in flight at once (default 4; 1 runs everything one after another). */
  concurrency?: number;
  /** Where the CLI found headers and identities (flag, environment, configuration file): replay lines say how to give them again. */
  optionSources?: OptionSources;
  onProgress?: ProgressListener;
  /** Aborting stops the run soon; the report is partial and marked `interrupted`. */
  signal?: AbortSignal;
}

/** What a baseline entry may name: the suite's requirements and the four operations with their documented statuses. */
function knownCells(): KnownCells {
  const operations = new Map<string, number[]>();
  for (const cell of SETTINGS_CELLS) operations.set(cell.operationId, [...(operations.get(cell.operationId) ?? []), cell.status]);
  return { requirements: new Set(REQUIREMENTS.map((requirement) => requirement.id)), operations };
}

/** Loads a baseline file, checked against the known requirements and operations; resolves to its entries and sha256. */
export async function loadCheckedBaseline(file: string): Promise<{ entries: BaselineEntry[]; sha256: string }> {
  const entries = await loadBaseline(file, knownCells());
  return {
    entries,
    sha256: createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
  };
}

function milliseconds(name: string, value: Duration | undefined): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  try {
    return parseDuration(value);
  } catch (error) {
    throw new RangeError(`${name}: ${(error as Error).message}`);
  }
}

/** Runs the suite; the report is sealed (see `verifyReport`) and has the baseline applied. */
export async function runConformance(options: RunOptions = {}): Promise<Report> {
  if (options.path !== undefined && (options.seed === undefined || options.grep === undefined)) {
    throw new TypeError('path replays one case of one property: give seed and grep too (copy them from the replay line)');
  }
  const embedded = options.target === undefined;
  const defaultLifespan = embedded ? EMBEDDED_LIFESPAN_MS : KRATOS_DEFAULT_LIFESPAN_MS;
  const flowLifespanMs = milliseconds('flowLifespan', options.flowLifespan) ?? defaultLifespan;
  const privilegedMaxAgeMs = milliseconds('privilegedMaxAge', options.privilegedMaxAge) ?? defaultLifespan;
  const shrinkTimeMs = milliseconds('shrinkTime', options.shrinkTime);
  const maxWaitMs = milliseconds('maxWait', options.maxWait) ?? DEFAULT_MAX_WAIT_MS;
  const timeoutMs = milliseconds('timeout', options.timeout) ?? DEFAULT_TIMEOUT_MS;
  const grep = typeof options.grep === 'string' ? new RegExp(options.grep) : options.grep;
  const requiredAal = options.requiredAal ?? 'highest_available';
  if (requiredAal !== 'highest_available' && requiredAal !== 'aal1')
    throw new RangeError(`requiredAal: highest_available or aal1, got "${String(requiredAal)}"`);
  const baselineFile = typeof options.baseline === 'string' ? await loadCheckedBaseline(options.baseline) : undefined;
  const baseline = baselineFile?.entries ?? (Array.isArray(options.baseline) ? options.baseline : undefined);
  // Checked before the run, so a run is not lost at its end.
  if (options.reportDir !== undefined) await ensureWritableDirectory(options.reportDir);
  if (options.writeBaseline !== undefined) await ensureWritableFile(options.writeBaseline);

  let mock: Server | undefined;
  let report: Report;
  try {
    let target = options.target?.replace(/\/+$/, '');
    if (target === undefined) {
      mock = await startMock({
        host: '127.0.0.1',
        port: 0,
        flowLifespanMs,
        privilegedMaxAgeMs,
        ...(requiredAal === 'aal1' ? { config: { required_aal: 'aal1' } } : {}),
        log: () => {},
      });
      target = mock.info.uri;
    }
    report = await runSuite({
      target,
      embeddedMock: embedded,
      adminUrl: options.adminUrl?.replace(/\/+$/, '') ?? target,
      seed: options.seed ?? randomInt(0, 2 ** 31 - 1),
      path: options.path,
      ...(options.replayPath !== undefined ? { replayPath: options.replayPath } : {}),
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      runs: options.runs ?? DEFAULT_RUNS,
      grep,
      flowLifespanMs,
      privilegedMaxAgeMs,
      requiredAal,
      maxWaitMs,
      timeoutMs,
      ...(shrinkTimeMs !== undefined ? { shrinkTimeMs } : {}),
      showSecrets: options.showSecrets === true,
      headers: options.headers ?? [],
      adminHeaders: options.adminHeaders ?? [],
      tls: {
        ...(options.caFile !== undefined ? { ca: readFileSync(options.caFile, 'utf8') } : {}),
        ...(options.insecure ? { insecure: true } : {}),
      },
      ...(options.caFile !== undefined ? { caFile: options.caFile } : {}),
      ...(options.optionSources ? { optionSources: options.optionSources } : {}),
      identities: options.identities ?? [],
      ...(options.schemaId !== undefined ? { schemaId: options.schemaId } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await mock?.stop({ timeout: 1_000 });
  }
  if (baseline) report = applyBaseline(report, baseline, new Date());
  if (baselineFile && report.options) report = { ...report, options: { ...report.options, baselineSha256: baselineFile.sha256 } };
  report = sealReport(report);
  if (options.reportDir !== undefined) await writeReports(report, options.reportDir);
  if (options.writeBaseline !== undefined)
    await writeBaseline(options.writeBaseline, baselineFromReport(report, await rememberedComments(options.writeBaseline)));
  return report;
}
