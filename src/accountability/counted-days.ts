/**
 * Who counted over a window, a day at a time: each day's roll counts are reconciled against that day's
 * records (as if read for that day alone) and kept, so detection's nightly run reconciles only the new
 * day and reads the window's other days' figures from the store; a rebuild reconciles every day again
 * and gives the same result.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { prisonTimezone } from '../estate/index.ts';
import { countingPractice, type CountingPractice } from './counting.ts';
import { countEpoch, keepCountDay, keptCountDays, type KeptCount } from './counted-days-repo.ts';
import { reconcile, type Reconciled } from './reconcile.ts';
import { readPlaces, readRecords, recordsWithin } from './repo.ts';
import { Roll } from './roll.ts';

const DAY_MS = 86_400_000;
/** Days read from the database at once. */
const DAYS_PER_READ = 7;
/** Bumped when reconciliation changes meaning: every kept day is then reconciled again. */
const RECONCILE_VERSION = 1;

/**
 * Who counted at a prison between two moments, each count reconciled: for detection's `roll_count`
 * (not audited here: detection's runs are). An unknown prison, or one with no counts, has no counters.
 */
export async function countingOver(
  db: Queryable,
  establishment: string,
  from: Date,
  to: Date,
  opts: { rebuild?: boolean } = {},
): Promise<CountingPractice> {
  const timezone = await prisonTimezone(db, establishment);
  if (!timezone) return { usualTimes: {}, counters: [], missed: [] };
  const places = await readPlaces(db, establishment);
  const basis = createHash('sha256')
    .update(JSON.stringify([RECONCILE_VERSION, places]))
    .digest('hex');
  const epoch = await countEpoch(db, establishment);
  const start = from.getTime();
  const end = to.getTime();
  const first = Math.floor(start / DAY_MS) * DAY_MS;
  const days = opts.rebuild
    ? new Map<number, KeptCount[]>()
    : await keptCountDays(db, establishment, first, end, basis);
  const missing: number[] = [];
  for (let d = first; d < end; d += DAY_MS) if (!days.has(d)) missing.push(d);
  for (let i = 0; i < missing.length;) {
    let j = i + 1;
    while (j < missing.length && j - i < DAYS_PER_READ && missing[j] === missing[j - 1]! + DAY_MS) j++;
    const read = await readRecords(
      db,
      establishment,
      timezone,
      new Date(missing[i]!),
      new Date(missing[j - 1]! + DAY_MS),
    );
    for (const day of missing.slice(i, j)) {
      const counts = reconcile(new Roll(recordsWithin(read, day, day + DAY_MS))).map(keptForm);
      days.set(day, counts);
      // A day the window cuts is reconciled whole but kept only when it lies wholly inside.
      if (day >= start && day + DAY_MS <= end)
        await keepCountDay(db, establishment, day, basis, epoch, counts);
    }
    i = j;
  }
  const reconciled: Reconciled[] = [...days]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, counts]) => counts)
    .filter((c) => c.at >= start && c.at < end)
    .map(({ expected, presenceSays, status, ...count }) => ({
      count,
      expected,
      presenceSays,
      status,
      explained: [],
    }));
  const names = new Roll({
    code: establishment,
    timezone,
    ...places,
    allocations: [],
    movements: [],
    counts: [],
    sightings: [],
  });
  return countingPractice(names, reconciled);
}

const keptForm = (r: Reconciled): KeptCount => ({
  ...r.count,
  expected: r.expected,
  presenceSays: r.presenceSays,
  status: r.status,
});
