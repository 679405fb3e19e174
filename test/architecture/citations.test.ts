/**
 * References a reader can open: shipped code cites docs/kratos-behavior.md anchors or public URLs, never documents that
 * live outside the repository; every cited anchor exists; requirement sources in reports carry a public link.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { expect } from 'chai';
import { REQUIREMENTS } from '../../suites/requirements.js';
import { VARIANTS } from '../../mock/variants/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SHIPPED = ['bin', 'spec', 'mock', 'suites', 'reporters', 'api'];
const TEXT_FILE = /\.(?:ts|js|mjs|json|yaml|yml|md)$/;

/** Section signs, the old catalogue, the design notes, the seed files and Kratos file abbreviations such as `HK:187`. */
const UNREACHABLE = /§|catalogue|DESIGN\.md|\.\.\/shared|seeds\/|\b(?:HK|SH|E|H|F):[0-9]/;
const ANCHOR_CITATION = /docs\/kratos-behavior\.md#([a-z0-9-]+)/g;
const PUBLIC_LINK = /https:\/\/(?:www\.ory\.sh\/docs\/|github\.com\/ory\/kratos\/blob\/b86338da04a040247a07f46100a86dcfb3875909\/)/;

function filesUnder(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(directory, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return TEXT_FILE.test(entry.name) ? [path] : [];
  });
}

function read(path: string): string {
  return readFileSync(join(ROOT, ...path.split('/')), 'utf8');
}

const documentedAnchors = new Set([...read('docs/kratos-behavior.md').matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]));

describe('citations', () => {
  const shipped = SHIPPED.flatMap((layer) => filesUnder(layer));

  it('docs/kratos-behavior.md has its anchors', () => {
    expect(documentedAnchors.size).to.be.greaterThan(100);
    for (const anchor of ['json-client', 'submit-expired', 'dispatch-validation', 'doc-errors'])
      expect(documentedAnchors).to.include(anchor);
  });

  it('shipped code cites nothing outside the repository', () => {
    const offending = shipped.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, index) => (UNREACHABLE.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).to.deep.equal([]);
  });

  it('every docs/kratos-behavior.md anchor cited in code, tests and docs exists', () => {
    const cited = [...shipped, ...filesUnder('test'), ...filesUnder('docs'), 'README.md'].flatMap((file) =>
      [...read(file).matchAll(ANCHOR_CITATION)].map((match) => ({ file, anchor: match[1]! })),
    );
    expect(cited.length).to.be.greaterThan(100);
    expect(cited.filter(({ anchor }) => !documentedAnchors.has(anchor)).map(({ file, anchor }) => `${file}: #${anchor}`)).to.deep.equal([]);
  });

  it('every requirement source links a public page (Ory docs or Kratos source at the pinned commit)', () => {
    const unlinked = REQUIREMENTS.filter((requirement) => !PUBLIC_LINK.test(requirement.source)).map((requirement) => requirement.id);
    expect(unlinked).to.deep.equal([]);
  });

  it('every valid variant says why with a public URL or a docs/kratos-behavior.md anchor', () => {
    const unexplained = [...VARIANTS.values()].filter((variant) => !/https:\/\/|docs\/kratos-behavior\.md#/.test(variant.allowedBy));
    expect(unexplained.map((variant) => variant.name)).to.deep.equal([]);
  });

  it('the check can fail: an old-style citation is caught', () => {
    for (const line of [
      '// Kratos answers 302 (catalogue §3.3 row 1).',
      "source: 'seeds/settings-flow-guide.txt'",
      '/** success (HK:187-373) */',
      '(DESIGN.md)',
    ]) {
      expect(UNREACHABLE.test(line), line).to.equal(true);
    }
    expect(UNREACHABLE.test('/** docs/kratos-behavior.md#submit-expired */')).to.equal(false);
  });
});
