import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';

describe('the audit trail page, on stub services', () => {
  const searchAudit = vi.fn(async () => ({
    rows: [
      {
        id: '9',
        at: '2026-06-01T08:30:00.000Z',
        actor: 'user:ccu.analyst',
        action: 'case.move',
        subjectType: 'case',
        subjectId: 'CASE-2026-00001',
        purpose: 'Referral triaged',
        details: '{"from":"referral","to":"assessment","decision":null}',
      },
    ],
    total: 1,
  }));
  const web = stubApp({ audit: { searchAudit } });

  it('shows details as words, not JSON, and passes the action filter on as typed', async () => {
    const auditor = await web.as('auditor');
    const res = await auditor.get('/audit?action=move');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('from: referral<br>to: assessment<br>decision: none');
    expect(res.body).not.toContain('{&quot;from&quot;');
    expect(searchAudit).toHaveBeenCalledWith({ action: 'move' }, { limit: 100, offset: 0 }, null);
    expect(web.audits.at(-1)).toMatchObject({ action: 'audit.search', details: { results: 1 } });
  });
});
