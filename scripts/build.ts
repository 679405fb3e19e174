/**
 * `npm run build`: compiles the shipped directories (tsconfig.build.json's "include") into dist/ and copies every file
 * there that is not source code (the YAML spec, JSON schemas, example configs), so compiled modules find them at the
 * same relative paths as the sources do. Markdown is not copied: it ships at its source path (package.json "files"), so
 * its relative links (spec/DEVIATIONS.md to docs/ and back) resolve in the package as they do in the repository.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'dist');
const NOT_COPIED = /\.(ts|js|md)$/;

const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
const shippedDirectories = [...new Set(config.include.map((pattern) => pattern.split('/')[0]!))];

rmSync(OUT_DIR, { recursive: true, force: true });
// `npm run` puts node_modules/.bin on PATH; Windows needs a shell to run tsc.cmd. Output goes to stderr, so that
// `npm pack --json` (which runs this through prepack) still prints only JSON on stdout.
execFileSync('tsc', ['-p', join(ROOT, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });

let copied = 0;
for (const directory of shippedDirectories) {
  for (const entry of readdirSync(join(ROOT, directory), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || NOT_COPIED.test(entry.name)) continue;
    const path = relative(ROOT, join(entry.parentPath, entry.name));
    mkdirSync(dirname(join(OUT_DIR, path)), { recursive: true });
    copyFileSync(join(ROOT, path), join(OUT_DIR, path));
    copied += 1;
  }
}
console.error(`built dist/ from ${shippedDirectories.join(', ')}; copied ${copied} asset files`);
