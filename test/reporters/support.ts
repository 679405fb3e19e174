import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

/** A writable stream that keeps what was written; `isTTY`/`columns` make it look like a terminal when asked. */
export class CapturingStream extends Writable {
  text = '';
  isTTY: boolean;
  columns: number;

  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    super();
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns ?? 80;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export function temporaryDirectory(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ksc-${prefix}-`));
}
