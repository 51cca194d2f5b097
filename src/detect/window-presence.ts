/**
 * A window's presence as detection uses it: each day swept once and kept (day-sweep.ts), so a nightly run
 * reads and sweeps only the days it has not kept (the new one, or one an import changed since) and
 * combines the rest; a rebuild sweeps every day again and gives the same result.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import type { DetectionConfig } from './config.ts';
import { presenceRows } from './data-repo.ts';
import {
  combineDays,
  DAY_MINUTES,
  decodeDay,
  encodeDay,
  sweepDay,
  sweepLocations,
  type DaySweep,
  type WindowIndex,
} from './day-sweep.ts';
import { keepDay, keptDays } from './day-sweeps-repo.ts';
import type { Intervals } from './intervals.ts';
import type { Contacts } from './one-to-one.ts';

/** Bumped when a sweep's content changes meaning: every kept day is then swept again. */
const SWEEP_VERSION = 1;
/** Days read from the database at once when sweeping (a week of a large prison is a few hundred MB less). */
const DAYS_PER_READ = 7;

export interface WindowPresence {
  contacts: Contacts;
  staffOnWings: Intervals;
  /** Days swept by this run, and days combined from earlier runs. */
  swept: number;
  kept: number;
}

export interface LocationRow {
  code: string;
  kind: string;
  parent: string | null;
}

/** The run's indexes of people and places, as day sweeps are mapped into them. */
export function windowIndex(
  staff: { of: Map<string, number> },
  prisoners: { ids: string[]; of: Map<string, number> },
  locations: { of: Map<string, number> },
): WindowIndex {
  return {
    staff: staff.of,
    prisoners: prisoners.of,
    locations: locations.of,
    addPrisoner(id) {
      prisoners.of.set(id, prisoners.ids.length);
      return prisoners.ids.push(id) - 1;
    },
    prisonerCount: () => prisoners.ids.length,
  };
}

export async function windowPresence(
  db: Queryable,
  code: string,
  window: { from: number; to: number },
  locations: LocationRow[],
  wingOf: Int32Array,
  index: WindowIndex,
  config: DetectionConfig,
  rebuild = false,
): Promise<WindowPresence> {
  const kinds = config.one_to_one.location_kinds;
  const where = sweepLocations(
    locations.map((l) => l.code),
    locations.map((l) => l.kind),
    wingOf,
    kinds,
  );
  const basis = createHash('sha256')
    .update(JSON.stringify([SWEEP_VERSION, [...kinds].sort(), locations]))
    .digest('hex');
  const first = Math.floor(window.from / DAY_MINUTES) * DAY_MINUTES;
  const toDate = (m: number) => new Date(m * 60_000);
  const rows = await keptDays(db, code, toDate(first), toDate(window.to), rebuild);
  const byDay = new Map(rows.map((r) => [r.day, r]));

  const days: DaySweep[] = [];
  const missing: number[] = [];
  for (let d = first; d < window.to; d += DAY_MINUTES) {
    const row = byDay.get(d);
    if (row?.sweep && row.basis === basis) days.push(decodeDay(d, row.sweep));
    else missing.push(d);
  }
  const kept = days.length;
  for (let i = 0; i < missing.length;) {
    // Consecutive days read together: intervals starting up to a day before the first, as a window reads.
    let j = i + 1;
    while (j < missing.length && j - i < DAYS_PER_READ && missing[j] === missing[j - 1]! + DAY_MINUTES) j++;
    const start = missing[i]!;
    const end = missing[j - 1]! + DAY_MINUTES;
    const read = await presenceRows(db, code, toDate(start - DAY_MINUTES), toDate(end), toDate(start));
    for (const day of missing.slice(i, j)) {
      const sweep = sweepDay(
        day,
        read.filter((r) => r.s < day + DAY_MINUTES && r.e > day),
        where,
      );
      days.push(sweep);
      await keepDay(db, code, day, byDay.get(day)?.generation ?? null, basis, encodeDay(sweep));
    }
    i = j;
  }
  days.sort((a, b) => a.day - b.day);
  const { contacts, staffOnWings } = combineDays(
    days,
    index,
    window.from,
    window.to,
    config.one_to_one.merge_gap_minutes,
  );
  return { contacts, staffOnWings, swept: missing.length, kept };
}
