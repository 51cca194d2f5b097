import { describe, expect, it } from 'vitest';
import { EstablishmentKit } from '../../../test/detect-kit.ts';
import { localClock } from '../clock.ts';
import { loadDetectionConfig } from '../config.ts';
import { makeContext, type Indicator } from '../context.ts';
import type { Lookup, ProbationContact } from '../data.ts';
import { recordLookupIndicator } from './record-lookup.ts';
import { probationContactIndicator } from './probation-contact.ts';

// Two officers with ten people each: six at medium risk seen weekly, four at very high risk seen three
// times a week by whichever officer supervises them (eight weeks, office hours).
function region(
  extra: (contacts: ProbationContact[], kit: EstablishmentKit) => void,
  lookups: (kit: EstablishmentKit) => Lookup[] = () => [],
  indicator: Indicator = probationContactIndicator,
) {
  const kit = new EstablishmentKit(56).staff('PO1', 'probation_officer').staff('PO2', 'probation_officer');
  const pops = [];
  const contacts: ProbationContact[] = [];
  for (let o = 0; o < 2; o++)
    for (let i = 0; i < 10; i++) {
      const crn = `X${o}0000${i}`;
      const risk = i < 4 ? 'very_high' : 'medium';
      pops.push({ crn, supervisor: o, phone: null, address: null, name: crn, risk, curfew: i === 1 });
      for (let w = 0; w < 8; w++)
        for (let v = 0; v < (risk === 'very_high' ? 3 : 1); v++) {
          const start = kit.at(w * 7 + v * 2, 10);
          contacts.push({ staff: o, crn, start, end: start + 45, kind: v ? 'home_visit' : 'office' });
        }
    }
  extra(contacts, kit);
  const data = {
    ...kit.build(),
    kind: 'probation_region' as const,
    pops,
    probationContacts: contacts,
    lookups: lookups(kit),
  };
  const config = loadDetectionConfig();
  const ctx = makeContext(data, config, localClock('Europe/London'), { count: 0 } as never);
  return indicator.compute(ctx);
}

describe('probation_contact', () => {
  it('expects a very high risk person to be seen more often, so their officer is not singled out', () => {
    const found = region(() => {});
    const veryHigh = found.filter((c) => c.subject === 'pop:X000000');
    expect(veryHigh.every((c) => (c.ratio ?? 0) < 1.5)).toBe(true);
  });

  it('leaves out curfew checks: a few minutes at the door of a person on a curfew, in the evening', () => {
    const found = region((contacts, kit) => {
      for (let d = 0; d < 56; d += 4) {
        const start = kit.at(d, 20);
        contacts.push({ staff: 0, crn: 'X000001', start, end: start + 10, kind: 'home_visit' });
        // The same at the door of a person with no curfew is an evening home visit like any other.
        contacts.push({ staff: 0, crn: 'X000002', start, end: start + 10, kind: 'home_visit' });
      }
    });
    expect(found.find((c) => c.subject === 'pop:X000001')?.explanation ?? '').not.toMatch(
      /[1-9]\d* outside office hours/,
    );
    expect(found.find((c) => c.subject === 'pop:X000002')!.explanation).toMatch(/14 outside office hours/);
  });

  it('singles out evening home visits clustering on one medium-risk person, explaining against the risk level', () => {
    const found = region((contacts, kit) => {
      for (let d = 0; d < 56; d += 3) {
        const start = kit.at(d, 19.5);
        contacts.push({ staff: 1, crn: 'X100007', start, end: start + 90, kind: 'home_visit' });
      }
    });
    const top = [...found].sort((a, b) => b.points - a.points)[0]!;
    expect(top.subject).toBe('pop:X100007');
    expect(top.explanation).toMatch(
      /person's risk level \(medium\) lead one to expect; 1\d outside office hours/,
    );
  });
});

describe('record_lookup of people on probation', () => {
  // PO1 reads the addresses of two of PO2's people: one before each home visit PO1 makes while covering,
  // the other with no contact at all.
  const found = region(
    (contacts, kit) => {
      for (let d = 30; d < 50; d += 5) {
        const start = kit.at(d, 11);
        contacts.push({ staff: 0, crn: 'X100005', start, end: start + 40, kind: 'home_visit' });
      }
    },
    (kit) =>
      [30, 35, 40, 45].flatMap((d) => [
        { staff: 0, prisoner: -1, crn: 'X100005', at: kit.at(d, 10), record: 'addresses' },
        { staff: 0, prisoner: -1, crn: 'X100006', at: kit.at(d, 10), record: 'addresses' },
      ]),
    recordLookupIndicator,
  );

  it('leaves out look-ups within a day of the officer’s own recorded contact with the person', () => {
    expect(found.find((c) => c.subject === 'pop:X100005')).toBeUndefined();
  });

  it('raises look-ups of someone else’s supervisee with no contact to explain them', () => {
    expect(found.find((c) => c.subject === 'pop:X100006')).toMatchObject({ staff: 0, value: 4 });
  });
});
