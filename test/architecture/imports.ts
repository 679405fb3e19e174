/**
 * The project's import graph, read from the source text: every relative import and export (`import … from`,
 * `export … from`, side-effect `import '…'`, and `import('…')` with a string literal), and the layering it must keep.
 * TypeScript 7 has no compiler API, so the statements are matched by pattern; comment lines are skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** A top-level directory of the repository whose code takes part in the layering. */
export type Layer = 'spec' | 'mock' | 'suites' | 'reporters' | 'api' | 'bin' | 'bench' | 'scripts' | 'examples' | 'test';

/**
 * Which layers each layer may import, besides itself. One way only: `mock → spec ← suites → reporters`, with the
 * programmatic API and the CLI on top, and bench and scripts above those. Reporters import no other layer: a report is
 * rendered from the report model alone. Nothing shipped imports `test/` or `bench/`; examples use the package by name.
 */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  spec: [],
  reporters: [],
  mock: ['spec'],
  suites: ['spec', 'reporters'],
  api: ['spec', 'mock', 'suites', 'reporters'],
  bin: ['spec', 'mock', 'suites', 'reporters', 'api'],
  bench: ['spec', 'mock', 'suites', 'reporters', 'api', 'bin'],
  scripts: [],
  examples: [],
  test: ['spec', 'mock', 'suites', 'reporters', 'api', 'bin', 'bench', 'scripts', 'examples'],
};

export const LAYERS = Object.keys(ALLOWED) as Layer[];

/** The layers whose imports are checked (test/ may import anything it tests). */
export const CHECKED_LAYERS: readonly Layer[] = LAYERS.filter((layer) => layer !== 'test');

export interface ImportEdge {
  /** Repository-relative path of the importing file, with forward slashes. */
  file: string;
  line: number;
  specifier: string;
  /** Repository-relative path the specifier points at, or undefined for a package import. */
  target?: string;
}

export interface Violation {
  edge: ImportEdge;
  reason: string;
}

const STATIC_IMPORT = /^[ \t]*(?:import|export)\b[^;'"`]*?\bfrom[ \t\r\n]*(['"])([^'"\r\n]+)\1/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import[ \t]*(['"])([^'"\r\n]+)\1/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*(['"])([^'"\r\n]+)\1\s*\)/g;
const SOURCE_FILE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let position = text.indexOf('\n'); position !== -1 && position < index; position = text.indexOf('\n', position + 1)) line += 1;
  return line;
}

function isCommentLine(text: string, index: number): boolean {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const head = text.slice(start, index).trimStart();
  return head.startsWith('//') || head.startsWith('*') || head.startsWith('/*');
}

/** The import specifiers of one file's text, in order of appearance. `file` is repository-relative. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const found = new Map<number, ImportEdge>();
  for (const pattern of [STATIC_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of text.matchAll(pattern)) {
      const specifierIndex = match.index + match[0].lastIndexOf(match[2]!);
      if (isCommentLine(text, specifierIndex)) continue;
      const specifier = match[2]!;
      const edge: ImportEdge = { file, line: lineOf(text, specifierIndex), specifier };
      if (specifier.startsWith('.')) edge.target = posix.normalize(posix.join(posix.dirname(file), specifier));
      found.set(specifierIndex, edge);
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, edge]) => edge);
}

/** The layer of a repository-relative path, or undefined outside every layer. */
export function layerOf(path: string): Layer | undefined {
  const top = path.split('/')[0];
  return LAYERS.find((layer) => layer === top);
}

/** The edges that break the layering: a forbidden layer, a path outside the repository, or the package by its own name. */
export function violations(edges: readonly ImportEdge[], packageName: string): Violation[] {
  const found: Violation[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.file);
    if (!from) continue;
    if (edge.target === undefined) {
      const selfImport = edge.specifier === packageName || edge.specifier.startsWith(`${packageName}/`);
      if (selfImport && from !== 'examples' && from !== 'test')
        found.push({ edge, reason: `${from} imports the package by its own name; use a relative import` });
      continue;
    }
    if (edge.target.startsWith('../')) {
      found.push({ edge, reason: `${from} imports ${edge.target}, outside the repository` });
      continue;
    }
    const to = layerOf(edge.target);
    if (to === from) continue;
    if (to === undefined) found.push({ edge, reason: `${from} imports ${edge.target}, which belongs to no layer` });
    else if (!ALLOWED[from].includes(to))
      found.push({ edge, reason: `${from} must not import ${to} (allowed: ${ALLOWED[from].join(', ') || 'none'})` });
  }
  return found;
}

function sourceFiles(root: string, directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
    const path = posix.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(root, path));
    } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

/** Every import edge of the checked layers under `root` (layers that do not exist are skipped). */
export function repositoryImports(root: string): ImportEdge[] {
  const existing = new Set(readdirSync(root));
  return CHECKED_LAYERS.filter((layer) => existing.has(layer))
    .flatMap((layer) => sourceFiles(root, layer))
    .flatMap((file) => importsOf(file, readFileSync(join(root, ...file.split('/')), 'utf8')));
}

export function describeViolation({ edge, reason }: Violation): string {
  return `${edge.file}:${edge.line} '${edge.specifier}': ${reason}`;
}
