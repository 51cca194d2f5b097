// npm run bench:detect [-- SIZES]: the detection engine's one-to-one step over N presence intervals
// against the same computation written in SQL as an analyst would, in DuckDB and in PostgreSQL, in one
// run on the same data; the three totals must agree. Also: peak memory, growth from 1M to 10M, and an
// incremental run (one new day appended to a 90-day window) against a full run.
// A benchmark, not a test: it prints times and ratios, and fails only if the totals disagree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.js';
import { allocIntervals, pushInterval, type Intervals } from '../src/detect/intervals.ts';
import { oneToOne } from '../src/detect/one-to-one.ts';

const sizes = (process.argv[2] ?? process.env.SIZES ?? '1000000,3000000,10000000').split(',').map(Number);
const pgMax = Number(process.env.BENCH_PG_MAX ?? 3_000_000);
const DAYS = 90;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-bench-detect-'));
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Prisons' cells over DAYS days: each cell's occupant at lunch and overnight (a fifth of cells shared
 * overnight), and four visits a day at random times by staff of the cell's wing (60 cells, 12 staff).
 * Deterministic for a given N.
 */
function generate(n: number): { iv: Intervals; cells: number; prisoners: number } {
  const rng = xoroshiro128plus(42);
  const int = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  const perCellDay = 6.2;
  const cells = Math.ceil(n / (DAYS * perCellDay));
  const staff = Math.ceil(cells / 60) * 12;
  const day0 = Math.floor(Date.UTC(2024, 2, 1) / 60_000);
  let iv = allocIntervals(n);
  outer: for (let d = 0; d < DAYS + 1; d++) {
    for (let c = 0; c < cells; c++) {
      const base = day0 + d * 1440;
      const a = c * 2;
      iv = pushInterval(iv, c, base + 735, base + 825, a, false);
      iv = pushInterval(iv, c, base + 1170, base + 1920, a, false);
      if (c % 5 === 0) iv = pushInterval(iv, c, base + 1170, base + 1920, a + 1, false);
      for (let k = 0; k < 4; k++) {
        const s = base + int(420, 1400);
        const wing = Math.floor(c / 60);
        iv = pushInterval(iv, c, s, s + int(1, 20), Math.min(staff - 1, wing * 12 + int(0, 11)), true);
      }
      if (iv.length >= n && d >= DAYS) break outer;
    }
    if (d === DAYS - 1 && iv.length >= n) break;
  }
  return { iv, cells, prisoners: cells * 2 };
}

function total(pairs: ReturnType<typeof oneToOne>): number {
  let m = 0;
  for (const p of pairs.values()) m += p.minutes;
  return m;
}

// The one-to-one total as an analyst would write it: elementary time segments per location, the
// intervals covering each (a range join), then the segments with one member of staff and 1-2 prisoners.
const SQL = `
WITH bounds AS (SELECT loc, s AS t FROM presence UNION SELECT loc, e FROM presence),
segs AS (SELECT loc, t AS s, lead(t) OVER (PARTITION BY loc ORDER BY t) AS e FROM bounds),
covered AS (
  SELECT g.loc, g.s, g.e,
         count(*) FILTER (WHERE p.is_staff) AS staff,
         count(*) FILTER (WHERE NOT p.is_staff) AS prisoners
  FROM segs g JOIN presence p ON p.loc = g.loc AND p.s <= g.s AND p.e >= g.e
  WHERE g.e IS NOT NULL
  GROUP BY g.loc, g.s, g.e)
SELECT coalesce(sum((e - s) * prisoners), 0)::bigint AS minutes
FROM covered WHERE staff = 1 AND prisoners BETWEEN 1 AND 2`;

