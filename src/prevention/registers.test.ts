import { describe, expect, it } from 'vitest';
import {
  complianceFigures,
  declarationRegister,
  trainingRegister,
  vettingRegister,
  type StaffRecord,
} from './registers.ts';

const TODAY = '2026-06-01';
const person = (staffId: string, role = 'officer', establishment = 'XAA'): StaffRecord => ({
  staffId,
  name: `Test ${staffId}`,
  role,
  establishment,
});

describe('the vetting register', () => {
  const staff = [
    person('S1'),
    person('S2'),
    person('S3'),
    person('S4'),
    person('S5', 'governor'),
    person('S6'),
    person('S7', 'officer', 'XBB'),
  ];
  const rows = vettingRegister(
    staff,
    [
      { staffId: 'S1', level: 'ctc', granted: '2020-01-01', expires: '2030-01-01' },
      // Due in 20 days.
      { staffId: 'S2', level: 'ctc', granted: '2016-06-21', expires: '2026-06-21' },
      // Lapsed, and a renewal granted in the future does not count yet.
      { staffId: 'S3', level: 'ctc', granted: '2015-01-01', expires: '2025-01-01' },
      { staffId: 'S3', level: 'ctc', granted: '2026-07-01', expires: '2036-07-01' },
      // S4: never vetted. S5: a governor with a CTC only.
      { staffId: 'S5', level: 'ctc', granted: '2020-01-01', expires: null },
      // Renewed: the older lapsed grant is not what counts.
      { staffId: 'S6', level: 'ctc', granted: '2010-01-01', expires: '2020-01-01' },
      { staffId: 'S6', level: 'sc', granted: '2020-01-01', expires: '2026-08-15' },
      { staffId: 'S7', level: 'none', granted: '2024-01-01', expires: null },
    ],
    TODAY,
  );
  const status = (id: string) => rows.find((r) => r.staffId === id)!;

  it('gives each member of staff the level they hold today and what it means for their role', () => {
    expect(status('S1')).toMatchObject({ level: 'ctc', status: 'current', dueInDays: null });
    expect(status('S2')).toMatchObject({ level: 'ctc', status: 'expiring', dueInDays: 20 });
    expect(status('S3')).toMatchObject({ level: 'none', status: 'expired', expires: '2025-01-01' });
    expect(status('S4')).toMatchObject({ level: 'none', status: 'none', granted: null });
    expect(status('S5')).toMatchObject({ level: 'ctc', required: 'sc', status: 'below_required' });
    expect(status('S6')).toMatchObject({ level: 'sc', status: 'expiring', dueInDays: 75 });
    expect(status('S7')).toMatchObject({ level: 'none', status: 'none' });
  });

  it('counts renewals due within 30, 60 and 90 days, per establishment and over all', () => {
    const figures = complianceFigures(rows, [], []);
    expect(figures.map((f) => f.establishment)).toEqual(['XAA', 'XBB', 'all']);
    expect(figures[0]!.vetting).toEqual({
      compliant: 3,
      expiring: { 30: 1, 60: 1, 90: 2 },
      expired: 1,
      none: 1,
      belowRequired: 1,
    });
    expect(figures[2]!.staff).toBe(7);
    expect(figures[2]!.vetting.none).toBe(2);
  });
});

describe('the training register', () => {
  it('says for each required course whether it is current, expired or never done', () => {
    const rows = trainingRegister(
      [person('S1'), person('S2')],
      [
        { staffId: 'S1', course: 'professional_boundaries', completed: '2022-01-01', expires: '2025-01-01' },
        { staffId: 'S1', course: 'professional_boundaries', completed: '2025-03-01', expires: '2028-03-01' },
        { staffId: 'S1', course: 'counter_corruption', completed: '2022-01-01', expires: '2025-01-01' },
        // An optional course is not on the register; a course completed after today is not yet done.
        { staffId: 'S2', course: 'first_aid', completed: '2025-01-01', expires: null },
        { staffId: 'S2', course: 'counter_corruption', completed: '2026-07-01', expires: null },
      ],
      TODAY,
    );
    const of = (id: string, course: string) =>
      rows.find((r) => r.staffId === id && r.course === course)!.status;
    expect(of('S1', 'professional_boundaries')).toBe('current');
    expect(of('S1', 'counter_corruption')).toBe('expired');
    expect(of('S2', 'professional_boundaries')).toBe('never');
    expect(of('S2', 'counter_corruption')).toBe('never');
    expect(rows).toHaveLength(4);
    expect(complianceFigures([], rows, [])[0]!.training).toEqual({
      professional_boundaries: { current: 1, expired: 0, never: 1 },
      counter_corruption: { current: 0, expired: 1, never: 1 },
    });
  });
});

describe('the declarations register', () => {
  it('lists declarations newest first and marks pending ones overdue after 28 days', () => {
    const rows = declarationRegister(
      [person('S1'), person('S2')],
      [
        {
          staffId: 'S1',
          declaredAt: '2026-04-01T10:00:00Z',
          kind: 'gift',
          subject: null,
          details: 'A box',
          decision: 'pending',
        },
        {
          staffId: 'S1',
          declaredAt: '2026-05-20T10:00:00Z',
          kind: 'association',
          subject: null,
          details: 'A club',
          decision: 'pending',
        },
        {
          staffId: 'S2',
          declaredAt: '2025-01-01T10:00:00Z',
          kind: 'relationship',
          subject: 'prisoner:A1234BC',
          details: 'Cousin',
          decision: 'approved',
        },
        // Someone outside what was asked for is left out.
        {
          staffId: 'S9',
          declaredAt: '2026-05-01T10:00:00Z',
          kind: 'gift',
          subject: null,
          details: 'A pen',
          decision: 'refused',
        },
      ],
      TODAY,
    );
    expect(rows.map((r) => [r.staffId, r.overdue, r.daysWaiting])).toEqual([
      ['S1', false, 12],
      ['S1', true, 61],
      ['S2', false, null],
    ]);
    expect(complianceFigures([], [], rows)[0]!.declarations).toEqual({
      pending: 2,
      overdue: 1,
      approved: 1,
      restricted: 0,
      refused: 0,
    });
  });
});
