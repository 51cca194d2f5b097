/**
 * One day's sweep of presence, the part of detection whose cost grows with the records: the runs of
 * time in which one member of staff was alone with a prisoner (one-to-one.ts) and where staff were on
 * wings. Days are swept once and kept (window-presence.ts), so a nightly run sweeps only the new day and
 * combines the window's kept days. A day holds its own identifiers, so it stays valid as people come and
 * go; runs are kept unmerged (gap 0) and merged across the window with the configured gap when combined,
 * which gives what sweeping the whole window at once gives.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { allocIntervals, pushInterval, type Intervals } from './intervals.ts';
import { Contacts, oneToOne, pairKey } from './one-to-one.ts';

export const DAY_MINUTES = 24 * 60;

/** A presence interval as read, by identifier. */
export interface PresenceRow {
  /** `staff` or `prisoner`. */
  t: string;
  id: string;
  loc: string;
  s: number;
  e: number;
}

export interface DaySweep {
  /** The day's first minute (UTC midnight, minutes since the epoch). */
  day: number;
  staff: string[];
  prisoners: string[];
  locations: string[];
  /** One-to-one runs: staff, prisoner, location (indexes into the lists above), start, end. */
  contacts: Int32Array;
  /** Staff on a wing's locations: staff, location, start, end. */
  onWings: Int32Array;
}

/** Where an establishment's locations are, as a sweep needs them. */
export interface SweepLocations {
  codes: string[];
  /** Whether time alone there counts (a cell, a room): by location index. */
  countable: Uint8Array;
  /** Whether the location is a wing or on one. */
  onWing: Uint8Array;
}

/** An establishment's locations for sweeping: the kinds counted come from the configuration. */
export function sweepLocations(
  codes: string[],
  kinds: readonly string[],
  wingOf: Int32Array,
  countedKinds: readonly string[],
): SweepLocations {
  const counted = new Set(countedKinds);
  return {
    codes,
    countable: Uint8Array.from(kinds, (k) => (counted.has(k) ? 1 : 0)),
    onWing: Uint8Array.from(wingOf, (w) => (w >= 0 ? 1 : 0)),
  };
}

/** Sweeps one day: the rows are those overlapping it (any more are ignored), clipped to it. */
export function sweepDay(day: number, rows: PresenceRow[], where: SweepLocations): DaySweep {
  const end = day + DAY_MINUTES;
  const locationOf = new Map(where.codes.map((c, i) => [c, i]));
  const staff = new Dictionary();
  const prisoners = new Dictionary();
  let iv = allocIntervals(Math.max(16, rows.length));
  const onWings: number[] = [];
  for (const r of rows) {
    const loc = locationOf.get(r.loc);
    const s = Math.max(r.s, day);
    const e = Math.min(r.e, end);
    if (loc === undefined || e <= s) continue;
    const isStaff = r.t === 'staff';
    const who = (isStaff ? staff : prisoners).of(r.id);
    iv = pushInterval(iv, loc, s, e, who, isStaff);
    if (isStaff && where.onWing[loc]) onWings.push(who, loc, s, e);
  }
  const swept = oneToOne(iv, where.codes.length, prisoners.ids.length, where.countable, 0);
  const contacts: number[] = [];
  for (const pair of swept.values())
    for (const ep of swept.episodes(pair))
      contacts.push(pair.staff, pair.prisoner, ep.location, ep.start, ep.end);
  return {
    day,
    staff: staff.ids,
    prisoners: prisoners.ids,
    locations: where.codes,
    contacts: Int32Array.from(contacts),
    onWings: Int32Array.from(onWings),
  };
}

class Dictionary {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  of(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) this.index.set(id, (i = this.ids.push(id) - 1));
    return i;
  }
}

/** A day as stored: compressed JSON of its lists (a day of a large prison is some tens of kilobytes). */
export function encodeDay(d: DaySweep): Buffer {
  return gzipSync(
    JSON.stringify({
      staff: d.staff,
      prisoners: d.prisoners,
      locations: d.locations,
      contacts: Array.from(d.contacts),
      onWings: Array.from(d.onWings),
    }),
  );
}

export function decodeDay(day: number, stored: Uint8Array): DaySweep {
  const j = JSON.parse(gunzipSync(stored).toString('utf8')) as {
    staff: string[];
    prisoners: string[];
    locations: string[];
    contacts: number[];
    onWings: number[];
  };
  return { ...j, day, contacts: Int32Array.from(j.contacts), onWings: Int32Array.from(j.onWings) };
}

/** The window's people and places: identifiers to the run's indexes. */
export interface WindowIndex {
  staff: Map<string, number>;
  /** Prisoners; one met only in presence is added (by `addPrisoner`). */
  prisoners: Map<string, number>;
  addPrisoner(id: string): number;
  locations: Map<string, number>;
  prisonerCount(): number;
}

/**
 * The window [from, to) from its days: one-to-one contacts merged with `gapMinutes` as a single sweep
 * of the window would merge them, and staff presence on wings. Staff of other establishments (seen in
 * presence, never ranked here) are left out after they have counted as company.
 */
export function combineDays(
  days: DaySweep[],
  index: WindowIndex,
  from: number,
  to: number,
  gapMinutes: number,
): { contacts: Contacts; staffOnWings: Intervals } {
  // Every run in window indexes, then in the order a window's sweep credits them: by place, then time.
  const runs: number[] = [];
  let staffOnWings = allocIntervals(1 << 12);
  for (const d of days) {
    const staff = d.staff.map((id) => index.staff.get(id) ?? -1);
    const prisoners = d.prisoners.map((id) => index.prisoners.get(id) ?? index.addPrisoner(id));
    const locs = d.locations.map((c) => index.locations.get(c) ?? -1);
    for (let i = 0; i < d.contacts.length; i += 5) {
      const s = staff[d.contacts[i]!]!;
      const l = locs[d.contacts[i + 2]!]!;
      const start = Math.max(d.contacts[i + 3]!, from);
      const end = Math.min(d.contacts[i + 4]!, to);
      if (s < 0 || l < 0 || end <= start) continue;
      runs.push(l, start, s, prisoners[d.contacts[i + 1]!]!, end);
    }
    for (let i = 0; i < d.onWings.length; i += 4) {
      const s = staff[d.onWings[i]!]!;
      const l = locs[d.onWings[i + 1]!]!;
      const start = Math.max(d.onWings[i + 2]!, from);
      const end = Math.min(d.onWings[i + 3]!, to);
      if (s >= 0 && l >= 0 && end > start) staffOnWings = pushInterval(staffOnWings, l, start, end, s, true);
    }
  }
  const order = Uint32Array.from({ length: runs.length / 5 }, (_, i) => i * 5);
  order.sort((a, b) => {
    for (let k = 0; k < 4; k++) if (runs[a + k] !== runs[b + k]) return runs[a + k]! - runs[b + k]!;
    return 0;
  });
  const contacts = new Contacts();
  const prisonerCount = index.prisonerCount();
  for (const i of order) {
    const [l, start, s, p, end] = [runs[i]!, runs[i + 1]!, runs[i + 2]!, runs[i + 3]!, runs[i + 4]!];
    const key = pairKey(s, p, prisonerCount);
    let pair = contacts.pairs.get(key);
    if (!pair)
      contacts.pairs.set(key, (pair = { staff: s, prisoner: p, minutes: 0, count: 0, head: -1, tail: -1 }));
    contacts.credit(pair, l, start, end, gapMinutes);
  }
  return { contacts, staffOnWings };
}
