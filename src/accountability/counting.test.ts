/**
 * Who counted, on hand-built facts: an officer who writes the expected figure every lunchtime while
 * presence puts a prisoner at healthcare, against one who counts the prisoner missing; a late count and
 * a missed one measured against the wing's usual times.
 */
import { describe, expect, it } from 'vitest';
import { countingPractice } from './counting.ts';
import { reconcile } from './reconcile.ts';
import { Roll, type RollCount, type Sighting } from './roll.ts';

const H = 3_600_000;
const DAY = Date.UTC(2025, 0, 6); // January: London's time is UTC
const at = (day: number, hour: number) => DAY + day * 24 * H + hour * H;

const counts: RollCount[] = [];
const sightings: Sighting[] = [];
for (const d of [0, 1, 2, 3]) {
  counts.push({ location: 'XAA-A', at: at(d, 12.5), counted: 3, countedBy: 'S1' });
  sightings.push({
    prisonNumber: 'A1003AA',
    location: 'XAA-HC',
    start: at(d, 12),
    end: at(d, 13),
    source: 'door',
  });
}
counts.push({ location: 'XAA-A', at: at(0, 20), counted: 3, countedBy: 'S2' });
counts.push({ location: 'XAA-A', at: at(2, 20), counted: 3, countedBy: 'S2' });
counts.push({ location: 'XAA-A', at: at(1, 20 + 40 / 60), counted: 2, countedBy: 'S2' });
sightings.push({
  prisonNumber: 'A1002AA',
  location: 'XAA-HC',
  start: at(1, 19.5),
  end: at(1, 21),
  source: 'door',
});

const roll = new Roll({
  code: 'XAA',
  timezone: 'Europe/London',
  wings: ['XAA-A'],
  gates: [],
  allocations: ['A1001AA', 'A1002AA', 'A1003AA'].map((p, i) => ({
    prisonNumber: p,
    location: `XAA-A-00${i + 1}`,
    from: DAY - 30 * 24 * H,
    to: null,
  })),
  movements: [],
  counts: counts.sort((a, b) => a.at - b.at),
  sightings,
});

describe('who counted', () => {
  const practice = countingPractice(roll, reconcile(roll));

  it("finds the wing's usual times, the late count and the missed one", () => {
    expect(practice.usualTimes).toEqual({ 'XAA-A': ['12:30', '20:00'] });
    expect(practice.missed).toEqual([{ wing: 'XAA-A', day: '2025-01-09', usual: '20:00' }]);
  });

  it('tells the count that matched while presence disagreed from the one that counted the prisoner missing', () => {
    const [s1, s2] = practice.counters;
    expect(s1).toMatchObject({
      staffId: 'S1',
      counts: 4,
      late: 0,
      notMatching: 0,
      presenceDisagreed: 4,
      exactWhilePresenceDisagreed: 4,
    });
    expect(s1!.evidence[0]).toEqual({
      at: at(0, 12.5),
      location: 'XAA-A',
      counted: 3,
      expected: 3,
      presenceSays: 2,
    });
    expect(s2).toMatchObject({
      staffId: 'S2',
      counts: 3,
      late: 1,
      notMatching: 1,
      presenceDisagreed: 1,
      exactWhilePresenceDisagreed: 0,
      evidence: [],
    });
  });
});
