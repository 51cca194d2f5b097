import { describe, expect, it } from 'vitest';
import { averageHeadcount, conductFigures, type ConductRecord, type StaffSpan } from './definitions.ts';
import { periodsCovering, yearNamed, yearOf } from './periods.ts';

const span = (staffId: string, over: Partial<StaffSpan> = {}): StaffSpan => ({
  staffId,
  start: '2010-01-01',
  end: null,
  establishment: 'AAA',
  role: 'officer',
  kind: 'prison',
  ...over,
});
const record = (staffId: string, over: Partial<ConductRecord> = {}): ConductRecord => ({
  staffId,
  opened: '2015-06-01',
  allegation: 'inappropriate_relationship',
  outcome: 'pending',
  outcomeDate: null,
  police: 'none',
  ...over,
});
const y2015 = yearNamed('2015', 'calendar')!;
const fy1516 = yearNamed('2015/16', 'financial')!;

describe('periods', () => {
  it('runs a financial year from 1 April to 31 March', () => {
    expect(fy1516).toEqual({ label: '2015/16', from: '2015-04-01', to: '2016-04-01' });
    expect(yearOf('2016-03-31', 'financial').label).toBe('2015/16');
    expect(yearOf('2016-04-01', 'financial').label).toBe('2016/17');
    expect(yearNamed('2015/17', 'financial')).toBeUndefined();
  });

  it('clips the years asked for in part and labels them with their days', () => {
    expect(periodsCovering('2015-03-01', '2016-12-31', 'calendar').map((p) => p.label)).toEqual([
      '2015-03-01 to 2015-12-31',
      '2016',
    ]);
    expect(periodsCovering('2015-04-01', '2016-06-30', 'financial').map((p) => p.label)).toEqual([
      '2015/16',
      '2016-04-01 to 2016-06-30',
    ]);
  });
});

describe('the definitions of the figures', () => {
  it('counts a member of staff with two cases in one year once', () => {
    const [all] = conductFigures(
      [record('S1'), record('S1', { opened: '2015-09-01', allegation: 'trafficking' }), record('S2')],
      [span('S1'), span('S2')],
      [y2015],
    );
    expect(all!.staffInvestigated).toBe(2);
  });

  it('puts a case opened on 31 March in the financial year before one opened on 1 April', () => {
    const rows = conductFigures(
      [record('S1', { opened: '2016-03-31' }), record('S2', { opened: '2016-04-01' })],
      [span('S1'), span('S2')],
      periodsCovering('2015-04-01', '2017-03-31', 'financial'),
    );
    expect(rows.map((r) => [r.period.label, r.staffInvestigated])).toEqual([
      ['2015/16', 1],
      ['2016/17', 1],
    ]);
  });

  it('counts a leaver in the headcount until their end date, and a joiner from their start', () => {
    // In post all year, and one who left on 1 July 2015 (181 days of 365 in post).
    expect(averageHeadcount([span('S1'), span('S2', { end: '2015-07-01' })], y2015.from, y2015.to)).toBe(
      1 + 181 / 365,
    );
    expect(averageHeadcount([span('S3', { start: '2015-12-31' })], y2015.from, y2015.to)).toBe(1 / 365);
    expect(averageHeadcount([span('S4', { start: '2016-01-01' })], y2015.from, y2015.to)).toBe(0);
  });

  it('never counts a pending outcome as disciplined, and counts the discipline by its date', () => {
    const [all] = conductFigures(
      [
        record('S1', { outcome: 'pending' }),
        record('S2', { outcome: 'written_warning', outcomeDate: '2015-11-01' }),
        record('S3', { outcome: 'dismissal', outcomeDate: '2015-12-01' }),
        record('S4', { outcome: 'management_action', outcomeDate: '2015-12-01' }),
        record('S5', { opened: '2014-06-01', outcome: 'final_written_warning', outcomeDate: '2015-02-01' }),
        record('S6', { outcome: 'written_warning', outcomeDate: '2016-01-04' }),
      ],
      ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'].map((id) => span(id)),
      [y2015],
    );
    expect(all).toMatchObject({ staffInvestigated: 5, staffDisciplined: 3, dismissals: 1 });
  });

  it('counts police referrals and convictions in the year the case was opened', () => {
    const [all] = conductFigures(
      [
        record('S1', { police: 'referred' }),
        record('S2', { police: 'convicted', outcome: 'dismissal', outcomeDate: '2016-02-01' }),
        record('S3', { police: 'none' }),
      ],
      [span('S1'), span('S2'), span('S3')],
      [y2015],
    );
    expect(all).toMatchObject({ policeReferrals: 2, convictions: 1, dismissals: 0 });
  });

  it('counts a member of staff once per allegation kind when broken down by allegation', () => {
    const done = { outcome: 'written_warning', outcomeDate: '2015-10-01' } as const;
    const rows = conductFigures(
      [record('S1', done), record('S1', { ...done, allegation: 'trafficking' }), record('S1', done)],
      [span('S1')],
      [y2015],
      'allegation',
    );
    const byGroup = Object.fromEntries(rows.map((r) => [r.group, r.staffDisciplined]));
    expect(byGroup).toMatchObject({ inappropriate_relationship: 1, trafficking: 1, assault: 0, all: 1 });
  });

  it('divides by the headcount of the group and of the year, not of today', () => {
    const staff = [
      ...Array.from({ length: 50 }, (_, k) => span(`A${k}`)),
      ...Array.from({ length: 150 }, (_, k) => span(`B${k}`, { establishment: 'BBB', start: '2016-01-01' })),
    ];
    const rows = conductFigures(
      [record('A1'), record('A2')],
      staff,
      [y2015, yearNamed('2016', 'calendar')!],
      'establishment',
    );
    const at = (period: string, group: string) =>
      rows.find((r) => r.period.label === period && r.group === group)!;
    expect(at('2015', 'AAA')).toMatchObject({ averageHeadcount: 50, investigatedPer100: 4 });
    expect(at('2015', 'all')).toMatchObject({ averageHeadcount: 50, investigatedPer100: 4 });
    expect(at('2015', 'BBB')).toMatchObject({ averageHeadcount: 0, investigatedPer100: null });
    expect(at('2016', 'all').averageHeadcount).toBe(200);
  });
});
