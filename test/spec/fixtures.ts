/** Facts from docs/kratos-behavior.md, filled in with concrete values (test/spec/fixtures). */
import { readFileSync } from 'node:fs';

export interface CatalogueErrorBody {
  name: string;
  source: string;
  operationId: string;
  status: number;
  body: unknown;
}

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/** A fresh copy of the docs/kratos-behavior.md#flow-shape example flow (browser, profile + password, 6 nodes). */
export function exampleFlow(): Record<string, any> {
  return readFixture('catalogue-example-flow.json') as Record<string, any>;
}

export function catalogueErrorBodies(): CatalogueErrorBody[] {
  return readFixture('catalogue-error-bodies.json') as CatalogueErrorBody[];
}
