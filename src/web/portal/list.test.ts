import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';

const reports = Array.from({ length: 60 }, (_, i) => ({
  reference: `PR-${String(i + 1).padStart(4, '0')}`,
  category: 'relationship',
  status: 'new',
  receivedOn: '2026-11-02',
  messages: 1 + (i % 3),
  unanswered: i === 0,
}));

describe('the anonymous reports queue in pages and as CSV, on stub services', () => {
  const portalQueue = vi.fn(async (..._args: unknown[]) => reports);
  const web = stubApp({ portal: { portalQueue } });

  it('shows 50 reports a page with the total and links that keep the status', async () => {
    const analyst = await web.as('ccu_analyst');
    const first = await analyst.get('/portal-reports?status=all');
    expect(first.body).toContain('60 reports');
    expect(first.body).toContain('PR-0050');
    expect(first.body).not.toContain('PR-0051');
    expect(first.body).toContain('href="/portal-reports?status=all&amp;page=2"');
    const second = await analyst.get('/portal-reports?status=all&page=2');
    expect(second.body).toContain('PR-0060');
    expect(second.body).not.toContain('PR-0050<');
    expect(portalQueue).toHaveBeenLastCalledWith(expect.anything(), 'all');
    expect((await analyst.get('/portal-reports?page=x')).statusCode).toBe(400);
  });

  it('exports the whole queue as CSV, asked for as an export (audited as such)', async () => {
    const analyst = await web.as('ccu_analyst');
    const res = await analyst.get('/portal-reports.csv?status=all');
    expect(res.statusCode).toBe(200);
    expect(portalQueue).toHaveBeenLastCalledWith(expect.anything(), 'all', 'export');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(60);
    expect(rows[0]).toMatchObject({ reference: 'PR-0001', status: 'New', new_from_reporter: 'yes' });
    const refused = await analyst.get('/portal-reports.csv?status=lost');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('status must be one of');
  });
});
