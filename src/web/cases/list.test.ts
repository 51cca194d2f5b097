import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stubApp } from '../../../test/stub-services.ts';
import type { CaseSummary, CaseView } from '../../cases/index.ts';

const CASES: CaseSummary[] = Array.from({ length: 120 }, (_, i) => ({
  reference: `CASE-2026-${String(i + 1).padStart(4, '0')}`,
  title: i === 0 ? '=HYPERLINK("x") relationship with a prisoner' : `Case number ${i + 1}`,
  stage: 'investigation',
  priority: 'high',
  owner: 'ccu.investigator',
  team: i % 2 ? 'North' : null,
  stageDueOn: '2026-12-01',
  overdue: i === 1,
  ownershipOverdue: false,
  establishments: ['XAA'],
}));

describe('the case list, on stub services', () => {
  const asked: { view: CaseView; purpose: string | undefined }[] = [];
  const web = stubApp({
    cases: {
      listCases: async (_viewer, view, purpose) => {
        asked.push({ view, purpose });
        return CASES;
      },
    },
  });

  it('shows 50 cases a page with the total, and links to the pages either side keeping the view', async () => {
    const manager = await web.as('ccu_manager');
    const first = await manager.get('/cases?view=all');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('120 cases');
    expect(first.body).toContain('CASE-2026-0050');
    expect(first.body).not.toContain('CASE-2026-0051');
    expect(first.body).toContain('Page 1 of 3');
    expect(first.body).toContain('href="/cases?view=all&amp;page=2"');
    const third = await manager.get('/cases?view=all&page=3');
    expect(third.body).toContain('CASE-2026-0120');
    expect(third.body).not.toContain('CASE-2026-0100');
    expect(third.body).toContain('href="/cases?view=all&amp;page=2"');
    expect(third.body).not.toContain('rel="next"');
    expect(asked.at(-1)).toEqual({ view: 'all', purpose: undefined });
  });

  it('refuses a page or a view that is not one, naming it', async () => {
    const manager = await web.as('ccu_manager');
    for (const url of ['/cases?page=0', '/cases?page=1e3', '/cases?view=everything', '/cases.csv?view=x']) {
      const res = await manager.get(url);
      expect(res.statusCode, url).toBe(400);
    }
    expect((await manager.get('/cases?view=everything')).body).toContain('view must be one of');
  });

  it('exports every case of the view as CSV, asking for it as an export (audited as such)', async () => {
    const manager = await web.as('ccu_manager');
    const res = await manager.get('/cases.csv?view=open');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-open.csv"');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(120);
    expect(rows[1]).toMatchObject({
      reference: 'CASE-2026-0002',
      stage: 'Investigation',
      stage_overdue: 'yes',
    });
    // A title that would run as a spreadsheet formula is defused.
    expect(rows[0]?.title?.startsWith("'=")).toBe(true);
    expect(asked.at(-1)).toEqual({ view: 'open', purpose: 'export' });
    expect((await manager.get('/cases')).body).toContain('href="/cases.csv?view=open"');
  });
});
