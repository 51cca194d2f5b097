import { describe, expect, it } from 'vitest';
import { EstablishmentKit } from '../../../test/detect-kit.ts';
import { localClock } from '../clock.ts';
import { loadDetectionConfig } from '../config.ts';
import { makeContext, type Indicator } from '../context.ts';
import { detect } from '../engine.ts';
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

describe('probation_contact in the ranking', () => {
  /** Twelve officers with eight people each, each seen weekly over eight weeks. */
  const ranking = (cover: number) => {
    const kit = new EstablishmentKit(56);
    const pops = [];
    const contacts: ProbationContact[] = [];
    const see = (staff: number, crn: string, day: number) => {
      const start = kit.at(day, 10);
      contacts.push({ staff, crn, start, end: start + 45, kind: 'office' });
    };
    for (let o = 0; o < 12; o++) {
      kit.staff(`PO${String(o).padStart(2, '0')}`, 'probation_officer');
      for (let i = 0; i < 8; i++) {
        const crn = `X${String(o).padStart(2, '0')}000${i}`;
        pops.push({
          crn,
          supervisor: o,
          phone: null,
          address: null,
          name: crn,
          risk: 'medium',
          curfew: false,
        });
        for (let w = 0; w < 8; w++) see(o, crn, w * 7 + (i % 5));
      }
    }
    // PO00 sees one person four times a week; PO01, covering, sees `cover` people about as often.
    for (let w = 0; w < 8; w++)
      for (const d of [1, 2, 3]) {
        see(0, 'X000003', w * 7 + d);
        for (let i = 0; i < cover; i++) see(1, `X01000${i}`, w * 7 + d);
      }
    // The first of those a little more than the others, so that something of PO01's lead is left to explain.
    for (let w = 0; w < 8; w += 2) see(1, 'X010000', w * 7 + 4);
    const data = { ...kit.build(), kind: 'probation_region' as const, pops, probationContacts: contacts };
    return detect(data, loadDetectionConfig()).engine;
  };

  it('one person seen far more than the rest of the caseload stands out; several seen alike (a covered caseload) do not', () => {
    const risks = ranking(3);
    expect(risks[0]).toMatchObject({ staffId: 'PO00', subject: 'pop:X000003' });
    const covering = risks.find((r) => r.staffId === 'PO01');
    expect(covering?.score ?? 0).toBeLessThan(risks[0]!.score - 2);
    expect(covering?.legitimate.join(' ')).toContain('Seen as often as another person');
    // Covering only one person is one person standing out, like PO00.
    const one = ranking(1).find((r) => r.staffId === 'PO01')!;
    expect(one.score).toBeGreaterThan(risks[0]!.score - 0.5);
  });
});
