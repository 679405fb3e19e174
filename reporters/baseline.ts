import { readFile, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Failure, Report, Verdict } from './report.js';
import { deriveVerdict } from './verdict.js';
import { ensureWritableDirectory } from './write.js';

/** One accepted deviation, keyed by (requirement, operationId, status, errorId). */
export interface BaselineEntry {
  requirement: string;
  operationId: string;
  status: number;
  errorId?: string;
  comment: string;
  /** `YYYY-MM-DD` (valid through that day, UTC) or an ISO date-time. */
  expires?: string;
}

/** What --write-baseline puts in each comment; a baseline still holding it is refused until someone explains the deviation. */
export const PLACEHOLDER_COMMENT = 'EXPLAIN WHY THIS DEVIATION IS ACCEPTED';

const ENTRY_FIELDS = new Set(['requirement', 'operationId', 'status', 'errorId', 'comment', 'expires']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isYaml(file: string): boolean {
  const extension = extname(file).toLowerCase();
  return extension === '.yaml' || extension === '.yml';
}

function describeEntry(entry: BaselineEntry): string {
  const errorId = entry.errorId ? ` error.id ${entry.errorId}` : '';
  return `${entry.requirement} ${entry.operationId} ${entry.status}${errorId}`;
}

function entryKey(entry: { requirement: string; operationId: string; status: number; errorId?: string }): string {
  return JSON.stringify([entry.requirement, entry.operationId, entry.status, entry.errorId ?? null]);
}

/** The moment an entry stops accepting failures. */
function expiryInstant(expires: string): number {
  return DATE_ONLY.test(expires) ? Date.parse(`${expires}T00:00:00Z`) + 24 * 60 * 60 * 1000 : Date.parse(expires);
}

function validateEntry(raw: unknown, position: number, file: string): BaselineEntry {
  const where = `${file}: entry ${position}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object`);
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !ENTRY_FIELDS.has(key));
  if (unknown.length > 0) {
    throw new Error(`${where} has unknown field(s) ${unknown.join(', ')}; allowed: ${[...ENTRY_FIELDS].join(', ')}`);
  }
  for (const field of ['requirement', 'operationId', 'comment'] as const) {
    if (typeof record[field] !== 'string' || (record[field] as string).trim() === '') {
      throw new Error(`${where} needs a non-empty string "${field}"`);
    }
  }
  const status = record.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 599) {
    throw new Error(`${where} needs "status" as an HTTP status number, got ${JSON.stringify(status)}`);
  }
  if (record.errorId !== undefined && (typeof record.errorId !== 'string' || record.errorId === '')) {
    throw new Error(`${where}: "errorId" must be a non-empty string when present`);
  }
  const expires = record.expires instanceof Date ? record.expires.toISOString().slice(0, 10) : record.expires;
  if (expires !== undefined) {
    if (typeof expires !== 'string' || !(DATE_ONLY.test(expires) || DATE_TIME.test(expires)) || Number.isNaN(expiryInstant(expires))) {
      throw new Error(`${where}: "expires" must be a date like 2026-12-31 or an ISO date-time, got ${JSON.stringify(expires)}`);
    }
  }
  const entry: BaselineEntry = {
    requirement: record.requirement as string,
    operationId: record.operationId as string,
    status,
    comment: record.comment as string,
  };
  if (typeof record.errorId === 'string') entry.errorId = record.errorId;
  if (typeof expires === 'string') entry.expires = expires;
  if (entry.comment.trim() === PLACEHOLDER_COMMENT) {
    throw new Error(`${where} (${describeEntry(entry)}) still has the placeholder comment: say why this deviation is accepted`);
  }
  return entry;
}

/** What a baseline entry may name: the suite's requirement ids and the operations with their documented statuses. */
export interface KnownCells {
  requirements: ReadonlySet<string>;
  /** operationId → its documented statuses; another status is allowed (a failure there shows as its own cell). */
  operations: ReadonlyMap<string, readonly number[]>;
}

/** A typo in a baseline is found when it is loaded, not after the run as an entry that "no longer fails". */
function checkAgainstKnown(entry: BaselineEntry, position: number, file: string, known: KnownCells): void {
  const where = `${file}: entry ${position} (${describeEntry(entry)})`;
  if (!known.requirements.has(entry.requirement))
    throw new Error(`${where} names an unknown requirement "${entry.requirement}"; known: ${[...known.requirements].join(', ')}`);
  const statuses = known.operations.get(entry.operationId);
  if (!statuses)
    throw new Error(`${where} names an unknown operationId "${entry.operationId}"; known: ${[...known.operations.keys()].join(', ')}`);
  if (entry.status < 100) throw new Error(`${where}: status ${entry.status} is no HTTP answer (no answer is never a conformance failure)`);
}

