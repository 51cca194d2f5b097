// npm run bench:estate -- [--establishments N] [--days D] [--workers 1,2,4] [--seed S]
// The whole estate on PostgreSQL: simulates N prisons (and a probation region per five) for D days,
// imports them into a throwaway PostgreSQL server, then detects every establishment through the task
// queue with 1, 2 and 4 worker processes (each its own connections), as `probity detect --all` does
// every night. Prints rows, wall times, the speed-up against one worker measured in the same run, each
// worker's peak memory, and what that gives for 120 prisons and 12 regions. A benchmark, not a test:
// it fails only if a batch does not finish with every task done.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.js';
import { RECORD_TYPES } from '../src/dataset/index.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const establishments = Number(arg('establishments', '10'));
const days = Number(arg('days', '90'));
const workerCounts = arg('workers', '1,2,4').split(',').map(Number);
const seed = arg('seed', '1');
const BIN = path.resolve(import.meta.dirname, '../bin/probity.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-bench-estate-'));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

const server = await startThrowawayPostgres();
if (!server) throw new Error('bench:estate needs PostgreSQL server binaries (package postgresql)');
const env = { ...process.env, DATABASE_URL: server.url, LOG_LEVEL: 'silent', PROBITY_DEMO: '0' };

function probity(args: string[]): { ms: number; stdout: string } {
  const t = performance.now();
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`probity ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
  return { ms: performance.now() - t, stdout: res.stdout };
}

/** A process's peak resident memory so far (Linux), in KiB. */
const peakKb = (pid: number): number =>
  Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function startWorkers(n: number, nodeOptions: string[] = []): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = spawn(process.execPath, [...nodeOptions, BIN, 'worker', '--concurrency', '1'], {
            env,
          });
          let err = '';
          child.stderr.on('data', (d: Buffer) => {
            err += d.toString();
            if (err.includes('is taking tasks')) resolve(child);
          });
          child.on('exit', (code) => reject(new Error(`a worker ended (${code}): ${err}`)));
        }),
    ),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          w.removeAllListeners('exit');
          w.on('exit', resolve);
          w.kill('SIGTERM');
        }),
    ),
  );
}

try {
  const dataset = path.join(work, 'estate');
  const simulated = probity([
    'simulate',
    '--out',
    dataset,
    '--establishments',
    String(establishments),
    '--days',
    String(days),
    '--seed',
    seed,
  ]);
  console.log(simulated.stdout.trim());
  const imported = probity(['import', dataset, '--quiet']);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  let rows = 0;
  for (const t of RECORD_TYPES) {
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.table}`);
    rows += Number(r.rows[0]!.n);
  }
  console.log(
    `Imported ${rows.toLocaleString('en-GB')} rows in ${secs(imported.ms)} (${Math.round(rows / (imported.ms / 1000)).toLocaleString('en-GB')} rows/s)`,
  );

  // The choice of monthly partitions, measured: one establishment's 90-day window of presence read as
  // detection reads it, from the partitioned table and from an unpartitioned copy with the same index.
  const plan = async (table: string) => {
    const { rows: explained } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
       SELECT p.subject_type, p.subject_id, p.location, p.start_at, p.end_at
         FROM ${table} p JOIN locations l ON l.code = p.location
        WHERE l.establishment = (SELECT code FROM establishments WHERE kind = 'prison' ORDER BY code LIMIT 1)
          AND p.start_at >= (SELECT max(start_at) FROM presence) - interval '90 days'
          AND p.start_at < (SELECT max(start_at) FROM presence)`,
    );
    const text = explained.map((r) => r['QUERY PLAN']).join('\n');
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
    const buffers = [...text.matchAll(/shared hit=(\d+)(?: read=(\d+))?/g)].reduce(
      (n, m) => Math.max(n, Number(m[1]) + Number(m[2] ?? 0)),
      0,
    );
    const partitions = new Set([...text.matchAll(/on (presence_y\d{4}m\d{2})/g)].map((m) => m[1])).size;
    return { ms, buffers, partitions };
  };
  await client.query(
    `CREATE TABLE presence_flat AS SELECT * FROM presence;
     CREATE INDEX ON presence_flat (location, start_at); ANALYZE presence_flat; ANALYZE presence`,
  );
  const partitioned = await plan('presence');
  const flat = await plan('presence_flat');
  await client.query('DROP TABLE presence_flat');
  console.log(
    `A 90-day window of one prison's presence: partitioned ${partitioned.ms.toFixed(1)} ms, ${partitioned.buffers} buffers, ${partitioned.partitions} monthly partitions read; unpartitioned ${flat.ms.toFixed(1)} ms, ${flat.buffers} buffers`,
  );

  let units = 0;
  const runs: {
    workers: number;
    ms: number;
    detectMs: number;
    graphMs: number;
    peakKb: number;
    detectPeakKb: number | undefined;
  }[] = [];
  for (const n of workerCounts) {
    const workers = await startWorkers(n);
    // Every day swept again on each run (--rebuild), so that the runs compare like with like.
    const detected = probity(['detect', '--all', '--rebuild', '--quiet']);
    // The batch's own times: from the first detection task's start to the last one's end, and the
    // graph task after them, which replaces the raised alerts' links (the command's wall time adds
    // starting a process).
    const batch = await client.query<{
      units: number;
      detect_ms: number;
      graph_ms: number;
      graph_worker: string | null;
    }>(
      `WITH b AS (SELECT batch FROM task_runs ORDER BY requested_at DESC LIMIT 1)
       SELECT count(*) FILTER (WHERE kind = 'detect')::int AS units,
              (extract(epoch FROM max(finished_at) FILTER (WHERE kind = 'detect')
                 - min(started_at) FILTER (WHERE kind = 'detect')) * 1000)::float8 AS detect_ms,
              (extract(epoch FROM max(finished_at) FILTER (WHERE kind = 'graph')
                 - min(started_at) FILTER (WHERE kind = 'graph')) * 1000)::float8 AS graph_ms,
              max(worker) FILTER (WHERE kind = 'graph') AS graph_worker
         FROM task_runs WHERE batch = (SELECT batch FROM b)`,
    );
    units = batch.rows[0]!.units;
    const peak = Math.max(...workers.map((w) => peakKb(w.pid!)));
    // The graph task runs in the one worker that takes it; the others' peaks are detection's alone, one
    // establishment's window at a time.
    const graphPid = Number(batch.rows[0]!.graph_worker?.split(':').at(-1));
    const detectionOnly = workers.filter((w) => w.pid !== graphPid).map((w) => peakKb(w.pid!));
    const detectPeak = detectionOnly.length ? Math.max(...detectionOnly) : undefined;
    await stopWorkers(workers);
    const { detect_ms: detectMs, graph_ms: graphMs } = batch.rows[0]!;
    runs.push({ workers: n, ms: detected.ms, detectMs, graphMs, peakKb: peak, detectPeakKb: detectPeak });
    console.log(
      `${n} worker${n === 1 ? '' : 's'}: ${units} establishments detected in ${secs(detectMs)}, graph ${secs(graphMs)}, command ${secs(detected.ms)}, peak ${mb(peak)} per worker${detectPeak ? ` (${mb(detectPeak)} in those that only detected)` : ''}`,
    );
  }
  // The whole link graph rebuilt from the estate's records (probity graph build), as after a change to
  // the people themselves.
  const rebuilt = probity(['graph', 'build']);
  console.log(`Link graph rebuilt from the whole estate in ${secs(rebuilt.ms)}`);

  // Memory: one worker that collects garbage as each task stores its run records the heap it still holds
  // (--expose-gc; a pass of its own, so that the collections do not slow the timed runs), task by task:
  // what a worker keeps from one establishment to the next.
  const memoryWorker = await startWorkers(1, ['--expose-gc']);
  probity(['detect', '--all', '--rebuild', '--quiet']);
  await stopWorkers(memoryWorker);
  const heaps = await client.query<{ establishment: string; heap_mb: number; presence: number }>(
    `WITH b AS (SELECT batch FROM task_runs ORDER BY requested_at DESC LIMIT 1),
          t AS (SELECT subject AS establishment, (result->>'heap_mb')::int AS heap_mb, started_at
                  FROM task_runs WHERE batch = (SELECT batch FROM b) AND kind = 'detect' AND result ? 'heap_mb')
     SELECT t.establishment, t.heap_mb,
            (SELECT count(*)::int FROM presence p JOIN locations l ON l.code = p.location
              WHERE l.establishment = t.establishment) AS presence
       FROM t ORDER BY t.started_at`,
  );
  const heapMb = heaps.rows.map((r) => r.heap_mb);
  console.log(
    `Heap a worker holds after each task (collected), in task order: ${Math.min(...heapMb)}–${Math.max(...heapMb)} MB; ${heaps.rows
      .map((r) => `${r.establishment} ${r.heap_mb} MB (${(r.presence / 1000).toFixed(0)}k presence rows)`)
      .join(', ')}`,
  );

  // The nightly run: a new day's records make that day stale (as their import does), and detection
  // sweeps and reconciles the roll counts of only it and combines the days kept, on as many workers as
  // the last run above.
  const nightly = runs.at(-1)!;
  await client.query(
    `UPDATE presence_day_sweeps SET generation = generation + 1, basis = NULL, sweep = NULL
      WHERE day = (SELECT max(day) FROM presence_day_sweeps WHERE sweep IS NOT NULL AND day < now())`,
  );
  await client.query(`DELETE FROM roll_count_days WHERE day = (SELECT max(day) FROM roll_count_days)`);
  const workers = await startWorkers(nightly.workers);
  const incremental = probity(['detect', '--all', '--quiet']);
  const night = await client.query<{ detect_ms: number; swept: number; kept: number }>(
    `WITH b AS (SELECT batch FROM task_runs ORDER BY requested_at DESC LIMIT 1)
     SELECT (extract(epoch FROM max(finished_at) - min(started_at)) * 1000)::float8 AS detect_ms,
            sum((result->>'days_swept')::int)::int AS swept, sum((result->>'days_kept')::int)::int AS kept
       FROM task_runs WHERE batch = (SELECT batch FROM b) AND kind = 'detect'`,
  );
  await stopWorkers(workers);
  const { detect_ms: nightMs, swept, kept } = night.rows[0]!;
  const stored = await client.query<{ bytes: string; days: number }>(
    `SELECT pg_total_relation_size('presence_day_sweeps')::text AS bytes,
            (SELECT count(*) FROM presence_day_sweeps WHERE sweep IS NOT NULL)::int AS days`,
  );
  const kbPerDay = Number(stored.rows[0]!.bytes) / 1024 / stored.rows[0]!.days;
  console.log(
    `Nightly (incremental) on ${nightly.workers} worker${nightly.workers === 1 ? '' : 's'}: ${swept} days swept, ${kept} kept, detection ${secs(nightMs)} against ${secs(nightly.detectMs)} for a rebuild (command ${secs(incremental.ms)}); kept sweeps ${kbPerDay.toFixed(0)} kB per establishment-day`,
  );
  await client.end();

  const one = runs.find((r) => r.workers === 1) ?? runs[0]!;
  console.log(
    `\nbench:estate: ${establishments} prisons (${units} establishments), ${days} days, on ${os.cpus().length} cores\n`,
  );
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| rows imported | ${rows.toLocaleString('en-GB')} |`);
  console.log(
    `| import (one process) | ${secs(imported.ms)}, ${Math.round(rows / (imported.ms / 1000)).toLocaleString('en-GB')} rows/s |`,
  );
  console.log(
    `| a prison's 90-day presence window (detection's read) | partitioned: ${partitioned.ms.toFixed(1)} ms, ${partitioned.partitions} monthly partitions read (${(partitioned.ms / flat.ms).toFixed(2)}x the unpartitioned table's ${flat.ms.toFixed(1)} ms) |`,
  );
  for (const r of runs)
    console.log(
      `| detect --all, ${r.workers} worker${r.workers === 1 ? '' : 's'} | detection ${secs(r.detectMs)} (speed-up ${(one.detectMs / r.detectMs).toFixed(2)}x one worker), graph task (raised alerts' links) ${secs(r.graphMs)}, whole command ${secs(r.ms)}; peak ${mb(r.peakKb)} per worker${r.detectPeakKb ? `, ${mb(r.detectPeakKb)} in those that only detected` : ''} |`,
    );
  console.log(`| link graph rebuilt whole (probity graph build) | ${secs(rebuilt.ms)} |`);
  console.log(
    `| nightly run (one new day), ${nightly.workers} workers | detection ${secs(nightMs)}: ${(nightly.detectMs / nightMs).toFixed(2)}x faster than the rebuild's ${secs(nightly.detectMs)} (${swept} days swept, ${kept} kept) |`,
  );
  console.log(`| kept day sweeps | ${kbPerDay.toFixed(0)} kB per establishment-day |`);
  // Extrapolation: detection is per establishment, so the night's work grows with their number; rows
  // with establishments and days.
  const perUnitMs = one.detectMs / units;
  const national = 132;
  const rowsYear = (rows / units / days) * national * 365;
  console.log(`| per establishment, one worker | ${secs(perUnitMs)} |`);
  console.log(`| 132 establishments × 365 days: rows | ${(rowsYear / 1e6).toFixed(0)} million |`);
  console.log(`| 132 establishments: a rebuild on one worker | ${secs(perUnitMs * national)} |`);
  console.log(
    `| 132 establishments: the nightly run on 1 machine like this (${nightly.workers} workers) | ${secs((nightMs / units) * national)} |`,
  );
  console.log(
    `| 132 establishments' kept sweeps (a ${days}-day window each) | ${((kbPerDay * national * days) / 1024 / 1024).toFixed(1)} GB |`,
  );
  // A machine like this one, with as many workers as it has cores, at the speed-up measured above.
  const cores = os.cpus().length;
  const machine = runs.find((r) => r.workers === cores) ?? runs.at(-1)!;
  for (const machines of [1, 4, 8])
    console.log(
      `| 132 establishments on ${machines} machine${machines === 1 ? '' : 's'} like this (${machine.workers} workers each) | ${secs((machine.detectMs / units) * (national / machines))} |`,
    );
} finally {
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
