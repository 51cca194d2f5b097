/**
 * Reconciliation of every roll count of a 10-establishment, 90-day simulated estate: the records read,
 * the expected roll of each count with presence's heads and who explains a difference, what is still
 * open after the grace period and who counted. The reference, measured in the same run on the same
 * database, is the expected roll of each count as one plain SQL query (allocation in force, last
 * movement by a lateral join; no presence): the printed ratio is ours over it, and the counts on which
 * the two disagree are printed beside it (they should be none).
 *
 *   npm run bench:accountability
 *   npm run bench:accountability -- --cache /tmp/probity-accountability-estate   # keep the imported estate
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countingPractice, openDiscrepancies, reconcile, Roll } from '../src/accountability/index.ts';
import { readRecords } from '../src/accountability/repo.ts';
import { migrate, openPglite, type Database } from '../src/db/index.ts';
import { importDataset } from '../src/import/index.ts';
import { DEFAULTS, simulate } from '../src/simulate/index.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ESTATE = {
  ...DEFAULTS,
  seed: 90,
  establishments: 10,
  prisoners: 600,
  days: 90,
  regime: 'drawn' as const,
};
const GRACE_MINUTES = 30;

async function estate(): Promise<Database> {
  const dir = arg('cache') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'probity-bench-accountability-'));
  fs.mkdirSync(dir, { recursive: true });
  const ready = path.join(dir, 'imported');
  const db = await openPglite(path.join(dir, 'pglite'), 'bench');
  await migrate(db);
  if (!fs.existsSync(ready)) {
    console.log('simulating and importing 10 establishments over 90 days…');
    simulate({ ...ESTATE, out: path.join(dir, 'dataset') });
    const result = await importDataset(db, path.join(dir, 'dataset'));
    if (!result.ok) throw new Error('the simulated estate did not import');
    fs.writeFileSync(ready, '');
  }
  return db;
}

/** The expected roll of every count of one prison in the window, as one plain SQL query. */
async function expectedBySql(db: Database, code: string, from: Date, to: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ location: string; at: Date; expected: string }>(
    `SELECT c.location, c.at, count(a.prison_number) AS expected
     FROM roll_counts c
     LEFT JOIN cell_allocations a
       ON a.from_at <= c.at AND (a.to_at IS NULL OR a.to_at > c.at)
      AND (a.location = c.location OR a.location LIKE c.location || '-%')
      AND NOT EXISTS (
        SELECT 1 FROM (
          SELECT m.at, m.to_location FROM movements m
          WHERE m.prison_number = a.prison_number AND m.at <= c.at
          ORDER BY m.at DESC LIMIT 1) last
        WHERE last.at > a.from_at
          AND (last.to_location IS NULL OR NOT (last.to_location = c.location OR last.to_location LIKE c.location || '-%')))
     WHERE c.establishment = $1 AND c.at >= $2 AND c.at < $3
     GROUP BY c.location, c.at`,
    [code, from, to],
  );
  return new Map(rows.map((r) => [`${r.location}|${r.at.getTime()}`, Number(r.expected)]));
}

const db = await estate();
const { rows: prisons } = await db.query<{ code: string; timezone: string }>(
  `SELECT code, timezone FROM establishments WHERE kind = 'prison' ORDER BY code`,
);
const { rows: span } = await db.query<{ first: Date; last: Date }>(
  `SELECT min(at) AS first, max(at) AS last FROM roll_counts`,
);
const from = new Date(span[0]!.first.getTime() - 60_000);
const to = new Date(span[0]!.last.getTime() + 60_000);

let ours = 0;
let reference = 0;
let counts = 0;
let disagree = 0;
let open = 0;
console.log('prison   counts   ours ms   SQL ms   ratio   disagreeing   open after grace');
for (const { code, timezone } of prisons) {
  let t0 = performance.now();
  const roll = new Roll(await readRecords(db, code, timezone, from, to));
  const reconciled = reconcile(roll);
  const left = openDiscrepancies(roll, reconciled, to.getTime(), GRACE_MINUTES);
  countingPractice(roll, reconciled);
  const mine = performance.now() - t0;
  t0 = performance.now();
  const sql = await expectedBySql(db, code, from, to);
  const theirs = performance.now() - t0;
  const differing = reconciled.filter(
    (r) => sql.get(`${r.count.location}|${r.count.at}`) !== r.expected,
  ).length;
  const stillOpen = left.counts.filter((c) => c.state === 'open').length;
  console.log(
    `${code.padEnd(8)} ${String(reconciled.length).padStart(6)} ${mine.toFixed(0).padStart(9)} ${theirs.toFixed(0).padStart(8)} ${(mine / theirs).toFixed(2).padStart(7)} ${String(differing).padStart(13)} ${String(stillOpen).padStart(18)}`,
  );
  ours += mine;
  reference += theirs;
  counts += reconciled.length;
  disagree += differing;
  open += stillOpen;
}
console.log(
  `all      ${String(counts).padStart(6)} ${ours.toFixed(0).padStart(9)} ${reference.toFixed(0).padStart(8)} ${(ours / reference).toFixed(2).padStart(7)} ${String(disagree).padStart(13)} ${String(open).padStart(18)}`,
);
console.log(
  `\nReconciliation of ${prisons.length} prisons over ${Math.round((to.getTime() - from.getTime()) / 86_400_000)} days: ${(ours / 1000).toFixed(1)} s (${ours < 60_000 ? 'under' : 'over'} a minute); the plain SQL expected roll alone: ${(reference / 1000).toFixed(1)} s.`,
);
await db.close();
