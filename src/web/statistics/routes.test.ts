import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';

describe('statistics, on stub services', () => {
  const investigationRates = vi.fn(async () => [
    { year: 2025, staffInvestigated: 12, staff: 400, per100: 3, dismissals: 3, convictions: 0 },
    { year: 2026, staffInvestigated: 2, staff: 400, per100: 0.5, dismissals: 1, convictions: 5 },
  ]);
  const web = stubApp({
    cases: { investigationRates },
    estate: {
      recordCounts: async () => [{ table: 'roll_counts', count: 12345 }],
      establishmentsByKind: async () => [{ kind: 'probation_region', count: 2 }],
    },
  });

  it('publishes counts of 1 to 4 as [c], with the rate that would give them back', async () => {
    const oversight = await web.as('oversight');
    const res = await oversight.get('/statistics');
    expect(res.statusCode).toBe(200);
    const cells = [...res.body.matchAll(/<td class="govuk-table__cell[^"]*">([^<]*)<\/td>/g)].map((m) =>
      m[1]!.trim(),
    );
    // 2025: 12 investigated, 3.0 per 100, 3 dismissals suppressed, no convictions shown as 0.
    expect(cells).toEqual(expect.arrayContaining(['12', '3.0', '[c]', '0']));
    // 2026: 2 investigated and its rate suppressed; 5 convictions published.
    expect(cells).toEqual(expect.arrayContaining(['[c]', '5']));
    expect(cells).not.toContain('0.5');
    expect(res.body).toContain('roll counts');
    expect(res.body).toContain('12,345');
    expect(res.body).toContain('probation region');
    expect(investigationRates).toHaveBeenCalledWith(expect.objectContaining({ username: 'oversight' }));
  });

  it('is not shown to a role without oversight', async () => {
    const analyst = await web.as('security_analyst');
    expect((await analyst.get('/statistics')).statusCode).toBe(403);
  });
});
