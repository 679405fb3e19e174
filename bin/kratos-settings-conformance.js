#!/usr/bin/env node
// The package ships TypeScript sources; tsx loads them, resolved from this package rather than the caller's directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
