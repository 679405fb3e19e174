/** The tool's name and version, from the package's own package.json. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ToolIdentity {
  name: string;
  version: string;
}

/** The nearest package.json above this module: the checkout's from suites/, the package's from dist/suites/. */
function packageJsonPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  return join(directory, 'package.json');
}

export function toolIdentity(): ToolIdentity {
  const packageJson = JSON.parse(readFileSync(packageJsonPath(), 'utf8')) as { name?: string; version?: string };
  return { name: packageJson.name ?? 'kratos-settings-conformance', version: packageJson.version ?? '0.0.0' };
}
