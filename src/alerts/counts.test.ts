/**
 * The alert charts count exactly what the viewer's queue lists (its establishments, never an alert
 * about themselves); statistics count every establishment for oversight, by UK month first raised.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, usernameOf } from '../../test/web.ts';
import { findUser, type Role, type User } from '../access/index.ts';
import { alertCounts, alertQueue, alertStatistics } from './index.ts';

const DAY = 86_400_000;

describe.each(backends)('alert counts on $name', (backend) => {
  // The CCU analyst is S1002 and oversight's member is S1003: neither counts an alert about themselves.
  const fixture = fixtureDatabase(backend, {
    ccu_analyst: { staffId: 'S1002' },
    oversight: { staffId: 'S1003' },
  });
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY - 3_600_000);
  const user = (role: Role) => findUser(fixture.db, usernameOf(role)) as Promise<User>;

  const alerts = [
    // At the prison XAA.
    { unit: 'XAA', staff: 'S1001', status: 'needs_review', raisedAt: ago(2) },
    { unit: 'XAA', staff: 'S1002', status: 'needs_review', raisedAt: ago(10) },
    { unit: 'XAA', staff: 'S1003', status: 'confirmed', raisedAt: ago(40) },
    { unit: 'XAA', staff: 'P2001', status: 'dismissed', raisedAt: ago(3) },
    // At the probation region XPR.
    { unit: 'XPR', staff: 'P2001', status: 'needs_review', raisedAt: ago(30) },
    { unit: 'XPR', staff: 'S1001', status: 'resolved', raisedAt: ago(1) },
    // Raised once, no longer in the queue: a statistic, not work.
    { unit: 'XPR', staff: 'S1002', status: 'needs_review', raisedAt: ago(5), raised: false },
    // Raised over a year ago and since lowered: outside the statistics' twelve months.
    { unit: 'XPR', staff: 'S1003', status: 'confirmed', raisedAt: ago(400), raised: false },
  ];

  beforeAll(async () => {
    const db = fixture.db;
    for (const unit of ['XAA', 'XPR']) {
      await db.query(
        `INSERT INTO detection_runs (establishment, window_from, window_to, config_version, budget, actor, started_at,
           finished_at, candidates, raised)
         VALUES ($1, now() - interval '60 days', now(), 'test', 'medium', 'test', now(), now(), 0, 0)`,
        [unit],
      );
    }
    const insert = `INSERT INTO alerts (method, establishment, staff_id, rank, score, severity, indicators, summary,
        explanation, config_version, run_id, raised, status, disposition_reason, first_raised_at, updated_at)
      SELECT $1, $2, $3, 1, 10, 'medium', '{concentration}', 'Synthetic', '{}'::jsonb, 'test',
        (SELECT max(id) FROM detection_runs WHERE establishment = $2), $4, $5, 'Synthetic reason', $6, now()`;
    for (const a of alerts)
      await db.query(insert, ['engine', a.unit, a.staff, a.raised ?? true, a.status, a.raisedAt]);
    // The baseline's ranking is kept for comparison only: never counted.
    await db.query(insert, ['baseline', 'XAA', 'S1001', true, 'needs_review', ago(2)]);
  });

  it('counts a security analyst’s establishment only, as their queue does', async () => {
    const analyst = await user('security_analyst');
    const counts = await alertCounts(fixture.db, analyst);
    expect(counts).toEqual({
      byStatus: { needs_review: 2, confirmed: 1, dismissed: 1, resolved: 0 },
      byAge: [1, 1, 0],
    });
    expect(counts).toEqual((await alertQueue(fixture.db, analyst, {})).counts);
  });

  it('counts a probation manager’s region only, as their queue does', async () => {
    const manager = await user('probation_manager');
    const counts = await alertCounts(fixture.db, manager);
    expect(counts).toEqual({
      byStatus: { needs_review: 1, confirmed: 0, dismissed: 0, resolved: 1 },
      byAge: [0, 0, 1],
    });
    expect(counts).toEqual((await alertQueue(fixture.db, manager, {})).counts);
  });

  it('counts every establishment for the CCU, but never an alert about the viewer', async () => {
    const analyst = await user('ccu_analyst');
    const counts = await alertCounts(fixture.db, analyst);
    expect(counts).toEqual({
      byStatus: { needs_review: 2, confirmed: 1, dismissed: 1, resolved: 1 },
      byAge: [1, 0, 1],
    });
    expect(counts).toEqual((await alertQueue(fixture.db, analyst, {})).counts);
  });

  it('counts nothing for a role without a queue', async () => {
    expect(await alertCounts(fixture.db, await user('oversight'))).toBeUndefined();
    expect(await alertCounts(fixture.db, await user('reporter'))).toBeUndefined();
  });

  it('gives oversight every establishment’s alerts of the last twelve months by UK month and decision', async () => {
    const month = (d: Date) =>
      d.toLocaleDateString('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
    const statuses = ['needs_review', 'confirmed', 'dismissed', 'resolved'];
    const expected = new Map<string, number[]>();
    const aboutOthersThisYear = alerts.filter(
      (a) => a.staff !== 'S1003' && now.getTime() - a.raisedAt.getTime() < 300 * DAY,
    );
    for (const a of aboutOthersThisYear) {
      const counts = expected.get(month(a.raisedAt)) ?? [0, 0, 0, 0];
      counts[statuses.indexOf(a.status)]!++;
      expected.set(month(a.raisedAt), counts);
    }
    const stats = await alertStatistics(fixture.db, await user('oversight'), now);
    expect(stats).toEqual(
      [...expected].sort(([a], [b]) => a.localeCompare(b)).map(([m, byStatus]) => ({ month: m, byStatus })),
    );
    // Six alerts within the year, less the one about oversight's own member of staff.
    expect(stats.flatMap((s) => s.byStatus).reduce((a, b) => a + b)).toBe(6);
  });

  it('gives statistics only to a role that may see them', async () => {
    expect(await alertStatistics(fixture.db, await user('security_analyst'))).toEqual([]);
    const manager = await alertStatistics(fixture.db, await user('ccu_manager'));
    expect(manager.flatMap((s) => s.byStatus).reduce((a, b) => a + b)).toBe(7);
  });
});
