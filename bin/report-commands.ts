import { readFile } from 'node:fs/promises';
import { asPlainObject } from '../spec/json.js';
import { diffReports, renderDiff, verifyReport, type Report } from '../reporters/index.js';
import type { ParsedCommand } from './options.js';

const EXIT_UNREADABLE = 2;

class UnreadableReport extends Error {}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UnreadableReport(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnreadableReport(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The fields diff and verify rely on; anything else is left to the JSON Schema. */
function asReport(value: unknown, file: string): Report {
  const record = asPlainObject(value);
  const missing = record
    ? ['tool', 'target', 'verdict', 'cells', 'failures', 'requirements', 'environment'].filter((field) => record[field] === undefined)
    : [];
  if (!record || missing.length > 0) {
    const why = record ? `it lacks ${missing.join(', ')}` : 'it is not a JSON object';
    throw new UnreadableReport(`${file} is not a kratos-settings-conformance report.json: ${why}`);
  }
  for (const list of ['cells', 'failures', 'requirements'] as const) {
    if (!Array.isArray(record[list]))
      throw new UnreadableReport(`${file} is not a kratos-settings-conformance report.json: "${list}" is not a list`);
  }
  return record as unknown as Report;
}

async function explainUnreadable(action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof UnreadableReport)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT_UNREADABLE;
  }
}

/** `diff OLD.json NEW.json`: prints what changed, regressions first; exit 1 when something regressed. */
export async function diffCommand(parsed: ParsedCommand): Promise<number> {
  return explainUnreadable(async () => {
    const [olderFile, newerFile] = parsed.positionals as [string, string];
    const older = asReport(await readJson(olderFile), olderFile);
    const newer = asReport(await readJson(newerFile), newerFile);
    const diff = diffReports(older, newer);
    console.log(renderDiff(diff));
    return diff.regressed ? 1 : 0;
  });
}

/** `verify report.json`: exit 0 when the certificate matches, 1 when the report was altered, 2 when unreadable. */
export async function verifyCommand(parsed: ParsedCommand): Promise<number> {
  return explainUnreadable(async () => {
    const [file] = parsed.positionals as [string];
    const report = await readJson(file);
    // Any JSON object is checked, so a report with fields removed reads as altered rather than unreadable.
    if (typeof report !== 'object' || report === null || Array.isArray(report)) {
      throw new UnreadableReport(`${file} is not a kratos-settings-conformance report.json: it is not a JSON object`);
    }
    const result = verifyReport(report);
    if (result.ok) console.log(`${file}: ${result.message}`);
    else console.error(`${file}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}
