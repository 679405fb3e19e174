#!/usr/bin/env node
// Development launcher: runs the TypeScript sources through tsx (a dev dependency), so a checkout needs no build.
// The installed package runs the compiled dist/bin/main.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
