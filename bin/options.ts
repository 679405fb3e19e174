import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '../spec/duration.js';
import { parseHeaderLine } from '../suites/secrets.js';

/** A mistake in the command line: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Kind = 'string' | 'boolean' | 'integer' | 'port' | 'duration' | 'url' | 'file' | 'regexp' | 'header';

interface OptionSpec {
  name: string;
  kind: Kind;
  placeholder?: string;
  multiple?: boolean;
  help: string;
  /** Inclusive lower bound for integers. */
  min?: number;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  positionals: string[];
  options: OptionSpec[];
}

const HELP: OptionSpec = { name: 'help', kind: 'boolean', help: 'Show this help and exit.' };

export const COMMANDS: Record<string, CommandSpec> = {
  mock: {
    name: 'mock',
    summary: 'Start the reference mock of the Kratos settings flow.',
    usage: 'kratos-settings-conformance mock [options]',
    positionals: [],
    options: [
      { name: 'host', kind: 'string', placeholder: 'HOST', help: 'Interface to listen on (default 127.0.0.1).' },
      { name: 'port', kind: 'port', placeholder: 'PORT', help: 'Port to listen on; 0 picks a free one (default 4433).' },
      { name: 'config', kind: 'file', placeholder: 'FILE', help: 'Mock configuration, YAML or JSON.' },
      { name: 'flow-lifespan', kind: 'duration', placeholder: 'D', help: 'Settings flow lifespan (default 1h, as Kratos).' },
      { name: 'privileged-max-age', kind: 'duration', placeholder: 'D', help: 'Privileged session max age (default 1h).' },
      { name: 'fault', kind: 'string', placeholder: 'NAME', multiple: true, help: 'Switch on a named fault (repeatable).' },
      {
        name: 'variant',
        kind: 'string',
        placeholder: 'NAME',
        multiple: true,
        help: "Switch on a named valid variation of the mock's behaviour (repeatable).",
      },
      HELP,
    ],
  },
  run: {
    name: 'run',
    summary: 'Run the conformance suite against the embedded mock or a target server.',
    usage: 'kratos-settings-conformance run [options]',
    positionals: [],
    options: [
      {
        name: 'target',
        kind: 'url',
        placeholder: 'URL',
        help: 'Public URL of the server under test (default: start the mock in-process).',
      },
      { name: 'admin-url', kind: 'url', placeholder: 'URL', help: 'Admin API URL (default: the target URL).' },
      { name: 'seed', kind: 'integer', placeholder: 'N', help: 'fast-check seed (default: random, printed).' },
      { name: 'path', kind: 'string', placeholder: 'P', help: 'fast-check path to replay one failing case (with --seed).' },
      {
        name: 'replay-path',
        kind: 'string',
        placeholder: 'R',
        help: 'With --path: the command choices of a failing model run, as its replay line gives them.',
      },
      { name: 'runs', kind: 'integer', placeholder: 'N', min: 1, help: 'Runs per property (default 25).' },
      { name: 'report-dir', kind: 'string', placeholder: 'DIR', help: 'Write report.json, junit.xml and report.html here.' },
      { name: 'baseline', kind: 'file', placeholder: 'FILE', help: 'Accepted deviations; stale or expired entries fail the run.' },
      { name: 'write-baseline', kind: 'string', placeholder: 'FILE', help: "Write a baseline from this run's failures." },
      { name: 'grep', kind: 'regexp', placeholder: 'PATTERN', help: 'Only run cases whose title matches.' },
      {
        name: 'flow-lifespan',
        kind: 'duration',
        placeholder: 'D',
        help: "The target's settings flow lifespan (default 1h; 2s for the embedded mock).",
      },
      {
        name: 'privileged-max-age',
        kind: 'duration',
        placeholder: 'D',
        help: "The target's privileged session max age (default 1h; 2s for the embedded mock).",
      },
      {
        name: 'required-aal',
        kind: 'string',
        placeholder: 'AAL',
        help: "The target's selfservice.flows.settings.required_aal: highest_available (default, as Kratos) or aal1.",
      },
      { name: 'max-wait', kind: 'duration', placeholder: 'D', help: 'Longest wait for flows to expire or sessions to age (default 15s).' },
      { name: 'timeout', kind: 'duration', placeholder: 'D', help: 'Per-request timeout (default 10s).' },
      {
        name: 'retries',
        kind: 'integer',
        placeholder: 'N',
        min: 0,
        help: 'Retries of a GET, PUT or DELETE that got no answer (default 2); a POST is never retried.',
      },
      {
        name: 'shrink-time',
        kind: 'duration',
        placeholder: 'D',
        help: 'Longest time spent shrinking a failing property to a smaller counterexample (default: no limit; 0s reports the first failing case).',
      },
      { name: 'show-secrets', kind: 'boolean', help: 'Show cookies, tokens, passwords and API keys in output instead of [Filtered].' },
      {
        name: 'header',
        kind: 'header',
        placeholder: '"NAME: VALUE"',
        multiple: true,
        help: 'Send this header with every request to the public API, e.g. a gateway key (repeatable; env CONFORMANCE_HEADER, one per line).',
      },
      {
        name: 'admin-header',
        kind: 'header',
        placeholder: '"NAME: VALUE"',
        multiple: true,
        help: 'Send this header with every request to the admin API, e.g. "Authorization: Bearer KEY" (repeatable; env CONFORMANCE_ADMIN_HEADER).',
      },
      {
        name: 'identity',
        kind: 'string',
        placeholder: 'ID:PASSWORD',
        multiple: true,
        help: 'A pre-created test identity to use instead of the admin API, or a file of them one per line (repeatable; env CONFORMANCE_IDENTITY).',
      },
      {
        name: 'schema-id',
        kind: 'string',
        placeholder: 'ID',
        help: 'Identity schema of the identities the suite creates (default "default").',
      },
      {
        name: 'ca-file',
        kind: 'file',
        placeholder: 'FILE',
        help: 'Trust the CA certificates in this PEM file (a private CA of the target).',
      },
      {
        name: 'concurrency',
        kind: 'integer',
        placeholder: 'N',
        min: 1,
        help: 'Runs in flight at once (default 4; 1 with --identity, whose identities the cases share).',
      },
      { name: 'insecure', kind: 'boolean', help: "Do not verify the target's TLS certificate (prints a warning)." },
      HELP,
    ],
  },
  diff: {
    name: 'diff',
    summary: 'Compare two report.json files; exit 1 when something regressed.',
    usage: 'kratos-settings-conformance diff OLD.json NEW.json',
    positionals: ['OLD.json', 'NEW.json'],
    options: [HELP],
  },
  verify: {
    name: 'verify',
    summary: 'Check that a report.json was not altered since it was written.',
    usage: 'kratos-settings-conformance verify report.json',
    positionals: ['report.json'],
    options: [HELP],
  },
};

