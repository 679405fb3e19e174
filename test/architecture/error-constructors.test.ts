/**
 * Every error the mock answers with has one named constructor in mock/errors.ts: no other file builds a KratosError
 * itself, so a text Kratos sends is written once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '../..');
const HOME = 'mock/errors.ts';
const SKIPPED = new Set(['node_modules', 'dist', '.git']);
const CONSTRUCTION = /\bnew\s+KratosError\s*\(/;

function sourceFiles(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = directory === '.' ? entry.name : posix.join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(path);
    return /\.(?:ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The files, other than the constructors' home, that write `new KratosError(`. */
function constructingFiles(files: readonly string[], read: (path: string) => string): string[] {
  return files.filter((path) => path !== HOME && CONSTRUCTION.test(read(path)));
}

describe("architecture: one home for the mock's errors", () => {
  const files = sourceFiles('.').filter((path) => path !== 'test/architecture/error-constructors.test.ts');
  const read = (path: string) => readFileSync(join(ROOT, ...path.split('/')), 'utf8');

  it(`${HOME} constructs KratosErrors`, () => {
    expect(CONSTRUCTION.test(read(HOME))).to.equal(true);
    expect(files.filter((path) => path.startsWith('mock/')).length).to.be.greaterThan(100);
  });

  it('no other file constructs a KratosError', () => {
    expect(constructingFiles(files, read)).to.deep.equal([]);
  });

  it('a construction outside the home is found', () => {
    const texts: Record<string, string> = { [HOME]: 'new KratosError({})', 'mock/routes/x.ts': 'throw new KratosError({ code: 404 });' };
    expect(constructingFiles(Object.keys(texts), (path) => texts[path]!)).to.deep.equal(['mock/routes/x.ts']);
  });
});
