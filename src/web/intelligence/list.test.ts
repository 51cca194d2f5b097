import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';
import type { Report } from '../../intelligence/index.ts';

const report = (n: number): Report =>
  ({
    id: `IR-${String(n).padStart(4, '0')}`,
    establishment: 'XAA',
    submittedAt: new Date('2026-06-01T09:00:00Z'),
    status: 'new',
    text: `Report ${n}`,
    subjects: n === 7 ? ['staff:S1001'] : [],
    sourceEvaluation: n === 7 ? '2' : null,
    assessment: n === 7 ? 'B' : null,
    handlingCode: n === 7 ? 'P' : null,
    handlingConditions: null,
  }) as unknown as Report;

describe('the intelligence list, on stub services', () => {
  const listReports = vi.fn(async (_viewer: unknown, _filters: unknown, page = 1) => ({
    reports: [report(51), report(52)],
    total: 120,
    page,
    pages: 3,
  }));
  let exported: Report[] | undefined = [report(7), report(8)];
  const exportReports = vi.fn(async () => exported);
  const web = stubApp({
    intelligence: { listReports, exportReports },
    people: {
      // Staff S1001 is masked for this viewer: their pseudonym stands in for their identifier in text too.
      viewRefs: async () => ({
        labels: new Map([['staff:S1001', { label: 'Staff-K7Q2', masked: true, kind: 'staff' }]]),
        mask: (t: string) => t.replaceAll('S1001', 'Staff-K7Q2'),
      }),
    } as never,
  });

  it('pages the list: the total, the page asked for, and links to newer and older pages with the filters', async () => {
    const analyst = await web.as('security_analyst');
    const res = await analyst.get('/intelligence?status=all&q=phone&page=2');
    expect(res.statusCode).toBe(200);
    expect(listReports).toHaveBeenLastCalledWith(expect.anything(), { status: 'all', q: 'phone' }, 2);
    expect(res.body).toContain('120 reports');
    expect(res.body).toContain('Page 2 of 3');
    expect(res.body).toContain('href="/intelligence?status=all&amp;q=phone"');
    expect(res.body).toContain('href="/intelligence?status=all&amp;q=phone&amp;page=3"');
  });

  it('refuses a page number that is not a positive whole number', async () => {
    const analyst = await web.as('security_analyst');
    for (const page of ['0', '-1', '1e3', 'two'])
      expect((await analyst.get(`/intelligence?page=${page}`)).statusCode, page).toBe(400);
  });

  it('exports every report the filters match as CSV, with names as the list shows them', async () => {
    const analyst = await web.as('security_analyst');
    const list = await analyst.get('/intelligence?status=all&q=phone');
    expect(list.body).toContain('href="/intelligence.csv?status=all&amp;q=phone"');
    const res = await analyst.get('/intelligence.csv?status=all&q=phone');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="intelligence-all.csv"');
    expect(exportReports).toHaveBeenLastCalledWith(expect.anything(), { status: 'all', q: 'phone' });
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.reference)).toEqual(['IR-0007', 'IR-0008']);
    expect(rows[0]).toMatchObject({ grading: '2BP', subjects: 'Staff-K7Q2', submitted: '1 Jun 2026, 10:00' });
    expect(res.body).not.toContain('S1001');
  });

  it('refuses an export larger than the limit, saying to narrow it', async () => {
    const analyst = await web.as('security_analyst');
    exported = undefined;
    const res = await analyst.get('/intelligence.csv?status=all');
    exported = [];
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('narrow the list before exporting it');
  });
});