export type ParsedValue = string | number | boolean | RegExp | string[];

export interface ParsedCommand {
  command: CommandSpec;
  values: Record<string, ParsedValue | undefined>;
  positionals: string[];
}

function convert(option: OptionSpec, raw: string): ParsedValue {
  const flag = `--${option.name}`;
  switch (option.kind) {
    case 'integer':
    case 'port': {
      if (!/^-?\d+$/.test(raw)) throw new UsageError(`${flag} takes a whole number, got "${raw}"`);
      const value = Number(raw);
      const min = option.kind === 'port' ? 0 : (option.min ?? Number.MIN_SAFE_INTEGER);
      const max = option.kind === 'port' ? 65535 : Number.MAX_SAFE_INTEGER;
      if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${raw}`);
      return value;
    }
    case 'duration':
      try {
        return parseDuration(raw);
      } catch (error) {
        throw new UsageError(`${flag}: ${(error as Error).message}`);
      }
    case 'url': {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new UsageError(`${flag} takes an absolute http(s) URL, got "${raw}"`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new UsageError(`${flag} takes an http or https URL, got "${raw}"`);
      }
      return raw.replace(/\/+$/, '');
    }
    case 'file':
      if (!existsSync(raw)) throw new UsageError(`${flag}: no such file "${raw}"`);
      return raw;
    case 'regexp':
      try {
        return new RegExp(raw);
      } catch (error) {
        throw new UsageError(`${flag}: "${raw}" is not a valid pattern (${(error as Error).message})`);
      }
    case 'header':
      if (parseHeaderLine(raw) === undefined)
        throw new UsageError(`${flag} takes "Name: value" (the value is not shown: it may be a secret)`);
      return raw;
    case 'string':
      if (raw === '') throw new UsageError(`${flag} needs a value`);
      return raw;
    case 'boolean':
      return true;
  }
}

export function parseCommand(command: CommandSpec, argv: string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        command.options.map((option) => [
          option.name,
          { type: option.kind === 'boolean' ? 'boolean' : 'string', multiple: option.multiple ?? false },
        ]),
      ),
    });
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message.replace(/\. To specify.*$/s, '')}`);
  }
  const values: Record<string, ParsedValue | undefined> = {};
  for (const option of command.options) {
    const raw = parsed.values[option.name];
    if (raw === undefined) continue;
    if (option.multiple) values[option.name] = (raw as string[]).map((item) => convert(option, item) as string);
    else values[option.name] = option.kind === 'boolean' ? true : convert(option, raw as string);
  }
  if (values.help) return { command, values, positionals: parsed.positionals };
  if (parsed.positionals.length !== command.positionals.length) {
    const expected = command.positionals.length === 0 ? 'no arguments' : command.positionals.join(' ');
    throw new UsageError(`${command.name} takes ${expected}, got ${JSON.stringify(parsed.positionals)}\nusage: ${command.usage}`);
  }
  return { command, values, positionals: parsed.positionals };
}

export function helpText(command: CommandSpec): string {
  const lines = [`usage: ${command.usage}`, '', command.summary, ''];
  if (command.options.length > 0) lines.push('options:');
  const rows = command.options.map((o) => ({ label: `  --${o.name}${o.placeholder ? ` ${o.placeholder}` : ''}`, help: o.help }));
  const width = Math.max(...rows.map((row) => row.label.length)) + 2;
  for (const row of rows) lines.push(`${row.label.padEnd(width)}${row.help}`);
  return lines.join('\n');
}

export function generalHelp(): string {
  const lines = ['usage: kratos-settings-conformance <command> [options]', '', 'commands:'];
  for (const command of Object.values(COMMANDS)) lines.push(`  ${command.name.padEnd(8)}${command.summary}`);
  lines.push('', 'Run a command with --help for its options; --version prints the version.');
  return lines.join('\n');
}
