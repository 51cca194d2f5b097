import { describe, expect, it, vi } from 'vitest';
import { barCount, chartOf, chartTexts, tableOf } from '../../../test/figures.ts';
import { stubApp } from '../../../test/stub-services.ts';
import type { Principal } from '../../access/index.ts';
import { FormError } from '../../form-error.ts';
import { suppressRows, SUPPRESSION_RULE, type StatisticsAsk } from '../../statistics/index.ts';

describe('statistics, on stub services', () => {
  // Two years of figures as the capability publishes them: 2026's 2 investigated withheld, with its rate.
  const figure = (label: string, n: number, rate: number, dismissals: number, convictions: number) => ({
    period: { label, from: `${label}-01-01`, to: `${Number(label) + 1}-01-01` },
    group: 'all',
    averageHeadcount: 400,
    staffInvestigated: n,
    investigatedPer100: rate,
    staffDisciplined: 6,
    dismissals,
    policeReferrals: 0,
    convictions,
  });
  const conductStatistics = vi.fn(async (_viewer: Principal, ask: StatisticsAsk) => {
    if (ask.from === '2024-13-01')
      throw new FormError('from', 'Enter the first day as YYYY-MM-DD (got "2024-13-01")');
    return {
      years: 'calendar' as const,
      by: undefined,
      from: '2025-01-01',
      to: '2026-12-31',
      establishment: undefined,
      periods: [],
      rows: suppressRows([figure('2025', 12, 3, 3, 0), figure('2026', 2, 0.5, 1, 5)]),
      rule: ask.suppress ? SUPPRESSION_RULE : undefined,
      groupLabels: { all: 'All' },
      sources: { imported: 10, probity: 2, pending: 1 },
    };
  });
  const alertStatistics = vi.fn(async () => [
    // March: 3 confirmed, withheld. April: every count published.
    { month: '2026-03', byStatus: [20, 3, 7, 0] },
    { month: '2026-04', byStatus: [9, 6, 5, 10] },
  ]);
  const caseAgeing = vi.fn(async () => [
    { stage: 'referral' as const, byAge: [6, 0, 0, 0, 0] },
    { stage: 'assessment' as const, byAge: [5, 2, 0, 0, 0] },
    { stage: 'investigation' as const, byAge: [0, 8, 11, 0, 1] },
    { stage: 'outcome' as const, byAge: [0, 0, 0, 0, 0] },
  ]);
  const gradeStatistics = vi.fn(async () => ({
    graded: [
      { evaluation: '1' as const, byAssessment: [10, 0, 0, 0, 0] },
      { evaluation: '2' as const, byAssessment: [0, 4, 6, 0, 0] },
      { evaluation: '3' as const, byAssessment: [0, 0, 5, 0, 0] },
    ],
    ungraded: 3,
  }));
  const portalCategories = vi.fn(async () => [
    { category: 'relationship' as const, count: 7 },
    { category: 'trafficking' as const, count: 2 },
    { category: 'information' as const, count: 0 },
    { category: 'money' as const, count: 5 },
    { category: 'abuse' as const, count: 0 },
    { category: 'other' as const, count: 0 },
  ]);
  const web = stubApp({
    cases: { caseAgeing },
    statistics: { conductStatistics },
    alerts: { alertStatistics },
    intelligence: { gradeStatistics },
    portal: { portalCategories },
    estate: {
      recordCounts: async () => [{ table: 'roll_counts', count: 12345 }],
      establishmentsByKind: async () => [{ kind: 'probation_region', count: 2 }],
    },
  });

  it('publishes counts of 1 to 4 as [c], with the rate that would give them back', async () => {
    const oversight = await web.as('oversight');
    const res = await oversight.get('/statistics');
    expect(res.statusCode).toBe(200);
    expect(tableOf(res.body, 'misconduct-trend')).toEqual([
      ['2025', '400', '12', '3.0', '6', '[c]', '0', '0', ''],
      ['2026', '400', '[c]', '[c]', '6', '[c]', '0', '5', '[c]'],
    ]);
    expect(chartTexts(chartOf(res.body, 'misconduct-trend'))).toEqual(
      expect.arrayContaining(['Staff investigated', 'Staff disciplined', '2025', '2026']),
    );
    // Nowhere in the page's text (coordinates aside) is the withheld rate.
    expect(res.body).not.toMatch(/>[^<]*0\.5[^<]*</);
    expect(res.body).toContain('roll counts');
    expect(res.body).toContain('12,345');
    expect(res.body).toContain('probation region');
    expect(conductStatistics.mock.calls[0]![0]).toMatchObject({ username: 'oversight' });
    for (const ask of [alertStatistics, caseAgeing, gradeStatistics, portalCategories])
      expect(ask).toHaveBeenCalledWith(expect.objectContaining({ username: 'oversight' }));
  });

  it('withholds a small count in table and chart, and every total that would give it back', async () => {
    const res = await (await web.as('oversight')).get('/statistics');
    expect(tableOf(res.body, 'alerts-month')).toEqual([
      ['March 2026', '20', '[c]', '7', '0', '[c]'],
      ['April 2026', '9', '6', '5', '10', '30'],
    ]);
    const byMonth = chartOf(res.body, 'alerts-month');
    // March's 3 confirmed is not drawn (nor its total written); April's four parts are.
    expect(barCount(byMonth)).toBe(2 + 4);
    expect(chartTexts(byMonth)).toContain('[c]: Confirmed');
    expect(chartTexts(byMonth)).toContain('30');
    // Confirmed over both months would give March's back: withheld; the other decisions are published.
    expect(tableOf(res.body, 'alerts-status')).toEqual([
      ['Needs review', '29'],
      ['Confirmed', '[c]'],
      ['Dismissed', '12'],
      ['Resolved', '10'],
    ]);
    expect(chartTexts(chartOf(res.body, 'alerts-status'))).toEqual(
      expect.arrayContaining(['Needs review', '29', 'Confirmed', '[c]']),
    );
    expect(barCount(chartOf(res.body, 'alerts-status'))).toBe(3);
    expect(res.body).not.toMatch(/>\s*3\s*</);
  });

  it('charts case ageing, intelligence grades and anonymous reports beside their tables', async () => {
    const res = await (await web.as('ccu_manager')).get('/statistics');
    expect(res.statusCode).toBe(200);
    expect(tableOf(res.body, 'case-ageing')).toEqual([
      ['Referral', '6', '0', '0', '0', '0', '6'],
      ['Assessment', '5', '[c]', '0', '0', '0', '[c]'],
      ['Investigation', '0', '8', '11', '0', '[c]', '[c]'],
      ['Outcome', '0', '0', '0', '0', '0', '0'],
    ]);
    expect(barCount(chartOf(res.body, 'case-ageing'))).toBe(1 + 1 + 2);
    expect(tableOf(res.body, 'intelligence-grades')).toEqual([
      ['A: Known directly to the source', '10', '0', '0', '10'],
      ['B: Known indirectly to the source but corroborated', '0', '[c]', '0', '[c]'],
      ['C: Known indirectly to the source', '0', '6', '5', '11'],
      ['D: Not known', '0', '0', '0', '0'],
      ['E: Suspected to be false', '0', '0', '0', '0'],
    ]);
    expect(res.body).toContain('Not graded yet: [c].');
    expect(tableOf(res.body, 'portal-categories')).toEqual([
      ['A member of staff too close to a prisoner or person on probation', '7'],
      ['Bringing in drugs, phones or other items', '[c]'],
      ['Passing on information', '0'],
      ['Money, gifts or favours', '5'],
      ['Abuse of power or mistreatment', '0'],
      ['Something else', '0'],
    ]);
    const portal = chartOf(res.body, 'portal-categories');
    expect(barCount(portal)).toBe(2);
    expect(portal).toContain('role="img"');
    expect(portal).toContain('<title id="chart-portal-categories-title">');
  });

  it('downloads the figures as CSV, and names a field it cannot use beside it', async () => {
    const manager = await web.as('ccu_manager');
    const csv = await manager.get('/statistics/misconduct.csv?suppress=yes&years=calendar');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n').slice(0, 3)).toEqual([
      'period,allegation,average_headcount,staff_investigated,investigated_per_100,staff_disciplined,dismissals,police_referrals,convictions',
      '2025,all,400,12,3.0,6,[c],0,0',
      '2026,all,400,[c],[c],6,[c],0,5',
    ]);
    expect(conductStatistics).toHaveBeenLastCalledWith(
      expect.objectContaining({ role: 'ccu_manager' }),
      expect.objectContaining({ suppress: true, years: 'calendar' }),
    );
    const bad = await manager.get('/statistics?from=2024-13-01');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('href="#from"');
    expect((await manager.get('/statistics/misconduct.csv?from=2024-13-01')).statusCode).toBe(400);
  });

  it('is not shown to a role without oversight', async () => {
    const analyst = await web.as('security_analyst');
    expect((await analyst.get('/statistics')).statusCode).toBe(403);
  });
});
