/**
 * A synthetic estate made to match figures published in answer to Freedom of Information requests: 15,
 * 14 and 14 officers disciplined for an inappropriate relationship in 2014, 2015 and 2016, and 1,417
 * staff investigated in 2015/16, 3.1 per 100 staff. The figures are public; every person here is made
 * up. The tests give it to the definitions (and, through `probity import`, to the command) and expect
 * those figures back exactly, distractors and all.
 */
import type { ConductRecord, StaffSpan } from './definitions.ts';

export const PUBLISHED = {
  disciplinedForRelationships: { 2014: 15, 2015: 14, 2016: 14 },
  investigated201516: 1417,
  per100201516: 3.1,
} as const;

const id = (n: number) => `P${String(n).padStart(6, '0')}`;

export function publishedEstate(): { staff: StaffSpan[]; records: ConductRecord[] } {
  const staff: StaffSpan[] = [];
  const person = (start: string, end: string | null) => {
    const s: StaffSpan = {
      staffId: id(staff.length),
      start,
      end,
      establishment: staff.length % 2 ? 'PUB' : 'PUC',
      role: 'officer',
      kind: 'prison',
    };
    staff.push(s);
    return s.staffId;
  };
  // 45,000 in post throughout, 1,500 who left on 1 October 2015 (half of 2015/16), 500 who joined in 2017:
  // an average of 45,750 in 2015/16, so 1,417 investigated is 3.1 per 100.
  for (let k = 0; k < 45_000; k++) person('2005-01-01', null);
  for (let k = 0; k < 1_500; k++) person('2005-01-01', '2015-10-01');
  for (let k = 0; k < 500; k++) person('2017-01-01', null);

  const records: ConductRecord[] = [];
  const add = (staffId: string, r: Partial<ConductRecord>) =>
    records.push({
      staffId,
      opened: '2015-06-01',
      allegation: 'other',
      outcome: 'pending',
      outcomeDate: null,
      police: 'none',
      ...r,
    });
  // Disciplined for an inappropriate relationship, by the calendar year of the outcome.
  let next = 20_000;
  for (const [year, count] of Object.entries(PUBLISHED.disciplinedForRelationships)) {
    for (let k = 0; k < count; k++) {
      const outcome = (['written_warning', 'final_written_warning', 'dismissal'] as const)[k % 3]!;
      const who = id(next++);
      add(who, {
        opened: `${Number(year) - 1}-11-0${1 + (k % 9)}`,
        allegation: 'inappropriate_relationship',
        outcome,
        outcomeDate: k === 0 ? `${year}-01-01` : k === 1 ? `${year}-12-31` : `${year}-0${1 + (k % 9)}-10`,
        police: outcome === 'dismissal' ? 'convicted' : 'none',
      });
      // One of them disciplined twice in the year for it: still one member of staff.
      if (k === 2)
        add(who, {
          opened: `${year}-02-01`,
          allegation: 'inappropriate_relationship',
          outcome,
          outcomeDate: `${year}-06-01`,
        });
    }
    // Not disciplined: pending, cleared, or management action only.
    add(id(next++), { opened: `${year}-03-01`, allegation: 'inappropriate_relationship' });
    add(id(next++), {
      opened: `${year}-03-01`,
      allegation: 'inappropriate_relationship',
      outcome: 'not_proven',
      outcomeDate: `${year}-05-01`,
    });
    add(id(next++), {
      opened: `${year}-03-01`,
      allegation: 'inappropriate_relationship',
      outcome: 'management_action',
      outcomeDate: `${year}-05-01`,
    });
    // Disciplined in the year, but for something else.
    add(id(next++), {
      opened: `${year}-03-01`,
      allegation: 'trafficking',
      outcome: 'dismissal',
      outcomeDate: `${year}-05-01`,
    });
  }
  // Staff investigated in 2015/16 up to 1,417 with those above: some twice, 50 of them leavers, the first
  // opened on 1 April 2015 and the last on 31 March 2016; and cases either side that must not count.
  const already = new Set(
    records.filter((r) => r.opened >= '2015-04-01' && r.opened < '2016-04-01').map((r) => r.staffId),
  );
  for (let k = 0; k < PUBLISHED.investigated201516 - already.size; k++) {
    const who = k < 50 ? id(45_000 + k) : id(1000 + k);
    const opened =
      k === 0 ? '2015-04-01' : k === 1 ? '2016-03-31' : `2015-${String(4 + (k % 9)).padStart(2, '0')}-15`;
    add(who, { opened, allegation: k % 3 ? 'dishonesty' : 'bullying_harassment' });
    if (k % 14 === 0) add(who, { opened: '2015-11-20', allegation: 'assault' });
  }
  add(id(9000), { opened: '2015-03-31' });
  add(id(9001), { opened: '2016-04-01' });

  return { staff, records };
}
