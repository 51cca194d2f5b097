#!/usr/bin/env node
// `npm test`: lint, typecheck, then every test on PGlite and again on PostgreSQL, with coverage.
// When TEST_DATABASE_URL is not set and PostgreSQL's server binaries are installed, a throwaway
// cluster is started on loopback on a free port for the run and removed after it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startThrowawayPostgres } from './throwaway-postgres.js';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });

// Lint and typecheck side by side (each leaves a core idle much of its time); each one's output is held
// and printed whole.
const checks = await Promise.all(
  ['lint', 'typecheck'].map(
    (name) =>
      new Promise((resolve) => {
        const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (status) => resolve({ name, status, output }));
      }),
  ),
);
for (const { name, status, output } of checks) {
  console.log(`\n== ${name}`);
  process.stdout.write(output);
  if (status !== 0) {
    console.error(`npm test: ${name} failed`);
    process.exit(status ?? 1);
  }
}

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
// chosen files would fall below the thresholds of folders it does not test. It slows instrumented code by
// about a third, so the heavy tests (`*.heavy.test.ts`: the million-row import, the demo estate, the
// import property test, the simulator) run in a second pass without it: they exercise the importer's and
// simulator's inner loops, whose coverage the other tests already give, and would otherwise set the
// suite's length. PROBITY_TEST_COVERAGE=0 leaves coverage out (one pass); chosen files run in one pass.
const HEAVY = '**/*.heavy.test.ts';
const filesChosen = process.argv.slice(2).some((a) => !a.startsWith('-'));
const coverage = !filesChosen && process.env.PROBITY_TEST_COVERAGE !== '0';
const coverageSummary = path.join('coverage', 'coverage-summary.json');
fs.rmSync(coverageSummary, { force: true }); // never a previous run's
const passes = coverage
  ? [
      { name: 'tests (with coverage)', args: ['--coverage', `--exclude=${HEAVY}`] },
      { name: 'heavy tests (without coverage)', args: ['heavy.test'] },
    ]
  : [{ name: 'tests', args: [] }];
const results = passes.map((pass, i) => {
  console.log(`\n== ${pass.name}`);
  const resultsFile = path.join(os.tmpdir(), `probity-vitest-${process.pid}-${i}.json`);
  const vitest = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...pass.args,
    ...process.argv.slice(2),
  ]);
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    fs.rmSync(resultsFile, { force: true });
  } catch {
    console.error(`npm test: ${pass.name}: no test results were written`);
  }
  return { status: vitest.status ?? 1, counts };
});
stopCluster();
const total = (k) => results.reduce((sum, r) => sum + (r.counts?.[k] ?? 0), 0);
console.log(
  `\ntests: ${total('numPassedTests')} passed, ${total('numFailedTests')} failed, ${total('numPendingTests') + total('numTodoTests')} skipped`,
);
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
process.exit(results.find((r) => r.status !== 0)?.status ?? 0);
