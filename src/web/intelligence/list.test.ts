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
    subjects: [],
  }) as unknown as Report;

describe('the intelligence list, on stub services', () => {
  const listReports = vi.fn(async (_viewer: unknown, _filters: unknown, page = 1) => ({
    reports: [report(51), report(52)],
    total: 120,
    page,
    pages: 3,
  }));
  const web = stubApp({
    intelligence: { listReports },
    people: { viewRefs: async () => ({ labels: new Map(), mask: (t: string) => t }) },
  });

  it('pages the list: the total, the page asked for, and links to newer and older pages with the filters', async () => {
    const analyst = await web.as('security_analyst');
    const res = await analyst.get('/intelligence?status=all&q=phone&page=2');
    expect(res.statusCode).toBe(200);
    expect(listReports).toHaveBeenLastCalledWith(expect.anything(), { status: 'all', q: 'phone' }, 2);
    expect(res.body).toContain('120 reports');
    expect(res.body).toContain('Page 2 of 3');
    expect(res.body).toContain('href="/intelligence?status=all&amp;q=phone&amp;page=1"');
    expect(res.body).toContain('href="/intelligence?status=all&amp;q=phone&amp;page=3"');
  });

  it('refuses a page number that is not a positive whole number', async () => {
    const analyst = await web.as('security_analyst');
    for (const page of ['0', '-1', '1e3', 'two'])
      expect((await analyst.get(`/intelligence?page=${page}`)).statusCode, page).toBe(400);
  });
});