function writeCsv(iv: Intervals, file: string): void {
  const fd = fs.openSync(file, 'w');
  let buf = '';
  for (let i = 0; i < iv.length; i++) {
    buf += `${iv.location[i]},${iv.start[i]},${iv.end[i]},${iv.subject[i]},${iv.isStaff[i] ? 't' : 'f'}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

async function duck(file: string): Promise<{ ms: number; minutes: number }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`CREATE TABLE presence AS SELECT * FROM read_csv('${file}', header = false,
    columns = {'loc': 'INTEGER', 's': 'INTEGER', 'e': 'INTEGER', 'subject': 'INTEGER', 'is_staff': 'BOOLEAN'})`);
  const t = performance.now();
  const rows = (await c.runAndReadAll(SQL)).getRows();
  const ms = performance.now() - t;
  c.closeSync();
  return { ms, minutes: Number(rows[0]![0]) };
}

async function postgres(url: string, file: string): Promise<{ ms: number; minutes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP TABLE IF EXISTS presence');
  await client.query('CREATE TABLE presence (loc int, s int, e int, subject int, is_staff boolean)');
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom('COPY presence FROM STDIN (FORMAT csv)'));
    fs.createReadStream(file).pipe(stream).on('finish', resolve).on('error', reject);
  });
  await client.query('CREATE INDEX ON presence (loc, s)');
  await client.query('ANALYZE presence');
  const t = performance.now();
  const { rows } = await client.query<{ minutes: string }>(SQL);
  const ms = performance.now() - t;
  await client.end();
  return { ms, minutes: Number(rows[0]!.minutes) };
}

/** The engine's part, measured in a child process of its own so that its memory is its own. */
function engineRun(n: number) {
  const { iv, cells, prisoners } = generate(n);
  const countable = new Uint8Array(cells).fill(1);
  const baseline = process.memoryUsage().rss;
  let t = performance.now();
  const pairs = oneToOne(iv, cells, prisoners, countable);
  const engineMs = performance.now() - t;
  const peakMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  const dataMb = baseline / 1e6;
  // Incremental: the last day's intervals alone, as a daily run would sweep them.
  const lastDay = Math.floor(Date.UTC(2024, 2, 1) / 60_000) + DAYS * 1440;
  let day = allocIntervals(1024);
  for (let i = 0; i < iv.length; i++) {
    if (iv.end[i]! > lastDay)
      day = pushInterval(day, iv.location[i]!, iv.start[i]!, iv.end[i]!, iv.subject[i]!, iv.isStaff[i] === 1);
  }
  t = performance.now();
  oneToOne(day, cells, prisoners, countable);
  const incrementalMs = performance.now() - t;
  return { engineMs, minutes: total(pairs), pairs: pairs.size, peakMb, dataMb, incrementalMs };
}

if (process.argv[2] === '--engine-only') {
  console.log(JSON.stringify(engineRun(Number(process.argv[3]))));
  process.exit(0);
}

const cluster = process.env.BENCH_DATABASE_URL ? undefined : await startThrowawayPostgres();
const pgUrl = process.env.BENCH_DATABASE_URL ?? cluster?.url;
const results: string[][] = [];
let mismatch = false;
try {
  for (const n of sizes) {
    const child = execFileSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--engine-only', String(n)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const e = JSON.parse(child.trim().split('\n').pop()!) as ReturnType<typeof engineRun>;
    const { engineMs, incrementalMs } = e;
    const engineMinutes = e.minutes;
    const { iv } = generate(n);
    const csv = path.join(work, `presence-${n}.csv`);
    writeCsv(iv, csv);
    const d = await duck(csv);
    const p = pgUrl && n <= pgMax ? await postgres(pgUrl, csv) : undefined;
    fs.rmSync(csv);
    const agree = d.minutes === engineMinutes && (!p || p.minutes === engineMinutes);
    if (!agree) mismatch = true;
    results.push([
      n.toLocaleString('en-GB'),
      secs(engineMs),
      `${secs(d.ms)} (${(d.ms / engineMs).toFixed(1)}x)`,
      p ? `${secs(p.ms)} (${(p.ms / engineMs).toFixed(1)}x)` : `skipped (> BENCH_PG_MAX)`,
      `${e.peakMb.toFixed(0)} MB (data ${e.dataMb.toFixed(0)} MB)`,
      `${secs(incrementalMs)} (${(engineMs / incrementalMs).toFixed(0)}x less)`,
      agree
        ? `yes: ${engineMinutes.toLocaleString('en-GB')} min`
        : `NO: engine ${engineMinutes}, DuckDB ${d.minutes}, PostgreSQL ${p?.minutes}`,
    ]);
    console.log(results[results.length - 1]!.join(' | '));
  }
} finally {
  await cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

const head = [
  'intervals',
  'engine',
  'DuckDB (ratio)',
  'PostgreSQL (ratio)',
  'engine peak RSS',
  'incremental day',
  'same totals',
];
const widths = head.map((h, i) => Math.max(h.length, ...results.map((r) => r[i]!.length)));
console.log(`\n${head.map((h, i) => h.padEnd(widths[i]!)).join('  ')}`);
for (const r of results) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log(
  '\nRatios are the other system’s time over the engine’s, measured in this run on the same intervals.',
);
console.log(
  'Engine peak RSS: the engine’s own process (Node, the generated intervals, the sweep); data: its RSS before the sweep.',
);
if (mismatch) {
  console.error('The totals disagree.');
  process.exitCode = 1;
}