/** Reads a baseline (JSON, or YAML for .yaml/.yml): `{ "entries": [...] }` or a bare list of entries. */
export async function loadBaseline(file: string, known?: KnownCells): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read baseline ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = isYaml(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`baseline ${file} is not valid ${isYaml(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { entries?: unknown }).entries)
      ? (parsed as { entries: unknown[] }).entries
      : undefined;
  if (!list) throw new Error(`baseline ${file} must hold an "entries" list (or be a list of entries)`);
  const entries = list.map((raw, index) => validateEntry(raw, index + 1, file));
  if (known) for (const [index, entry] of entries.entries()) checkAgainstKnown(entry, index + 1, file, known);
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const earlier = seen.get(entryKey(entry));
    if (earlier !== undefined) {
      throw new Error(`${file}: entry ${index + 1} (${describeEntry(entry)}) repeats entry ${earlier}`);
    }
    seen.set(entryKey(entry), index + 1);
  });
  return entries;
}

/** The verdict once the baseline is applied; 'error' (could not test) is never overridden. */
export function recomputeVerdict(report: Report): Verdict {
  if (report.verdict === 'error') return 'error';
  return deriveVerdict(report);
}

/**
 * Accepts the failures the baseline lists. Entries that match no failure are stale and expired entries accept
 * nothing; both become baselineProblems naming the entry to remove.
 */
export function applyBaseline(report: Report, entries: BaselineEntry[], now: Date): Report {
  const problems: string[] = [];
  const live = new Map<string, BaselineEntry>();
  entries.forEach((entry, index) => {
    const label = `baseline entry ${index + 1} (${describeEntry(entry)})`;
    if (entry.expires !== undefined && now.getTime() >= expiryInstant(entry.expires)) {
      problems.push(`${label} expired on ${entry.expires}: remove it, or renew it if the deviation is still accepted`);
    } else live.set(entryKey(entry), entry);
  });
  const used = new Set<string>();
  const failures: Failure[] = report.failures.map((failure) => {
    const { baselined: _previous, ...plain } = failure;
    const entry = live.get(entryKey(failure));
    if (!entry) return plain;
    used.add(entryKey(entry));
    return {
      ...plain,
      baselined: entry.expires === undefined ? { comment: entry.comment } : { comment: entry.comment, expires: entry.expires },
    };
  });
  entries.forEach((entry, index) => {
    if (live.has(entryKey(entry)) && !used.has(entryKey(entry))) {
      problems.push(`baseline entry ${index + 1} (${describeEntry(entry)}) no longer fails: remove it from the baseline`);
    }
  });
  const updated: Report = { ...report, failures, baselineProblems: problems };
  return { ...updated, verdict: recomputeVerdict(updated) };
}

type Remembered = Map<string, { comment: string; expires?: string }>;

/**
 * The comments (and expiry dates) an existing baseline file holds, keyed like entries, so --write-baseline over it
 * keeps what people wrote. A missing or unreadable file remembers nothing.
 */
export async function rememberedComments(file: string): Promise<Remembered> {
  const remembered: Remembered = new Map();
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return remembered;
  let parsed: unknown;
  try {
    parsed = isYaml(file) ? parseYaml(text) : JSON.parse(text);
  } catch {
    return remembered;
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) return remembered;
  for (const raw of list as Array<Record<string, unknown> | null>) {
    if (typeof raw?.['requirement'] !== 'string' || typeof raw['operationId'] !== 'string' || typeof raw['status'] !== 'number') continue;
    if (typeof raw['comment'] !== 'string' || raw['comment'].trim() === PLACEHOLDER_COMMENT) continue;
    const key = entryKey({
      requirement: raw['requirement'],
      operationId: raw['operationId'],
      status: raw['status'],
      ...(typeof raw['errorId'] === 'string' ? { errorId: raw['errorId'] } : {}),
    });
    const expires = raw['expires'] instanceof Date ? raw['expires'].toISOString().slice(0, 10) : raw['expires'];
    remembered.set(key, { comment: raw['comment'], ...(typeof expires === 'string' ? { expires } : {}) });
  }
  return remembered;
}

/**
 * One entry per distinct failure key; comments the applied baseline gave, or the file being overwritten held, are
 * kept; new entries get the placeholder.
 */
export function baselineFromReport(report: Report, remembered: Remembered = new Map()): BaselineEntry[] {
  const entries = new Map<string, BaselineEntry>();
  for (const failure of report.failures) {
    const key = entryKey(failure);
    if (entries.has(key)) continue;
    const earlier = failure.baselined ?? remembered.get(key);
    const entry: BaselineEntry = {
      requirement: failure.requirement,
      operationId: failure.operationId,
      status: failure.status,
      comment: earlier?.comment ?? PLACEHOLDER_COMMENT,
    };
    if (failure.errorId !== undefined) entry.errorId = failure.errorId;
    if (earlier?.expires !== undefined) entry.expires = earlier.expires;
    entries.set(key, entry);
  }
  return [...entries.values()].sort(
    (a, b) =>
      a.requirement.localeCompare(b.requirement) ||
      a.operationId.localeCompare(b.operationId) ||
      a.status - b.status ||
      (a.errorId ?? '').localeCompare(b.errorId ?? ''),
  );
}

export async function writeBaseline(file: string, entries: BaselineEntry[]): Promise<void> {
  await ensureWritableDirectory(dirname(file));
  const document = { entries };
  const text = isYaml(file) ? stringifyYaml(document) : `${JSON.stringify(document, null, 2)}\n`;
  await writeFile(file, text, 'utf8');
}
