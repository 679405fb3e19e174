import { randomInt } from 'node:crypto';
import type { Server } from '@hapi/hapi';
import { start as startMock } from '../mock/index.js';
import {
  applyBaseline,
  baselineFromReport,
  createProgress,
  isInteractive,
  loadBaseline,
  renderSummary,
  sealReport,
  writeBaseline,
  writeReports,
} from '../reporters/index.js';
import type { Report } from '../reporters/report.js';
import { runConformance } from '../suites/index.js';
import { resolveSettings } from './config-file.js';
import { UsageError, type ParsedCommand } from './options.js';

/** Lifespans of the in-process mock: short, so expiry and ageing cost the run seconds, not hours. */
const EMBEDDED_LIFESPAN_MS = 2_000;
/** Kratos's defaults, assumed for a target unless told otherwise. */
const KRATOS_DEFAULT_LIFESPAN_MS = 3_600_000;

const EXIT_BY_VERDICT = { pass: 0, fail: 1, error: 2 } as const;
const EXIT_INTERRUPTED = 130;

function targetFromEnvironment(): string | undefined {
  const raw = process.env.CONFORMANCE_TARGET;
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`CONFORMANCE_TARGET must be an absolute http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function seedFromEnvironment(): number | undefined {
  const raw = process.env.CONFORMANCE_SEED;
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`CONFORMANCE_SEED must be a whole number, got "${raw}"`);
  return Number(raw);
}

export async function runCommand(parsed: ParsedCommand): Promise<number> {
  const { values } = resolveSettings(parsed, { target: targetFromEnvironment(), seed: seedFromEnvironment() });
  const explicitTarget = values.target as string | undefined;
  const explicitSeed = values.seed as number | undefined;
  const replayPath = values.path as string | undefined;
  if (replayPath !== undefined && explicitSeed === undefined) {
    throw new UsageError('--path replays a case of one seed: give --seed too');
  }
  if (replayPath !== undefined && values.grep === undefined) {
    throw new UsageError("--path is a case of one property: give --grep too (copy the report's replay line)");
  }
  const embedded = explicitTarget === undefined;
  const defaultLifespan = embedded ? EMBEDDED_LIFESPAN_MS : KRATOS_DEFAULT_LIFESPAN_MS;
  const flowLifespanMs = (values['flow-lifespan'] as number | undefined) ?? defaultLifespan;
  const privilegedMaxAgeMs = (values['privileged-max-age'] as number | undefined) ?? defaultLifespan;
  const baselineEntries = values.baseline ? await loadBaselineOrExplain(values.baseline as string) : undefined;

  let mock: Server | undefined;
  let target = explicitTarget;
  if (embedded) {
    mock = await startMock({ host: '127.0.0.1', port: 0, flowLifespanMs, privilegedMaxAgeMs, log: () => {} });
    target = mock.info.uri;
    console.error(`embedded mock listening on ${target}`);
  }

  const interactive = isInteractive(process.stderr);
  const progress = createProgress({ stream: process.stderr, interactive });
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    console.error('\ninterrupted: finishing the current case and writing a partial report (Ctrl-C again to quit now)');
    abort.abort();
  };
  process.on('SIGINT', onSignal);

  let report: Report;
  try {
    report = await runConformance({
      target: target!,
      embeddedMock: embedded,
      adminUrl: (values['admin-url'] as string | undefined) ?? target!,
      seed: explicitSeed ?? randomInt(0, 2 ** 31 - 1),
      path: replayPath,
      runs: (values.runs as number | undefined) ?? 25,
      grep: values.grep as RegExp | undefined,
      flowLifespanMs,
      privilegedMaxAgeMs,
      maxWaitMs: (values['max-wait'] as number | undefined) ?? 15_000,
      timeoutMs: (values.timeout as number | undefined) ?? 10_000,
      ...(typeof values['shrink-time'] === 'number' ? { shrinkTimeMs: values['shrink-time'] } : {}),
      showSecrets: values['show-secrets'] === true,
      onProgress: progress.listener,
      signal: abort.signal,
    });
  } finally {
    progress.finish();
    process.off('SIGINT', onSignal);
    await mock?.stop({ timeout: 1_000 });
  }

  if (baselineEntries) report = applyBaseline(report, baselineEntries, new Date());
  report = sealReport(report);
  console.log(renderSummary(report, { color: interactive, width: process.stdout.columns ?? 80 }));

  if (values['report-dir']) {
    const written = await writeReports(report, values['report-dir'] as string);
    console.log(`reports written: ${written.join(', ')}`);
  }
  if (values['write-baseline']) {
    await writeBaseline(values['write-baseline'] as string, baselineFromReport(report));
    console.log(`baseline written to ${values['write-baseline'] as string}: fill in each entry's comment`);
  }
  if (report.interrupted) return EXIT_INTERRUPTED;
  return EXIT_BY_VERDICT[report.verdict];
}

async function loadBaselineOrExplain(file: string) {
  try {
    return await loadBaseline(file);
  } catch (error) {
    throw new UsageError(`--baseline: ${(error as Error).message}`);
  }
}
