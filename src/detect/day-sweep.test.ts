/**
 * Day sweeps combined give what one sweep of the whole window gives: the same pairs, minutes and
 * episodes (merged across midnight and within the gap), on random presence crossing day boundaries.
 */
import { describe, expect, it } from 'vitest';
import { combineDays, DAY_MINUTES, decodeDay, encodeDay, sweepDay, type PresenceRow } from './day-sweep.ts';
import { allocIntervals, pushInterval } from './intervals.ts';
import { Contacts, oneToOne } from './one-to-one.ts';

const DAY0 = Math.floor(Date.UTC(2026, 2, 1) / 60_000);
const LOCATIONS = ['A-WING', 'A-001', 'A-002', 'A-003', 'ROOM-1', 'YARD'];
const KINDS = ['wing', 'cell', 'cell', 'cell', 'room', 'yard'];
const where = {
  codes: LOCATIONS,
  countable: Uint8Array.from(KINDS, (k) => (k === 'cell' || k === 'room' ? 1 : 0)),
  onWing: Uint8Array.from(LOCATIONS, (c) => (c.startsWith('A-') ? 1 : 0)),
};
const STAFF = ['S1', 'S2', 'S3'];
const PRISONERS = ['P1', 'P2', 'P3', 'P4'];

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

/** Short visits, many of them around midnight, over `days` days. */
function presence(seed: number, days: number): PresenceRow[] {
  const r = random(seed);
  const rows: PresenceRow[] = [];
  for (let i = 0; i < 400; i++) {
    const staff = r(3) === 0;
    const day = DAY0 + r(days) * DAY_MINUTES;
    const s = r(2) ? day + DAY_MINUTES - 40 + r(60) : day + r(DAY_MINUTES);
    rows.push({
      t: staff ? 'staff' : 'prisoner',
      id: staff ? STAFF[r(3)]! : PRISONERS[r(4)]!,
      loc: LOCATIONS[r(6)]!,
      s,
      e: s + 1 + r(90),
    });
  }
  return rows;
}

function wholeWindow(rows: PresenceRow[], from: number, to: number, gap: number): Contacts {
  const iv = allocIntervals(rows.length);
  for (const x of rows) {
    const s = Math.max(x.s, from);
    const e = Math.min(x.e, to);
    if (e <= s) continue;
    const staff = x.t === 'staff';
    pushInterval(iv, LOCATIONS.indexOf(x.loc), s, e, (staff ? STAFF : PRISONERS).indexOf(x.id), staff);
  }
  return oneToOne(iv, LOCATIONS.length, PRISONERS.length, where.countable, gap);
}

const index = () => ({
  staff: new Map(STAFF.map((s, i) => [s, i])),
  prisoners: new Map(PRISONERS.map((p, i) => [p, i])),
  locations: new Map(LOCATIONS.map((l, i) => [l, i])),
  addPrisoner: (id: string): number => {
    throw new Error(`unexpected ${id}`);
  },
  prisonerCount: () => PRISONERS.length,
});

/** Pairs with their minutes and episodes, in a canonical order. */
const summary = (c: Contacts) =>
  [...c.values()]
    .map((p) => ({ staff: p.staff, prisoner: p.prisoner, minutes: p.minutes, episodes: c.episodes(p) }))
    .sort((a, b) => a.staff - b.staff || a.prisoner - b.prisoner);

describe('day sweeps', () => {
  it.each([1, 2, 3, 4, 5])('combine to the whole window’s one-to-one contacts (seed %i)', (seed) => {
    const rows = presence(seed, 6);
    const from = DAY0 + 360; // a window starting and ending inside a day
    const to = DAY0 + 5 * DAY_MINUTES + 600;
    const days = [];
    for (let d = DAY0; d < to; d += DAY_MINUTES) days.push(decodeDay(d, encodeDay(sweepDay(d, rows, where))));
    for (const gap of [0, 5, 30]) {
      const combined = combineDays(days, index(), from, to, gap).contacts;
      const whole = summary(wholeWindow(rows, from, to, gap));
      expect(whole.length).toBeGreaterThan(2);
      expect(summary(combined)).toEqual(whole);
    }
  });

  it('keep staff on wings, clipped to the window, and leave out staff the window does not know', () => {
    const rows: PresenceRow[] = [
      { t: 'staff', id: 'S1', loc: 'A-001', s: DAY0 + 100, e: DAY0 + 200 },
      { t: 'staff', id: 'S2', loc: 'YARD', s: DAY0 + 100, e: DAY0 + 200 },
      { t: 'staff', id: 'VISITOR', loc: 'A-002', s: DAY0 + 100, e: DAY0 + 200 },
      { t: 'prisoner', id: 'P1', loc: 'A-002', s: DAY0 + 100, e: DAY0 + 200 },
    ];
    const { contacts, staffOnWings } = combineDays(
      [sweepDay(DAY0, rows, where)],
      index(),
      DAY0 + 150,
      DAY0 + DAY_MINUTES,
      5,
    );
    // The visitor was company (and is no one's contact here); S1 was on the wing from the window's start.
    expect(contacts.size).toBe(0);
    expect(staffOnWings.length).toBe(1);
    expect([
      staffOnWings.subject[0],
      staffOnWings.location[0],
      staffOnWings.start[0],
      staffOnWings.end[0],
    ]).toEqual([0, 1, DAY0 + 150, DAY0 + 200]);
  });

  it('add a prisoner met only in presence to the window’s prisoners', () => {
    const rows: PresenceRow[] = [
      { t: 'staff', id: 'S1', loc: 'A-001', s: DAY0 + 100, e: DAY0 + 200 },
      { t: 'prisoner', id: 'NEW1', loc: 'A-001', s: DAY0 + 120, e: DAY0 + 180 },
    ];
    const ids = [...PRISONERS];
    const of = new Map(ids.map((p, i) => [p, i]));
    const { contacts } = combineDays(
      [sweepDay(DAY0, rows, where)],
      {
        ...index(),
        prisoners: of,
        addPrisoner: (id) => (of.set(id, ids.length), ids.push(id) - 1),
        prisonerCount: () => ids.length,
      },
      DAY0,
      DAY0 + DAY_MINUTES,
      5,
    );
    expect(ids).toEqual([...PRISONERS, 'NEW1']);
    expect(summary(contacts)).toEqual([
      { staff: 0, prisoner: 4, minutes: 60, episodes: [{ location: 1, start: DAY0 + 120, end: DAY0 + 180 }] },
    ]);
  });
});
