import { toolIdentity } from '../suites/tool.js';
import { COMMANDS, UsageError, generalHelp, helpText, parseCommand, type ParsedCommand } from './options.js';

type Handler = (parsed: ParsedCommand) => Promise<number>;

const HANDLERS: Record<string, () => Promise<Handler>> = {
  mock: async () => (await import('./mock-command.js')).mockCommand,
  run: async () => (await import('./run-command.js')).runCommand,
  diff: async () => (await import('./report-commands.js')).diffCommand,
  verify: async () => (await import('./report-commands.js')).verifyCommand,
};

/** Runs the CLI; resolves to the exit code (0 conforms, 1 conformance failure, 2 could not test or bad usage). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(generalHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(toolIdentity().version);
    return 0;
  }
  const command = COMMANDS[name];
  const load = HANDLERS[name];
  if (!command || !load) {
    console.error(`unknown command "${name}"\n\n${generalHelp()}`);
    return 2;
  }
  try {
    const parsed = parseCommand(command, rest);
    if (parsed.values.help) {
      console.log(helpText(command));
      return 0;
    }
    return await (await load())(parsed);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
