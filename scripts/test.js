#!/usr/bin/env node
// `npm test`: lint, typecheck, then every test on PGlite and again on PostgreSQL.
// When TEST_DATABASE_URL is not set and PostgreSQL's server binaries are installed, a throwaway
// cluster is started on loopback on a free port for the run and removed after it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startThrowawayPostgres } from './throwaway-postgres.js';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });
const step = (name, cmd, args) => {
  console.log(`\n== ${name}`);
  const r = run(cmd, args);
  if (r.status !== 0) {
    console.error(`npm test: ${name} failed`);
    process.exit(r.status ?? 1);
  }
};

step('lint', 'npm', ['run', '--silent', 'lint']);
step('typecheck', 'npm', ['run', '--silent', 'typecheck']);

let stopCluster = () => {};
if (!process.env.TEST_DATABASE_URL) {
  const cluster = await startThrowawayPostgres().catch((err) => {
    console.error(`npm test: ${err.message}`);
    process.exit(1);
  });
  if (cluster) {
    process.env.TEST_DATABASE_URL = cluster.url;
    stopCluster = cluster.stop;
    console.log(`\n== PostgreSQL: throwaway cluster on 127.0.0.1:${cluster.port}`);
  } else if (process.env.CI) {
    console.error(
      'npm test: PostgreSQL is not installed and TEST_DATABASE_URL is not set; CI must test both databases.',
    );
    process.exit(1);
  } else {
    console.warn(
      '\n== PostgreSQL: not installed and TEST_DATABASE_URL not set: database tests run on PGlite only',
    );
  }
}

console.log('\n== tests');
const resultsFile = path.join(os.tmpdir(), `probity-vitest-${process.pid}.json`);
const vitest = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
]);
stopCluster();
try {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  fs.rmSync(resultsFile, { force: true });
} catch {
  console.error('npm test: no test results were written');
}
process.exit(vitest.status ?? 1);
