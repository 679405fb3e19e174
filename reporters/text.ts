import type { Cell, CellOutcome, Failure, Report } from './report.js';

export const OUTCOME_LABELS: Record<CellOutcome, string> = {
  passed: 'passed',
  failed: 'failed',
  not_applicable: 'not applicable',
  not_reached: 'not reached',
  not_selected: 'not selected',
};

/** A failure accepted by the baseline still shows, but as accepted rather than failed. */
export type DisplayOutcome = CellOutcome | 'accepted';

export function cellKey(cell: { operationId: string; status: number }): string {
  return `${cell.operationId} ${cell.status}`;
}

export function failuresOf(report: Report, cell: { operationId: string; status: number }): Failure[] {
  return report.failures.filter((failure) => failure.operationId === cell.operationId && failure.status === cell.status);
}

/** A failed cell whose every failure the baseline accepted is shown as accepted. */
export function displayOutcome(report: Report, cell: Cell): DisplayOutcome {
  if (cell.outcome !== 'failed') return cell.outcome;
  const failures = failuresOf(report, cell);
  return failures.length > 0 && failures.every((failure) => failure.baselined) ? 'accepted' : 'failed';
}

export interface Matrix {
  operations: string[];
  statuses: number[];
  cell(operationId: string, status: number): Cell | undefined;
}

/** Rows in the order operations first appear in the report, columns in ascending status. */
export function matrixOf(cells: readonly Cell[]): Matrix {
  const operations = [...new Set(cells.map((cell) => cell.operationId))];
  const statuses = [...new Set(cells.map((cell) => cell.status))].sort((a, b) => a - b);
  const byKey = new Map(cells.map((cell) => [cellKey(cell), cell]));
  return { operations, statuses, cell: (operationId, status) => byKey.get(cellKey({ operationId, status })) };
}

export function countOutcomes(report: Report): Record<DisplayOutcome, number> {
  const counts: Record<DisplayOutcome, number> = { passed: 0, failed: 0, accepted: 0, not_applicable: 0, not_reached: 0, not_selected: 0 };
  for (const cell of report.cells) counts[displayOutcome(report, cell)] += 1;
  return counts;
}

/** Cells left untested, grouped by outcome and reason (one sentence each), in the order they first appear. */
export function untestedCells(report: Report): Array<{ outcome: CellOutcome; reason: string; cells: string[] }> {
  const groups = new Map<string, { outcome: CellOutcome; reason: string; cells: string[] }>();
  for (const cell of report.cells) {
    if (cell.outcome !== 'not_applicable' && cell.outcome !== 'not_reached' && cell.outcome !== 'not_selected') continue;
    const reason = cell.reason ?? 'no reason given';
    const key = `${cell.outcome} ${reason}`;
    const group = groups.get(key) ?? { outcome: cell.outcome, reason, cells: [] };
    group.cells.push(cellKey(cell));
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Failures grouped by requirement, in the order requirements first fail. */
export function failuresByRequirement(failures: readonly Failure[]): Map<string, Failure[]> {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const group = groups.get(failure.requirement) ?? [];
    group.push(failure);
    groups.set(failure.requirement, group);
  }
  return groups;
}

// A hostile target must not drive the terminal: control characters (ESC included) become visible escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this matches.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function sanitizeForTerminal(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\t/g, '  ');
}

/** Word-wraps text to `width` columns, indenting every line; words longer than a line are cut. */
export function wrapText(text: string, width: number, indent: string): string[] {
  const room = Math.max(10, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (rest.length > room) {
        if (line !== '') {
          lines.push(line);
          line = '';
        }
        lines.push(rest.slice(0, room));
        rest = rest.slice(room);
      }
      if (line === '') line = rest;
      else if (line.length + 1 + rest.length <= room) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines.map((line) => `${indent}${line}`.trimEnd());
}

interface ShellToken {
  text: string;
  /** For each character: is it inside single quotes (where a split needs closing and reopening the quote)? */
  quoted: boolean[];
}

function shellTokens(command: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  let current: ShellToken | undefined;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < command.length; index += 1) {
    const character = command[index]!;
    if (quote === undefined && character === ' ') {
      if (current) tokens.push(current);
      current = undefined;
      continue;
    }
    current ??= { text: '', quoted: [] };
    current.text += character;
    if (quote === undefined && character === '\\' && index + 1 < command.length) {
      current.quoted.push(false);
      index += 1;
      current.text += command[index]!;
      current.quoted.push(false);
      continue;
    }
    if (quote === undefined && (character === "'" || character === '"')) quote = character;
    else if (quote !== undefined && character === quote && !(quote === '"' && command[index - 1] === '\\')) quote = undefined;
    current.quoted.push(quote === "'" && character !== "'");
  }
  if (current) tokens.push(current);
  return tokens;
}

/**
 * Breaks a shell command into lines of at most `width` columns that the shell still reads as the same command:
 * between words with ` \` continuations, and inside a long single-quoted word by closing the quote, continuing the
 * line and reopening it (`'abc'\` + newline + `'def'` is `abcdef`). Such inner continuation lines start at column 0
 * because indentation there would split the word.
 */
export function wrapShellCommand(command: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  const room = width - 2;
  for (const token of shellTokens(command)) {
    const separator = line.trim() === '' ? '' : ' ';
    if (line.length + separator.length + token.text.length <= room) {
      line += separator + token.text;
      continue;
    }
    if (line.trim() !== '') {
      lines.push(`${line} \\`);
      line = indent;
    }
    let start = 0;
    while (line.length + token.text.length - start > room) {
      const cut = splitPoint(token, start, start + Math.max(1, room - line.length - 1));
      if (cut === undefined) break;
      const closing = token.quoted[cut - 1] ? "'" : '';
      lines.push(`${line}${token.text.slice(start, cut)}${closing}\\`);
      line = token.quoted[cut - 1] ? "'" : '';
      start = cut;
    }
    line += token.text.slice(start);
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** The last position at or before `limit` where the token can be split: inside single quotes or between plain characters. */
function splitPoint(token: ShellToken, start: number, limit: number): number | undefined {
  for (let cut = Math.min(limit, token.text.length - 1); cut > start; cut -= 1) {
    const before = token.text[cut - 1]!;
    const after = token.text[cut]!;
    if (token.quoted[cut - 1] && token.quoted[cut]) return cut;
    if (!token.quoted[cut - 1] && !token.quoted[cut] && /[A-Za-z0-9._~:/?=&%,@+-]/.test(before) && /[A-Za-z0-9._~:/?=&%,@+-]/.test(after)) {
      return cut;
    }
  }
  return undefined;
}
