/** Locating `../shared` (present in development and CI, absent on a user's machine) for the spec tests. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const REFERENCE_DIR = `${SHARED_DIR}reference/`;

/** Call from a `before` hook: logs why and skips the suite when a shared file or directory is missing. */
export function skipWithoutShared(context: Mocha.Context, path: string): void {
  if (!existsSync(path)) {
    console.log(`    skipped: ${path} is absent (../shared exists only in development and CI)`);
    context.skip();
  }
}
