#!/usr/bin/env node
// In a clone with its development dependencies the TypeScript sources run directly through tsx, so
// `npx probity` never runs a stale build. A production install has no tsx (it is a development
// dependency): it runs what `npm run build` compiled into dist/. PROBITY_RUN_BUILT=1 asks for dist/ anyway.
const tsx =
  process.env.PROBITY_RUN_BUILT === '1'
    ? undefined
    : await import('tsx/esm/api').catch((err) => {
        if (err?.code === 'ERR_MODULE_NOT_FOUND') return undefined;
        throw err;
      });
let main;
if (tsx) {
  tsx.register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  ({ main } = await import('../dist/cli/main.js').catch((err) => {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    console.error('probity: dist/ is missing: run `npm run build` (or install the development dependencies)');
    process.exit(1);
  }));
}
const status = await main(process.argv);
// A command may have set a failing exit status of its own (audit verify, user): keep the worse of the two.
process.exitCode = Math.max(status, Number(process.exitCode ?? 0));
