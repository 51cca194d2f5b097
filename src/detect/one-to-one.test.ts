import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocIntervals, pushInterval, type Intervals } from './intervals.ts';
import { oneToOne, pairKey } from './one-to-one.ts';

function build(
  rows: [loc: number, start: number, end: number, subject: number, staff: boolean][],
): Intervals {
  let iv = allocIntervals(2);
  for (const r of rows) iv = pushInterval(iv, ...r);
  return iv;
}
const all = (n: number) => new Uint8Array(n).fill(1);

describe('one-to-one contact', () => {
  it('counts only the minutes when one member of staff is with the prisoner and no other staff', () => {
    const iv = build([
      [0, 0, 600, 0, false], // prisoner 0 in cell 0 all morning
      [0, 100, 130, 0, true], // officer 0 visits: 30 min alone with them
      [0, 120, 125, 1, true], // officer 1 joins for 5 minutes: not one-to-one
      [0, 300, 310, 1, true], // officer 1 alone with them for 10
      [1, 0, 600, 1, false], // prisoner 1 in cell 1
      [1, 0, 600, 2, false], // shares with prisoner 2: both are credited
      [1, 50, 70, 0, true],
      [2, 0, 600, 0, false], // a room of three prisoners is not one-to-one
      [2, 0, 600, 1, false],
      [2, 0, 600, 2, false],
      [2, 0, 600, 2, true],
    ]);
    const pairs = oneToOne(iv, 3, 3, all(3));
    expect(pairs.get(pairKey(0, 0, 3))!.minutes).toBe(25);
    expect(pairs.episodes(pairs.get(pairKey(0, 0, 3))!)).toEqual([
      { location: 0, start: 100, end: 120 },
      { location: 0, start: 125, end: 130 },
    ]);
    expect(pairs.get(pairKey(1, 0, 3))!.minutes).toBe(10);
    expect(pairs.get(pairKey(0, 1, 3))!.minutes).toBe(20);
    expect(pairs.get(pairKey(0, 2, 3))!.minutes).toBe(20);
    expect(pairs.has(pairKey(2, 0, 3))).toBe(false);
    expect(pairs.size).toBe(4);
  });

  it('ignores locations that are not countable, and touching intervals', () => {
    const iv = build([
      [0, 0, 10, 0, false],
      [0, 10, 20, 0, true],
      [1, 0, 10, 0, false],
      [1, 0, 10, 0, true],
    ]);
    expect(oneToOne(iv, 2, 1, new Uint8Array([1, 0])).size).toBe(0);
  });

  it('ignores empty intervals (a door opened and closed within the minute)', () => {
    const iv = build([
      [0, 0, 100, 0, false],
      [0, 10, 10, 0, true],
      [0, 50, 60, 1, true],
    ]);
    const pairs = oneToOne(iv, 1, 1, all(1));
    expect([...pairs.values()].map((p) => [p.staff, p.minutes])).toEqual([[1, 10]]);
  });

  it('merges episodes closer than the gap', () => {
    const iv = build([
      [0, 0, 100, 0, false],
      [0, 10, 20, 0, true],
      [0, 22, 30, 0, true],
    ]);
    const merged = oneToOne(iv, 1, 1, all(1), 5);
    expect(merged.episodes(merged.get(0)!)).toEqual([{ location: 0, start: 10, end: 30 }]);
  });

  it('agrees with a minute-by-minute count on random cells', () => {
    const row = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 2 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (raw) => {
        const rows = raw.map(
          ([l, s, d, who, staff]) => [l, s, s + d, who, staff] as [number, number, number, number, boolean],
        );
        const pairs = oneToOne(build(rows), 3, 3, all(3));
        const expected = new Map<number, number>();
        for (let l = 0; l < 3; l++) {
          for (let t = 0; t < 80; t++) {
            const here = rows.filter((r) => r[0] === l && r[1] <= t && t < r[2]);
            // Each person once, however many of their records overlap (a door and a camera at once).
            const staff = [...new Set(here.filter((r) => r[4]).map((r) => r[3]))];
            const prisoners = [...new Set(here.filter((r) => !r[4]).map((r) => r[3]))];
            if (staff.length === 1 && prisoners.length >= 1 && prisoners.length <= 2) {
              for (const p of prisoners) {
                const k = pairKey(staff[0]!, p, 3);
                expected.set(k, (expected.get(k) ?? 0) + 1);
              }
            }
          }
        }
        const got = new Map([...pairs.pairs].map(([k, v]) => [k, v.minutes]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
