// npm run bench:import [-- ROWS]: probity's import of a presence.csv against `psql \copy` of the same
// file into an equivalent bare table, on the same PostgreSQL server in the same run; then PGlite.
// A benchmark, not a test: it prints times and ratios, it asserts nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.js';
import { migrate, openPglite, openPostgres, type Database } from '../src/db/index.ts';
import { importDataset } from '../src/import/index.ts';
import { writePresenceDataset } from '../test/presence-dataset.ts';

const rows = Number(process.argv[2] ?? process.env.ROWS ?? 2_000_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-bench-'));
const dataset = path.join(work, 'dataset');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (ms: number, n = rows) => `${Math.round(n / (ms / 1000)).toLocaleString('en-GB')} rows/s`;

console.log(`Writing presence.csv with ${rows.toLocaleString('en-GB')} rows ...`);
const { presenceBytes } = await writePresenceDataset(dataset, rows);
console.log(`  ${(presenceBytes / 1e6).toFixed(0)} MB`);

// The same rows as two files of the same month (they are in time order): the first half, then the second
// half, which is timed into a month that already holds the first (as a week's file lands in the current
// month). Each half is a dataset of its own, sharing the small files.
let half = 0;
const halves = ['first-half', 'second-half'].map((name) => path.join(work, name));
{
  const lines = fs.readFileSync(path.join(dataset, 'presence.csv'), 'utf8').split('\n');
  const header = lines.shift()!;
  if (lines.at(-1) === '') lines.pop();
  const middle = Math.floor(lines.length / 2);
  half = lines.length - middle;
  [lines.slice(0, middle), lines.slice(middle)].forEach((part, i) => {
    fs.mkdirSync(halves[i]!);
    for (const f of fs.readdirSync(dataset))
      if (f !== 'presence.csv') fs.copyFileSync(path.join(dataset, f), path.join(halves[i]!, f));
    fs.writeFileSync(path.join(halves[i]!, 'presence.csv'), [header, ...part, ''].join('\n'));
  });
}

/** Time of the presence file alone (the small files it depends on are imported first, untimed). */
async function timeProbity(db: Database, folder = dataset): Promise<number> {
  await migrate(db);
  let started = 0;
  let ms = 0;
  const result = await importDataset(db, folder, {
    onFileStart: (f) => f.name === 'presence.csv' && (started = performance.now()),
    onFileEnd: (f) => f.name === 'presence.csv' && (ms = performance.now() - started),
  });
  if (!result.ok)
    throw new Error(`import failed: ${JSON.stringify(result.files.flatMap((f) => f.problems))}`);
  return ms;
}

const cluster = process.env.BENCH_DATABASE_URL ? undefined : await startThrowawayPostgres();
const adminUrl = process.env.BENCH_DATABASE_URL ?? cluster?.url;
try {
  if (!adminUrl) {
    console.log(
      'PostgreSQL is not installed and BENCH_DATABASE_URL is not set: skipping the PostgreSQL comparison.',
    );
  } else {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS probity_bench');
    await admin.query('CREATE DATABASE probity_bench');
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = '/probity_bench';

    // Reference: the same file, \copy'd by psql into a table of the same columns and types, no constraints.
    const bare = new pg.Client({ connectionString: url.toString() });
    await bare.connect();
    await bare.query(`CREATE TABLE bare_presence (subject_type text, subject_id text, location text,
      start_at timestamptz, end_at timestamptz, source text)`);
    await bare.end();
    const psql = cluster ? path.join(cluster.bin, 'psql') : 'psql';
    /** Time of `psql \copy` of a presence.csv into a table. */
    const timeCopy = (table: string, file: string) => {
      const t0 = performance.now();
      execFileSync(
        psql,
        [
          url.toString(),
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          `\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`,
        ],
        { stdio: 'ignore' },
      );
      return performance.now() - t0;
    };
    const copyMs = timeCopy('bare_presence', path.join(dataset, 'presence.csv'));

    const db = await openPostgres(url.toString());
    const probityMs = await timeProbity(db);

    // Second reference: psql \copy into probity's own table (same keys, indexes and foreign keys).
    const keyed = 'presence (subject_type, subject_id, location, start_at, end_at, source)';
    await db.exec('TRUNCATE presence');
    const keyedMs = timeCopy(keyed, path.join(dataset, 'presence.csv'));
    // Into a month already held: the second half of the rows after the first, each way.
    await db.exec('TRUNCATE presence');
    timeCopy(keyed, path.join(halves[0]!, 'presence.csv'));
    const keyedHeldMs = timeCopy(keyed, path.join(halves[1]!, 'presence.csv'));
    await db.exec('TRUNCATE presence');
    await timeProbity(db, halves[0]);
    const heldMs = await timeProbity(db, halves[1]);
    await db.close();

    const line = (label: string, ms: number, n = rows) =>
      console.log(`  ${label.padEnd(38)} ${seconds(ms).padStart(9)}  ${rate(ms, n)}`);
    const ratio = (label: string, r: number, target = '') =>
      console.log(`  ${label.padEnd(38)} ${r.toFixed(2).padStart(9)}${target}`);
    console.log(`\nPostgreSQL, ${rows.toLocaleString('en-GB')} presence rows`);
    line('psql \\copy into a bare table', copyMs);
    line("psql \\copy into probity's table", keyedMs);
    console.log('    (same keys, indexes, foreign keys; no validation, no upsert)');
    line('probity import, months not yet held', probityMs);
    console.log('    (validated, normalised, keyed, upserted)');
    console.log(`  the second half of the rows, into the month holding the first half:`);
    line("  psql \\copy into probity's table", keyedHeldMs, half);
    line('  probity import', heldMs, half);
    ratio('ratio probity / bare copy', probityMs / copyMs, '   (no key, index or reference)');
    ratio('ratio probity / keyed copy', probityMs / keyedMs, '   (target ≤ 1.2)');
    ratio('  the same, into a month held', heldMs / keyedHeldMs, '   (target ≤ 1.2)');
  }

  const lite = await openPglite(path.join(work, 'pglite'));
  const liteMs = await timeProbity(lite);
  await lite.close();
  console.log(`\nPGlite: probity import ${seconds(liteMs)}  ${rate(liteMs)}`);
} finally {
  cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
