import { describe, expect, it } from 'vitest';
import { stubApp } from '../../../test/stub-services.ts';

const counts = (n: Partial<Record<string, number>>) => ({
  open: 0,
  pastDeadline: 0,
  dueSoon: 0,
  ownershipUnconfirmed: 0,
  actionsOverdue: 0,
  inactive: 0,
  needAttention: 0,
  ...n,
});

describe('home pages, on stub services', () => {
  const web = stubApp({
    alerts: {
      assignedAwaitingReview: async (viewer) => (viewer.role === 'security_analyst' ? 1 : 3),
      // The charts are checked in figures.test.ts.
      alertCounts: async () => undefined,
    },
    intelligence: { gradeCounts: async () => undefined },
    portal: { awaitingReply: async () => undefined },
    prevention: {
      preventionReminders: async (viewer) =>
        viewer.role === 'security_analyst'
          ? {
              renewalsDue: 2,
              awaitingDecision: 3,
              overdueDecisions: 1,
              reviewsDue: 2,
              searchesNotRecorded: 4,
              ownPending: undefined,
            }
          : {
              renewalsDue: undefined,
              awaitingDecision: undefined,
              overdueDecisions: undefined,
              reviewsDue: undefined,
              searchesNotRecorded: undefined,
              ownPending: 1,
            },
    },
    cases: {
      caseStages: async () => undefined,
      caseReminders: async (viewer) =>
        viewer.role === 'ccu_manager'
          ? {
              mine: counts({ open: 1 }),
              all: counts({ open: 9, pastDeadline: 2, inactive: 3, needAttention: 2 }),
            }
          : viewer.role === 'ccu_investigator'
            ? { mine: counts({ open: 4, dueSoon: 1, actionsOverdue: 2 }) }
            : undefined,
    },
  });

  const row = (body: string, card: string, key: string) => {
    const section = body.slice(body.indexOf(`data-testid="${card}"`));
    const at = section.indexOf(`>${key}</dt>`);
    return /<dd[^>]*>(?:<strong[^>]*>)?(\d+)/.exec(section.slice(at))![1];
  };

  it('counts an owner’s cases that need them, with a link to the list', async () => {
    const res = await (await web.as('ccu_investigator')).get('/');
    expect(row(res.body, 'reminders-mine', 'Stage deadline within 5 working days')).toBe('1');
    expect(row(res.body, 'reminders-mine', 'With actions overdue')).toBe('2');
    expect(res.body).toContain('href="/cases?view=mine"');
    expect(res.body).not.toContain('reminders-all');
  });

  it('shows a manager every open case they can see as well as their own', async () => {
    const res = await (await web.as('ccu_manager')).get('/');
    expect(row(res.body, 'reminders-all', 'Past a stage deadline')).toBe('2');
    expect(row(res.body, 'reminders-all', 'Nothing done for 15 working days')).toBe('3');
    expect(res.body).toContain('2 cases need attention');
  });

  it('shows no reminders to a role without cases', async () => {
    const res = await (await web.as('oversight')).get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('reminders-');
    expect(res.body).not.toContain('my-alerts');
  });

  it('tells an analyst how many alerts assigned to them await review, linking to them', async () => {
    const one = await (await web.as('security_analyst')).get('/');
    expect(one.body).toContain(
      '<a class="govuk-link" href="/alerts?assignee=me">1 alert assigned to you awaits review</a>',
    );
    const three = await (await web.as('ccu_investigator')).get('/');
    expect(three.body).toContain('3 alerts assigned to you await review');
  });

  it('reminds of vetting renewals, declarations to decide, unrecorded searches and one’s own pending declarations', async () => {
    const analyst = await (await web.as('security_analyst')).get('/');
    const list = analyst.body.slice(analyst.body.indexOf('data-testid="prevention-reminders"'));
    expect(list).toContain('2 vetting renewals due within 30 days');
    expect(list).toContain('3 declarations awaiting a decision, 1 overdue');
    expect(list).toContain('4 planned searches of past days with no outcome recorded');
    expect(list).toContain('2 decided declarations due for review');
    expect(list).not.toContain('of your declarations');
    const reporter = await (await web.as('reporter')).get('/');
    expect(reporter.body).toContain('1 of your declarations awaits a decision');
    expect(reporter.body).not.toContain('vetting renewal');
  });
});
