/**
 * The options a replay line carries so that it repeats its case exactly, and the one sentence printed with it when
 * the line relies on what is not printed: secrets given by environment variables or the configuration file (the line
 * runs as it is where those are set), or secrets given on the command line (shown as [Filtered], to be given again).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { formatDuration } from '../spec/duration.js';
import { shellQuote } from './curl.js';
import type { RequiredAal } from './target-facts.js';

/** Where the values of an option came from: the command line, its environment variable, the configuration file. */
export type OptionSource = 'flag' | 'environment' | 'file';

/** Where the CLI found the secret-bearing options of a run; a programmatic run counts as the command line. */
export interface OptionSources {
  header?: OptionSource;
  'admin-header'?: OptionSource;
  identity?: OptionSource;
  /** --identity as given: IDENTIFIER:PASSWORD pairs or files of them (a file's path is no secret and is carried). */
  identityValues?: readonly string[];
  /** The configuration file the run read its options from. */
  configFile?: string;
}

/** The environment variables the CLI reads these options from. */
const ENVIRONMENT = { header: 'CONFORMANCE_HEADER', 'admin-header': 'CONFORMANCE_ADMIN_HEADER', identity: 'CONFORMANCE_IDENTITY' } as const;

export interface ReplayOptions {
  target: string;
  adminUrl: string;
  embeddedMock?: boolean;
  schemaId?: string;
  requiredAal?: RequiredAal;
  runs: number;
  flowLifespanMs: number;
  privilegedMaxAgeMs: number;
  maxWaitMs: number;
  timeoutMs: number;
  retries: number;
  defaultRetries: number;
  concurrency?: number;
  defaultConcurrency: number;
  caFile?: string;
  insecure?: boolean;
  headers?: readonly string[];
  adminHeaders?: readonly string[];
  identities?: ReadonlyArray<{ identifier: string; password: string }>;
  showSecrets: boolean;
  sources?: OptionSources;
}

const FILTERED = '[Filtered]';

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

/** A "Name: value" header with its value shown only with --show-secrets. */
function headerArgument(flag: string, line: string, showSecrets: boolean): string {
  const separator = line.indexOf(':');
  return `${flag} ${shellQuote(showSecrets || separator < 0 ? line : `${line.slice(0, separator)}: ${FILTERED}`)}`;
}

function identityArgument(value: string, showSecrets: boolean): string {
  const separator = value.indexOf(':');
  if (separator < 0 && existsSync(value)) return `--identity ${shellQuote(value)}`;
  return `--identity ${shellQuote(showSecrets || separator < 0 ? value : `${value.slice(0, separator)}:${FILTERED}`)}`;
}

/** The replay line's options after --seed, --path and --grep, and the sentence it needs, if any. */
export function replayArguments(options: ReplayOptions): { arguments: string[]; note?: string } {
  const args = [
    ...(!options.embeddedMock && options.adminUrl !== options.target ? [`--admin-url ${options.adminUrl}`] : []),
    ...(options.schemaId !== undefined ? [`--schema-id ${shellQuote(options.schemaId)}`] : []),
    ...(options.requiredAal !== undefined && options.requiredAal !== 'highest_available' ? [`--required-aal ${options.requiredAal}`] : []),
    `--runs ${options.runs}`,
    `--flow-lifespan ${formatDuration(options.flowLifespanMs)}`,
    `--privileged-max-age ${formatDuration(options.privilegedMaxAgeMs)}`,
    `--max-wait ${formatDuration(options.maxWaitMs)}`,
    `--timeout ${formatDuration(options.timeoutMs)}`,
    ...(options.retries !== options.defaultRetries ? [`--retries ${options.retries}`] : []),
    ...(options.concurrency !== undefined && options.concurrency !== options.defaultConcurrency
      ? [`--concurrency ${options.concurrency}`]
      : []),
    ...(options.caFile !== undefined ? [`--ca-file ${shellQuote(options.caFile)}`] : []),
    ...(options.insecure ? ['--insecure'] : []),
  ];
  const sources = options.sources ?? {};
  const environment: string[] = [];
  const again: string[] = [];
  let fromFile = false;
  const identityValues =
    sources.identityValues ?? (options.identities ?? []).map((identity) => `${identity.identifier}:${identity.password}`);
  const secretOptions = [
    ['header', options.headers ?? [], (line: string) => headerArgument('--header', line, options.showSecrets)],
    ['admin-header', options.adminHeaders ?? [], (line: string) => headerArgument('--admin-header', line, options.showSecrets)],
    ['identity', identityValues, (value: string) => identityArgument(value, options.showSecrets)],
  ] as const;
  for (const [name, values, argument] of secretOptions) {
    if (values.length === 0) continue;
    const source = sources[name] ?? 'flag';
    if (source === 'environment') environment.push(ENVIRONMENT[name]);
    else if (source === 'file') fromFile = true;
    else {
      const printed = values.map(argument);
      args.push(...printed);
      if (printed.some((text) => text.includes(FILTERED))) again.push(`--${name}`);
    }
  }
  // A password in a URL is redacted from every output, so such a URL has to be given again too.
  if (!options.showSecrets && !options.embeddedMock && hasPassword(options.target)) again.unshift('--target');
  if (!options.showSecrets && options.adminUrl !== options.target && hasPassword(options.adminUrl)) again.push('--admin-url');
  const conditions = [
    ...(environment.length > 0 ? [`with ${environment.join(' and ')} set`] : []),
    ...(fromFile && sources.configFile !== undefined ? [`next to ${basename(sources.configFile)}`] : []),
  ];
  const parts = [
    ...(conditions.length > 0 ? [`run it ${conditions.join(' and ')} as for this run`] : []),
    ...(again.length > 0 ? [`give ${again.join(', ')} again with the value${again.length > 1 ? 's' : ''} shown as ${FILTERED}`] : []),
  ];
  if (parts.length === 0) return { arguments: args };
  const sentence = parts.join('; ');
  return { arguments: args, note: `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.` };
}
