import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';
import type { Principal } from '../../access/index.ts';
import type { AlertDetail, Assignment, QueueItem } from '../../alerts/index.ts';
import { FormError } from '../../form-error.ts';

const assigned = (username: string, displayName: string): Assignment => ({
  username,
  displayName,
  by: 'ccu.manager',
  byName: 'Test ccu_manager',
  at: new Date('2026-01-06T10:30:00Z'),
});

const item = (id: number, assignment: Assignment | null) =>
  ({
    id,
    establishment: 'XAA',
    status: 'needs_review',
    severity: 'medium',
    score: 10 - id,
    rank: id,
    indicators: ['concentration'],
    untriagedDays: id,
    staff: { label: `Staff-K7Q${id}`, masked: true, href: `/people/staff/Staff-K7Q${id}` },
    subjectLabel: null,
    assignment,
  }) as unknown as QueueItem;

const items = [
  item(1, assigned('ccu.analyst', 'Test ccu_analyst')),
  item(2, assigned('security.analyst', 'Test security_analyst')),
  item(3, null),
];

const detail = (assignment: Assignment | null) =>
  ({
    ...item(7, assignment),
    reasons: [],
    legitimate: [],
    pairs: [],
    configVersion: 'test-1',
    dispositionReason: null,
    disposedBy: null,
    disposedAt: null,
    window: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-29T00:00:00Z') },
  }) as unknown as AlertDetail;

const OFFERED = [
  { username: 'ccu.analyst', displayName: 'Test ccu_analyst' },
  { username: 'security.analyst', displayName: 'Test security_analyst' },
];

const QUIET_QUEUE = { feedback: async () => [], getBudget: async () => 'default' as const };

/** Refuses the probation manager, out of scope, as the capability would. */
const refuseOutOfScope = (assignee: string | null, id: number) => {
  if (assignee === 'probation.manager')
    throw new FormError(
      'assignee',
      `Test probation_manager cannot be assigned AL-${id}: they may not see alerts of XAA`,
    );
};

describe('assigning alerts in the queue, on stub services', () => {
  const alertQueue = vi.fn(async (..._args: unknown[]) => ({
    items,
    establishments: ['XAA'],
    counts: { byStatus: { needs_review: 3, confirmed: 0, dismissed: 0, resolved: 0 }, byAge: [3, 0, 0] },
    indicators: ['concentration'],
  }));
  const alertAssignees = vi.fn(async (..._args: unknown[]) => OFFERED);
  const assignAlerts = vi.fn(async (_viewer: Principal, ids: readonly number[], assignee: string | null) => {
    refuseOutOfScope(assignee, ids[0]!);
    return { changed: [...ids], notFound: [] };
  });
  // The queue page also shows the indicators' feedback and the budgets: none here.
  const web = stubApp({ alerts: { ...QUIET_QUEUE, alertQueue, alertAssignees, assignAlerts } });

  it('shows who each alert is assigned to, and filters by anyone, me, nobody or a named user', async () => {
    const analyst = await web.as('ccu_analyst');
    const page = await analyst.get('/alerts?assignee=me&severity=medium');
    expect(page.statusCode).toBe(200);
    expect(alertQueue).toHaveBeenLastCalledWith(expect.anything(), {
      status: 'needs_review',
      severity: 'medium',
      assignee: 'ccu.analyst',
    });
    expect(page.body).toMatch(/data-testid="assigned-1">You</);
    expect(page.body).toMatch(/data-testid="assigned-2">Test security_analyst</);
    expect(page.body).toMatch(/data-testid="assigned-3"><span class="govuk-hint[^"]*">Nobody yet/);
    expect(page.body).toMatch(/<option value="me" selected>Me<\/option>/);
    // The filter is kept by the page's links: the bulk forms come back to it, the export exports it.
    expect(page.body).toContain('name="back" value="/alerts?severity=medium&amp;assignee=me"');
    expect(page.body).toContain('href="/alerts.csv?severity=medium&amp;assignee=me"');

    await analyst.get('/alerts?assignee=unassigned');
    expect(alertQueue).toHaveBeenLastCalledWith(expect.anything(), {
      status: 'needs_review',
      assignee: null,
    });
    await analyst.get('/alerts?assignee=security.analyst');
    expect(alertQueue).toHaveBeenLastCalledWith(expect.anything(), {
      status: 'needs_review',
      assignee: 'security.analyst',
    });
    await analyst.get('/alerts?assignee=anyone');
    expect(alertQueue).toHaveBeenLastCalledWith(expect.anything(), { status: 'needs_review' });
    const bad = await analyst.get('/alerts?assignee=Not%20A%20User');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Filter by assignee with anyone, me, unassigned or a username');
  });

  it('exports who each alert is assigned to', async () => {
    const analyst = await web.as('ccu_analyst');
    const res = await analyst.get('/alerts.csv?assignee=unassigned');
    expect(alertQueue).toHaveBeenLastCalledWith(
      expect.anything(),
      { status: 'needs_review', assignee: null },
      'export',
    );
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.assigned_to)).toEqual([
      'Test ccu_analyst (ccu.analyst)',
      'Test security_analyst (security.analyst)',
      '',
    ]);
  });

  it('lets an analyst assign the selected alerts to themself only, and a manager to anyone offered', async () => {
    const analyst = await web.as('security_analyst');
    const own = await analyst.get('/alerts');
    expect(own.body).toContain('Assign the selected alerts to me');
    expect(own.body).not.toContain('id="bulk-assignee"');
    const taken = await analyst.post('/alerts/assign', {
      alerts: ['AL-1', 'AL-3'],
      take: 'me',
      assignee: 'ccu.analyst',
      back: '/alerts?assignee=unassigned',
    });
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe('/alerts?assignee=unassigned');
    expect(assignAlerts).toHaveBeenLastCalledWith(expect.anything(), [1, 3], 'security.analyst');

    const manager = await web.as('ccu_manager');
    const page = await manager.get('/alerts');
    expect(page.body).toContain('id="bulk-assignee"');
    expect(page.body).toContain(
      '<option value="security.analyst">Test security_analyst (security.analyst)</option>',
    );
    expect(page.body).toContain('formaction="/alerts/assign"');
    await manager.post('/alerts/assign', { alerts: 'AL-2', assignee: 'security.analyst' });
    expect(assignAlerts).toHaveBeenLastCalledWith(expect.anything(), [2], 'security.analyst');
    await manager.post('/alerts/assign', { alerts: ['AL-1', 'AL-2'], assignee: 'unassigned' });
    expect(assignAlerts).toHaveBeenLastCalledWith(expect.anything(), [1, 2], null);
  });

  it('keeps the selection and the choice when an assignment is refused, saying why', async () => {
    const manager = await web.as('ccu_manager');
    await manager.get('/alerts');
    const refused = await manager.refused('/alerts/assign', {
      alerts: ['AL-2', 'AL-3'],
      assignee: 'probation.manager',
      back: '/alerts?severity=medium',
    });
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain(
      '<a href="#bulk-assignee">Test probation_manager cannot be assigned AL-2: they may not see alerts of XAA</a>',
    );
    expect(refused.body).toMatch(/value="AL-2" checked/);
    expect(refused.body).toMatch(/value="AL-3" checked/);
    expect(refused.body).not.toMatch(/value="AL-1" checked/);
    // The queue shown again is the one the form came from.
    expect(alertQueue).toHaveBeenLastCalledWith(expect.anything(), {
      status: 'needs_review',
      severity: 'medium',
    });
  });
});

