#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step, so `npx probity` never runs stale code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const status = await main(process.argv);
// A command may have set a failing exit status of its own (audit verify, user): keep the worse of the two.
process.exitCode = Math.max(status, Number(process.exitCode ?? 0));
