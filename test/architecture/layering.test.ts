/**
 * The design promise, guarded: imports go one way, `mock → spec ← suites → reporters`, with the API, the CLI and the
 * benches on top, and nothing shipped reaches into test/ or bench/ (README.md, "How it is built").
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { describeViolation, importsOf, repositoryImports, violations, type ImportEdge } from './imports.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGE_NAME = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { name: string }).name;

function edgesBetween(edges: readonly ImportEdge[], from: string, to: string): ImportEdge[] {
  return edges.filter((edge) => edge.file.startsWith(`${from}/`) && edge.target?.startsWith(`${to}/`));
}

describe('architecture: the import layering', () => {
  const edges = repositoryImports(ROOT);

  it('reads the real import graph (the scanner sees the edges the layering is about)', () => {
    expect(edges.length).to.be.greaterThan(300);
    expect(edgesBetween(edges, 'mock', 'spec'), 'mock → spec').not.to.deep.equal([]);
    expect(edgesBetween(edges, 'suites', 'spec'), 'suites → spec').not.to.deep.equal([]);
    expect(edgesBetween(edges, 'suites', 'reporters'), 'suites → reporters').not.to.deep.equal([]);
    expect(edgesBetween(edges, 'bin', 'suites'), 'bin → suites').not.to.deep.equal([]);
    expect(
      edges.some((edge) => edge.specifier.startsWith('node:')),
      'package imports',
    ).to.equal(true);
  });

  it('has no edge outside the layering', () => {
    expect(violations(edges, PACKAGE_NAME).map(describeViolation)).to.deep.equal([]);
  });
});

describe('architecture: the import scanner', () => {
  it('finds static, re-export, side-effect, multi-line and dynamic imports, and skips comments', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../spec/b.js';",
      'import {',
      '  c,',
      '  d,',
      "} from '../reporters/c.js';",
      "export * from './e.js';",
      "export { f } from '../spec/f.js';",
      "import '../spec/side-effect.js';",
      "const g = await import('../mock/g.js');",
      "// import { h } from '../mock/h.js';",
      " * await import('../mock/i.js')",
      "const text = 'from here';",
    ].join('\n');
    expect(importsOf('suites/x.ts', text).map((edge) => [edge.line, edge.target ?? edge.specifier])).to.deep.equal([
      [1, 'suites/a.js'],
      [2, 'spec/b.js'],
      [6, 'reporters/c.js'],
      [7, 'suites/e.js'],
      [8, 'spec/f.js'],
      [9, 'spec/side-effect.js'],
      [10, 'mock/g.js'],
    ]);
  });

  it('fails on each kind of forbidden edge', () => {
    const forbidden: Array<[string, string]> = [
      ['suites/oracle.ts', "import { store } from '../mock/store.js';"],
      ['suites/checks/x.ts', "const m = await import('../../mock/index.js');"],
      ['spec/index.ts', "export { x } from '../suites/x.js';"],
      ['reporters/html.ts', "import { SETTINGS_CELLS } from '../spec/operations.js';"],
      ['mock/server.ts', "import { REQUIREMENTS } from '../suites/requirements.js';"],
      ['mock/server.ts', "import type { Report } from '../reporters/report.js';"],
      ['bin/main.ts', "import { startCli } from '../test/support/cli.js';"],
      ['api/run.ts', "import { load } from '../bench/load.js';"],
      ['mock/x.ts', "import { y } from '../../elsewhere/y.js';"],
      ['suites/x.ts', "import { y } from '../docs/y.js';"],
      ['mock/x.ts', `import { run } from '${PACKAGE_NAME}';`],
    ];
    for (const [file, line] of forbidden) {
      expect(violations(importsOf(file, line), PACKAGE_NAME), `${file}: ${line}`).to.have.length(1);
    }
  });

  it('lets the allowed edges through', () => {
    const allowed: Array<[string, string]> = [
      ['mock/x.ts', "import { validator } from '../spec/index.js';"],
      ['suites/x.ts', "import type { Report } from '../reporters/report.js';"],
      ['bin/x.ts', "import { init } from '../mock/index.js';"],
      ['bench/x.ts', "import { runConformance } from '../api/run.js';"],
      ['examples/x.js', `import { startMock } from '${PACKAGE_NAME}/mock';`],
      ['spec/x.ts', "import { parse } from 'yaml';"],
    ];
    for (const [file, line] of allowed) {
      expect(violations(importsOf(file, line), PACKAGE_NAME), `${file}: ${line}`).to.deep.equal([]);
    }
  });
});