describe('assigning an alert from its page, on stub services', () => {
  let current: Assignment | null = null;
  const viewAlert = vi.fn(async (_viewer: Principal, id: number) => (id === 7 ? detail(current) : undefined));
  const alertAssignees = vi.fn(async (..._args: unknown[]) => OFFERED);
  const assignAlert = vi.fn(async (_viewer: Principal, id: number, assignee: string | null) => {
    refuseOutOfScope(assignee, id);
    return id === 7;
  });
  const web = stubApp({
    alerts: { viewAlert, alertAssignees, assignAlert },
    cases: { caseOpenedFromAlert: async () => undefined },
  });

  it('shows a manager who it is assigned to and offers only those who may see it', async () => {
    current = assigned('ccu.analyst', 'Test ccu_analyst');
    const manager = await web.as('ccu_manager');
    const page = await manager.get('/alerts/AL-7');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Test ccu_analyst (ccu.analyst), by Test ccu_manager on');
    expect(alertAssignees).toHaveBeenLastCalledWith(expect.anything(), 7);
    expect(page.body).toContain(
      '<option value="ccu.analyst" selected>Test ccu_analyst (ccu.analyst)</option>',
    );
    expect(page.body).toContain('<option value="unassigned">Nobody: unassign it</option>');
    expect(page.body).toContain('Assign to me');
  });

  it('lets an analyst take an unassigned alert, give back their own, and not touch another’s', async () => {
    const analyst = await web.as('ccu_analyst');
    current = null;
    const free = await analyst.get('/alerts/AL-7');
    expect(free.body).toContain('Nobody yet');
    expect(free.body).toContain('Assign to me');
    expect(free.body).not.toContain('id="assignee"');
    const took = await analyst.post('/alerts/AL-7/assign', { assignee: 'me' });
    expect(took.statusCode).toBe(303);
    expect(took.headers.location).toBe('/alerts/AL-7');
    expect(assignAlert).toHaveBeenLastCalledWith(expect.anything(), 7, 'ccu.analyst');

    current = assigned('ccu.analyst', 'Test ccu_analyst');
    const mine = await analyst.get('/alerts/AL-7');
    expect(mine.body).toContain('Unassign me');
    expect(mine.body).not.toContain('Assign to me');
    await analyst.post('/alerts/AL-7/assign', { assignee: 'unassigned' });
    expect(assignAlert).toHaveBeenLastCalledWith(expect.anything(), 7, null);

    current = assigned('security.analyst', 'Test security_analyst');
    const theirs = await analyst.get('/alerts/AL-7');
    expect(theirs.body).toContain('A counter-corruption manager can reassign it.');
    expect(theirs.body).not.toContain('Assign to me');
  });

  it('answers a refusal with the page and the reason, and an alert it cannot see with 404', async () => {
    current = null;
    const manager = await web.as('ccu_manager');
    await manager.get('/alerts/AL-7');
    const refused = await manager.refused('/alerts/AL-7/assign', { assignee: 'probation.manager' });
    expect(refused.body).toContain(
      '<a href="#assignee">Test probation_manager cannot be assigned AL-7: they may not see alerts of XAA</a>',
    );
    expect((await manager.post('/alerts/AL-8/assign', { assignee: 'me' })).statusCode).toBe(404);
    expect((await manager.post('/alerts/nonsense/assign', { assignee: 'me' })).statusCode).toBe(404);
  });
});
