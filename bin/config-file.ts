/**
 * The project file `kratos-settings-conformance.config.{json,yaml,yml}` in the working directory. One section per
 * command, keyed by the command's own option names, so a file entry means exactly what the flag means:
 *
 *   { "run":  { "target": "http://127.0.0.1:4433", "seed": 42, "runs": 50, "report-dir": "conformance-report" },
 *     "mock": { "port": 4455, "flow-lifespan": "10m", "config": { "methods": { "passkey": { "enabled": false } } } } }
 *
 * `mock.config` is a path to a mock configuration file or the configuration itself, inline.
 * Precedence: flags > environment > this file > defaults. Unknown keys and bad values are usage errors (exit 2).
 */
import { isPlainObject } from '../spec/json.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { COMMANDS, parseCommand, UsageError, type CommandSpec, type ParsedCommand, type ParsedValue } from './options.js';

export const CONFIG_FILE_NAMES = [
  'kratos-settings-conformance.config.json',
  'kratos-settings-conformance.config.yaml',
  'kratos-settings-conformance.config.yml',
];

/** Sections the file may have: the commands that take options besides --help. */
const SECTIONS = Object.values(COMMANDS).filter((command) => command.options.some((option) => option.name !== 'help'));

export interface Settings {
  /** Option values after precedence, keyed like ParsedCommand.values. */
  values: Record<string, ParsedValue | undefined>;
  /** An inline mock configuration (`mock.config` given as an object), unless a --config flag replaced it. */
  inlineMockConfig?: Record<string, unknown>;
  /** The file the settings were read from, if any. */
  file?: string;
  /** Where each value came from: a flag, the environment or the file. */
  sources: Record<string, 'flag' | 'environment' | 'file'>;
}

function findConfigFile(directory: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((name) => join(directory, name)).filter((path) => existsSync(path));
  if (found.length > 1) throw new UsageError(`found ${found.join(' and ')}: keep one configuration file`);
  return found[0];
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${file}: cannot be read as ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  parsed ??= {};
  if (!isPlainObject(parsed))
    throw new UsageError(`${file}: must hold an object with the sections ${SECTIONS.map((c) => `"${c.name}"`).join(', ')}`);
  for (const key of Object.keys(parsed)) {
    if (!SECTIONS.some((command) => command.name === key)) {
      throw new UsageError(`${file}: unknown key "${key}"; the known sections are ${SECTIONS.map((c) => `"${c.name}"`).join(', ')}`);
    }
  }
  return parsed;
}

/** The argument list one entry stands for, so the CLI's own parser checks its value. */
function entryArguments(where: string, option: CommandSpec['options'][number], value: unknown): string[] {
  if (option.kind === 'boolean') {
    if (typeof value !== 'boolean') throw new UsageError(`${where} must be true or false`);
    return value ? [`--${option.name}`] : [];
  }
  const items = option.multiple && Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    if (typeof item !== 'string' && !(typeof item === 'number' && Number.isFinite(item))) {
      throw new UsageError(`${where} must be ${option.multiple ? 'a string or a list of strings' : 'a string or a number'}`);
    }
    return [`--${option.name}`, String(item)];
  });
}

function sectionValues(file: string, command: CommandSpec, section: Record<string, unknown>): Record<string, ParsedValue | undefined> {
  const known = command.options.filter((option) => option.name !== 'help');
  const values: Record<string, ParsedValue | undefined> = {};
  for (const [key, value] of Object.entries(section)) {
    const where = `${file}: ${command.name}.${key}`;
    const option = known.find((candidate) => candidate.name === key);
    if (!option) throw new UsageError(`${where} is not an option of "${command.name}"; known: ${known.map((o) => o.name).join(', ')}`);
    let parsed: ParsedCommand;
    try {
      parsed = parseCommand(command, entryArguments(where, option, value));
    } catch (error) {
      if (error instanceof UsageError && !error.message.startsWith(file)) throw new UsageError(`${where}: ${error.message}`);
      throw error;
    }
    values[key] = parsed.values[key];
  }
  return values;
}

function fileSettings(
  command: CommandSpec,
  directory: string,
): { file?: string; values: Record<string, ParsedValue | undefined>; inline?: Record<string, unknown> } {
  const file = findConfigFile(directory);
  if (!file) return { values: {} };
  const section = readConfigFile(file)[command.name];
  if (section === undefined || section === null) return { file, values: {} };
  if (!isPlainObject(section)) throw new UsageError(`${file}: "${command.name}" must be an object of ${command.name} options`);
  const { config: inline, ...rest } = section;
  const inlineConfig = command.name === 'mock' && isPlainObject(inline) ? inline : undefined;
  const values = sectionValues(file, command, inlineConfig ? rest : section);
  return { file, values, ...(inlineConfig ? { inline: inlineConfig } : {}) };
}

function defined(values: Record<string, ParsedValue | undefined>): Record<string, ParsedValue> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, ParsedValue] => entry[1] !== undefined));
}

/** The command's settings: flags over environment over the configuration file in `directory`. */
export function resolveSettings(
  parsed: ParsedCommand,
  environment: Record<string, ParsedValue | undefined> = {},
  directory = process.cwd(),
): Settings {
  const fromFile = fileSettings(parsed.command, directory);
  const flags = defined(parsed.values);
  const values = { ...defined(fromFile.values), ...defined(environment), ...flags };
  const sources: Settings['sources'] = {};
  for (const key of Object.keys(defined(fromFile.values))) sources[key] = 'file';
  for (const key of Object.keys(defined(environment))) sources[key] = 'environment';
  for (const key of Object.keys(flags)) sources[key] = 'flag';
  return {
    values,
    sources,
    ...(fromFile.inline && flags['config'] === undefined ? { inlineMockConfig: fromFile.inline } : {}),
    ...(fromFile.file ? { file: fromFile.file } : {}),
  };
}
