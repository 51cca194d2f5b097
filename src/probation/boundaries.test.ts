import { describe, expect, it } from 'vitest';
import { supervisionBoundaries, type ContactRecord, type ProbationPerson } from './boundaries.ts';

// A region of four officers with ten people each; weekly office contacts and a monthly home visit in
// office hours (Monday 3 March 2025 onwards, London in GMT).
const people: ProbationPerson[] = [];
const contacts: ContactRecord[] = [];
const at = (day: number, hhmm: string) => new Date(`2025-03-${String(3 + day).padStart(2, '0')}T${hhmm}:00Z`);
for (let o = 1; o <= 4; o++)
  for (let i = 0; i < 10; i++) {
    const crn = `X${o}0000${i}`;
    const risk = i < 2 ? 'high' : 'medium';
    people.push({ crn, supervisor: `PO${o}`, risk, addressNorm: `${i} ${o} road` });
    for (let w = 0; w < 4; w++) {
      const start = at(w * 7, '10:00');
      contacts.push({
        crn,
        staffId: `PO${o}`,
        start,
        end: new Date(start.getTime() + 1_800_000),
        kind: 'office',
        addressNorm: null,
      });
    }
    // High-risk people are seen at home every week: their norm, not a finding.
    for (let w = 0; w < (risk === 'high' ? 4 : 1); w++) {
      const start = at(w * 7 + 2, '14:00');
      contacts.push({
        crn,
        staffId: `PO${o}`,
        start,
        end: new Date(start.getTime() + 1_800_000),
        kind: 'home_visit',
        addressNorm: `${i} ${o} road`,
      });
    }
  }

describe('supervision boundaries', () => {
  it('puts an officer whose evening home visits cluster on one person first, in plain English', () => {
    const planted = [...contacts];
    for (let d = 0; d < 20; d += 2) {
      const start = at(d, '19:30');
      planted.push({
        crn: 'X300005',
        staffId: 'PO3',
        start,
        end: new Date(start.getTime() + 5_400_000),
        kind: 'home_visit',
        addressNorm: '5 3 road',
      });
    }
    const pairs = supervisionBoundaries(people, planted, [], [], 'Europe/London');
    expect(pairs[0]).toMatchObject({ staffId: 'PO3', crn: 'X300005', supervises: true });
    // Two of the ten fall on a weekend, counted as such.
    expect(pairs[0]!.values).toMatchObject({ out_of_hours: 8, weekend: 2 });
    const measures = pairs[0]!.findings.map((f) => f.measure);
    expect(measures).toEqual(expect.arrayContaining(['contacts', 'home_visits', 'out_of_hours']));
    expect(pairs[0]!.findings.find((f) => f.measure === 'out_of_hours')!.text).toMatch(
      /^8 contacts outside office hours: as many as only 3% of the 32 officer–person pairs at medium risk in the region \(most have 0\)$/,
    );
  });

  it('does not flag weekly home visits to a high-risk person, which every officer makes', () => {
    const pairs = supervisionBoundaries(people, contacts, [], [], 'Europe/London');
    expect(pairs.every((p) => p.findings.length === 0)).toBe(true);
    const high = pairs.find((p) => p.crn === 'X100000')!;
    expect(high.values.home_visits).toBe(4);
    expect(high.expected).toBeCloseTo(8);
  });

  it('counts weekend contacts and contacts at another address, and scores an undeclared shared phone', () => {
    const extra: ContactRecord[] = [0, 1, 2].map((w) => ({
      crn: 'X200001',
      staffId: 'PO2',
      start: at(w * 7 + 5, '11:00'), // Saturdays
      end: at(w * 7 + 5, '12:00'),
      kind: 'home_visit',
      addressNorm: '99 other street',
    }));
    const pairs = supervisionBoundaries(
      people,
      [...contacts, ...extra],
      [{ crn: 'X200001', staffId: 'PO2' }],
      [{ crn: 'X200001', staffId: 'PO2', kind: 'phone', detail: '+447700900123', declared: false }],
      'Europe/London',
    );
    const pair = pairs[0]!;
    expect(pair).toMatchObject({ staffId: 'PO2', crn: 'X200001' });
    expect(pair.values).toMatchObject({ weekend: 3, elsewhere: 3, lookups: 1 });
    expect(pair.links).toHaveLength(1);
    expect(pair.score).toBeGreaterThan(2);
  });
});
