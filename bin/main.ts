#!/usr/bin/env node
// The package's executable (compiled to dist/bin/main.js).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
