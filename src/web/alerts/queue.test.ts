import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';
import { DispositionError, type QueueItem } from '../../alerts/index.ts';

const items = [1, 2, 3, 4, 5].map(
  (id) =>
    ({
      id,
      establishment: 'XAA',
      status: 'needs_review',
      severity: 'medium',
      score: 10 - id,
      indicators: ['concentration'],
      untriagedDays: id,
      staff: { label: `Staff-K7Q${id}`, masked: true },
      subjectLabel: null,
    }) as unknown as QueueItem,
);

describe('bulk triage of the alert queue, on stub services', () => {
  const disposeAlerts = vi.fn(
    async (_viewer: unknown, ids: readonly number[], status: string, reason: string) => {
      if (status === 'dismissed' && reason.length < 5)
        throw new DispositionError('Say why the alert is dismissed');
      return { decided: [...ids], notFound: [] };
    },
  );
  const alertQueue = vi.fn(async () => ({
    items,
    establishments: ['XAA'],
    counts: { byStatus: { needs_review: 5, confirmed: 0, dismissed: 0, resolved: 0 }, byAge: [5, 0, 0] },
    indicators: ['concentration'],
  }));
  const web = stubApp({
    alerts: {
      alertQueue,
      disposeAlerts,
      alertAssignees: async () => [],
      feedback: async () => [],
      getBudget: async () => 'default',
    },
  });

  it('passes the filters on, shows the counts, and decides five alerts with one decision and one reason', async () => {
    const analyst = await web.as('ccu_analyst');
    const page = await analyst.get('/alerts?severity=medium&indicator=concentration&waiting=7&sort=waiting');
    expect(page.statusCode).toBe(200);
    expect(alertQueue).toHaveBeenLastCalledWith(expect.anything(), {
      status: 'needs_review',
      severity: 'medium',
      indicator: 'concentration',
      waitingDays: 7,
      sort: 'waiting',
    });
    expect(page.body).toContain('Under a week');
    for (const id of [1, 2, 3, 4, 5]) expect(page.body).toContain(`value="AL-${id}"`);
    const res = await analyst.post('/alerts/decide', {
      alerts: ['AL-1', 'AL-2', 'AL-3', 'AL-4', 'AL-5'],
      status: 'dismissed',
      reason: 'Rostered escort duties on the healthcare wing',
      back: '/alerts?severity=medium',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/alerts?severity=medium');
    expect(disposeAlerts).toHaveBeenLastCalledWith(
      expect.anything(),
      [1, 2, 3, 4, 5],
      'dismissed',
      'Rostered escort duties on the healthcare wing',
    );
  });

  it('keeps the selection and the reason when the decision is refused, and never goes back off the queue', async () => {
    const analyst = await web.as('ccu_analyst');
    await analyst.get('/alerts');
    const refused = await analyst.refused('/alerts/decide', {
      alerts: ['AL-2', 'AL-4'],
      status: 'dismissed',
      reason: 'No',
    });
    expect(refused.body).toContain('Say why the alert is dismissed');
    expect(refused.body).toMatch(/value="AL-2" checked/);
    expect(refused.body).not.toMatch(/value="AL-3" checked/);
    const elsewhere = await analyst.post('/alerts/decide', {
      alerts: 'AL-1',
      status: 'confirmed',
      back: 'https://example.org/',
    });
    expect(elsewhere.headers.location).toBe('/alerts');
  });

  it('refuses a filter that is not one of the choices', async () => {
    const analyst = await web.as('ccu_analyst');
    expect((await analyst.get('/alerts?severity=extreme')).statusCode).toBe(400);
    expect((await analyst.get('/alerts?waiting=1e3')).statusCode).toBe(400);
  });
});

describe('the alert queue in pages and as CSV, on stub services', () => {
  const many = Array.from({ length: 120 }, (_, i) => ({ ...items[0]!, id: 1000 + i, score: 200 - i }));
  const alertQueue = vi.fn(async (..._args: unknown[]) => ({
    items: many,
    establishments: ['XAA'],
    counts: { byStatus: { needs_review: 120, confirmed: 0, dismissed: 0, resolved: 0 }, byAge: [120, 0, 0] },
    indicators: ['concentration'],
  }));
  const web = stubApp({
    alerts: {
      alertQueue,
      alertAssignees: async () => [],
      feedback: async () => [],
      getBudget: async () => 'default',
    },
  });

  it('shows 50 alerts a page, links keep the filters, and a decision goes back to the same page', async () => {
    const analyst = await web.as('ccu_analyst');
    const second = await analyst.get('/alerts?severity=medium&page=2');
    expect(second.body).toContain('120 alerts');
    expect(second.body).toContain('value="AL-1050"');
    expect(second.body).not.toContain('value="AL-1049"');
    expect(second.body).not.toContain('value="AL-1100"');
    expect(second.body).toContain('Page 2 of 3');
    expect(second.body).toContain('href="/alerts?severity=medium"');
    expect(second.body).toContain('href="/alerts?severity=medium&amp;page=3"');
    expect(second.body).toContain('name="back" value="/alerts?severity=medium&amp;page=2"');
  });

  it('exports every alert the filters match, asking for them as an export (audited as such)', async () => {
    const analyst = await web.as('ccu_analyst');
    const res = await analyst.get('/alerts.csv?severity=medium');
    expect(res.statusCode).toBe(200);
    expect(alertQueue).toHaveBeenLastCalledWith(
      expect.anything(),
      { status: 'needs_review', severity: 'medium' },
      'export',
    );
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(120);
    expect(rows[0]).toMatchObject({
      alert: 'AL-1000',
      member_of_staff: 'Staff-K7Q1',
      with: 'Staff-level',
      indicators: 'Concentration',
      status: 'Needs review',
      days_waiting: '1',
    });
    expect((await analyst.get('/alerts.csv?severity=extreme')).statusCode).toBe(400);
  });
});
