import { existsSync, readFileSync } from 'node:fs';
import { loadCheckedBaseline, runConformance } from '../api/run.js';
import {
  baselineFromReport,
  createProgress,
  ensureWritableDirectory,
  ensureWritableFile,
  isInteractive,
  rememberedComments,
  renderSummary,
  writeBaseline,
  writeReports,
  writeReportsToTemporaryDirectory,
} from '../reporters/index.js';
import type { Report } from '../reporters/report.js';
import { parseHeaderLine } from '../suites/secrets.js';
import { resolveSettings } from './config-file.js';
import { UsageError, type ParsedCommand } from './options.js';

const EXIT_BY_VERDICT = { pass: 0, fail: 1, error: 2, incomplete: 2 } as const;
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

/** A multi-line variable as the values of a repeatable option (CI secrets hold one header or identity per line). */
function linesFromEnvironment(name: string, check?: (line: string) => boolean): string[] | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (check && !lines.every(check))
    throw new UsageError(`${name} must hold one "Name: value" per line (the value is not shown: it may be a secret)`);
  return lines;
}

const isHeaderLine = (line: string) => parseHeaderLine(line) !== undefined;

/** IDENTIFIER:PASSWORD pairs, each given directly or as a file holding one per line. */
function handedOverIdentities(values: readonly string[]): Array<{ identifier: string; password: string }> {
  return values.flatMap((value) => {
    const lines =
      !value.includes(':') && existsSync(value)
        ? readFileSync(value, 'utf8')
            .split(/\r?\n/)
            .filter((line) => line.trim() !== '' && !line.startsWith('#'))
        : [value];
    return lines.map((line) => {
      const separator = line.indexOf(':');
      if (separator <= 0 || separator === line.length - 1) {
        throw new UsageError(
          `--identity takes IDENTIFIER:PASSWORD or a file of them, one per line; got ${value.includes(':') ? 'a value without an identifier or password' : `"${value}", which is neither`}`,
        );
      }
      return { identifier: line.slice(0, separator).trim(), password: line.slice(separator + 1) };
    });
  });
}

export async function runCommand(parsed: ParsedCommand): Promise<number> {
  const { values, sources, file } = resolveSettings(parsed, {
    target: targetFromEnvironment(),
    seed: seedFromEnvironment(),
    header: linesFromEnvironment('CONFORMANCE_HEADER', isHeaderLine),
    'admin-header': linesFromEnvironment('CONFORMANCE_ADMIN_HEADER', isHeaderLine),
    identity: linesFromEnvironment('CONFORMANCE_IDENTITY'),
  });
  const explicitTarget = values.target as string | undefined;
  const explicitSeed = values.seed as number | undefined;
  const replayPath = values.path as string | undefined;
  if (replayPath !== undefined && explicitSeed === undefined) {
    throw new UsageError('--path replays a case of one seed: give --seed too');
  }
  if (replayPath !== undefined && values.grep === undefined) {
    throw new UsageError("--path is a case of one property: give --grep too (copy the report's replay line)");
  }
  const requiredAal = values['required-aal'] as string | undefined;
  if (requiredAal !== undefined && requiredAal !== 'highest_available' && requiredAal !== 'aal1') {
    throw new UsageError(`--required-aal takes highest_available or aal1, got "${requiredAal}"`);
  }
  const identities = handedOverIdentities((values.identity as string[] | undefined) ?? []);
  if (values.insecure === true)
    console.error('warning: --insecure: TLS certificates are not verified, so this run cannot tell the target from an impostor');
  const modelReplayPath = values['replay-path'] as string | undefined;
  if (modelReplayPath !== undefined && replayPath === undefined)
    throw new UsageError('--replay-path belongs to one case: give --seed and --path too');
  const baseline = values.baseline as string | undefined;
  // A baseline and the places results go are checked before the run: a run's report is never lost at the end.
  if (baseline !== undefined) await checkPath('--baseline', () => loadCheckedBaseline(baseline));
  const reportDir = values['report-dir'] as string | undefined;
  const baselineOut = values['write-baseline'] as string | undefined;
  if (reportDir !== undefined) await checkPath('--report-dir', () => ensureWritableDirectory(reportDir));
  if (baselineOut !== undefined) await checkPath('--write-baseline', () => ensureWritableFile(baselineOut));

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
      target: explicitTarget,
      adminUrl: values['admin-url'] as string | undefined,
      seed: explicitSeed,
      path: replayPath,
      ...(modelReplayPath !== undefined ? { replayPath: modelReplayPath } : {}),
      retries: values.retries as number | undefined,
      runs: values.runs as number | undefined,
      grep: values.grep as RegExp | undefined,
      flowLifespan: values['flow-lifespan'] as number | undefined,
      privilegedMaxAge: values['privileged-max-age'] as number | undefined,
      ...(requiredAal !== undefined ? { requiredAal } : {}),
      maxWait: values['max-wait'] as number | undefined,
      timeout: values.timeout as number | undefined,
      shrinkTime: values['shrink-time'] as number | undefined,
      showSecrets: values['show-secrets'] === true,
      baseline,
      headers: values.header as string[] | undefined,
      adminHeaders: values['admin-header'] as string[] | undefined,
      caFile: values['ca-file'] as string | undefined,
      insecure: values.insecure === true,
      identities,
      schemaId: values['schema-id'] as string | undefined,
      concurrency: values.concurrency as number | undefined,
      optionSources: {
        ...(sources.header ? { header: sources.header } : {}),
        ...(sources['admin-header'] ? { 'admin-header': sources['admin-header'] } : {}),
        ...(sources.identity ? { identity: sources.identity } : {}),
        ...(values.identity !== undefined ? { identityValues: values.identity as string[] } : {}),
        ...(file !== undefined ? { configFile: file } : {}),
      },
      onProgress: progress.listener,
      signal: abort.signal,
    });
  } finally {
    progress.finish();
    process.off('SIGINT', onSignal);
  }

  console.log(renderSummary(report, { color: interactive, width: process.stdout.columns ?? 80 }));

  if (reportDir !== undefined) await saveReports(report, reportDir);
  if (baselineOut !== undefined) {
    try {
      await writeBaseline(baselineOut, baselineFromReport(report, await rememberedComments(baselineOut)));
      console.log(`baseline written to ${baselineOut}: fill in each new entry's comment`);
    } catch (error) {
      console.error(`error: the baseline could not be written to ${baselineOut}: ${(error as Error).message}`);
    }
  }
  if (report.interrupted) return EXIT_INTERRUPTED;
  return EXIT_BY_VERDICT[report.verdict];
}

/** Writes the reports; when that fails after all, they go to a temporary directory, printed, and the verdict stands. */
async function saveReports(report: Report, dir: string): Promise<void> {
  try {
    console.log(`reports written: ${(await writeReports(report, dir)).join(', ')}`);
  } catch (error) {
    console.error(`error: the reports could not be written to ${dir}: ${(error as Error).message}`);
    try {
      console.error(`the reports were saved instead to: ${(await writeReportsToTemporaryDirectory(report)).join(', ')}`);
    } catch (fallback) {
      console.error(`error: saving them to a temporary directory failed too: ${(fallback as Error).message}`);
    }
  }
}

async function checkPath(flag: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}
