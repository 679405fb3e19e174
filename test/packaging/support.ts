/** Starting the CLI as a long-running child (the mock) and waiting for what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningCli {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the output; rejects when the child exits or time runs out. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
  stop(): Promise<number | null>;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run in a new process group and stop the whole group (for launchers such as npx that start the CLI as a child). */
  group?: boolean;
}

export function startCli(binPath: string, args: string[], options: StartOptions = {}): RunningCli {
  return startProcess(process.execPath, [binPath, ...args], options);
}

export function startProcess(command: string, args: string[], options: StartOptions = {}): RunningCli {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  });
  let output = '';
  let exited = false;
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  return {
    child,
    exit,
    output: () => output,
    async waitFor(pattern, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (exited) throw new Error(`the CLI exited before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`the CLI did not print ${pattern} within ${ms} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (!exited) {
        if (options.group && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      }
      return exit;
    },
  };
}
