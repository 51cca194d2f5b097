#!/usr/bin/env node
// `npm test`: lint, typecheck, then every test on PGlite and again on PostgreSQL, with coverage.
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

// Coverage (vitest.config.ts: v8, per-folder thresholds) is measured on the whole run only: a run of
// chosen files would fall below the thresholds of folders it does not test. PGlite and PostgreSQL run in
// this one pass (each database test runs on every backend), so coverage cannot be confined to the PGlite
// part without running most files twice; it costs about a third more time (measured on the access,
// detect, cases and audit tests: 66 s without, 90 s with). PROBITY_TEST_COVERAGE=0 leaves it out.
const filesChosen = process.argv.slice(2).some((a) => !a.startsWith('-'));
const coverage = !filesChosen && process.env.PROBITY_TEST_COVERAGE !== '0';
console.log(`\n== tests${coverage ? ' (with coverage)' : ''}`);
const resultsFile = path.join(os.tmpdir(), `probity-vitest-${process.pid}.json`);
const coverageSummary = path.join('coverage', 'coverage-summary.json');
fs.rmSync(coverageSummary, { force: true }); // never a previous run's
const vitest = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...(coverage ? ['--coverage'] : []),
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
if (coverage) {
  // The text summary again, below the test counts, from the file the run wrote.
  try {
    const { total } = JSON.parse(fs.readFileSync(coverageSummary, 'utf8'));
    const line = (k) => `${k.padEnd(11)}: ${total[k].pct}% (${total[k].covered}/${total[k].total})`;
    console.log(`\ncoverage of src (thresholds in vitest.config.ts):`);
    for (const k of ['statements', 'branches', 'functions', 'lines']) console.log(`  ${line(k)}`);
  } catch {
    console.error('npm test: no coverage summary was written');
  }
}
process.exit(vitest.status ?? 1);
