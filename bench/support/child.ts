/** Starts `bench/support/serve.ts` (or another script) in a child process with --expose-gc and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServeMeasurement } from './serve.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  measure(): Promise<ServeMeasurement>;
  stop(): Promise<void>;
}

function nextMessage<T>(child: ChildProcess, accept: (message: unknown) => message is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the bench server exited with ${code} before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Forks a TypeScript script with tsx and --expose-gc (plus `nodeOptions`), from the repository root. */
export function forkScript(script: string, args: string[], nodeOptions: string[] = []): ChildProcess {
  return fork(script, args, {
    cwd: REPOSITORY,
    execArgv: ['--expose-gc', ...nodeOptions, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export async function startServerProcess(mode: 'mock' | 'bare', argument: string): Promise<ServerProcess> {
  const child = forkScript(SERVE, [mode, argument]);
  const { url } = await nextMessage(
    child,
    (message): message is { url: string } => typeof (message as { url?: unknown })?.url === 'string',
  );
  return {
    url,
    measure: () => {
      const answer = nextMessage(
        child,
        (message): message is ServeMeasurement => typeof (message as { rssBytes?: unknown })?.rssBytes === 'number',
      );
      child.send('measure');
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}
