import { describe, expect, it, vi } from 'vitest';
import { chartOf, chartValues, figureIds, tableOf } from '../../../test/figures.ts';
import { stubApp } from '../../../test/stub-services.ts';

const NO_REMINDERS = {
  renewalsDue: undefined,
  awaitingDecision: undefined,
  overdueDecisions: undefined,
  reviewsDue: undefined,
  searchesNotRecorded: undefined,
  ownPending: undefined,
};
import type { Role } from '../../access/index.ts';
import type { OpenStage } from '../../cases/index.ts';

describe('home page charts, on stub services', () => {
  const stage = (stage: OpenStage, open: number, overdue: number) => ({ stage, open, overdue });
  const caseStages = vi.fn(async (viewer: { role: Role }) =>
    viewer.role === 'ccu_manager'
      ? {
          mine: [stage('referral', 1, 0)],
          all: [
            stage('referral', 3, 1),
            stage('assessment', 0, 0),
            stage('investigation', 12, 4),
            stage('outcome', 2, 0),
          ],
        }
      : { mine: [stage('referral', 0, 0), stage('assessment', 2, 2), stage('investigation', 1, 0)] },
  );
  const alertCounts = vi.fn(async () => ({
    byStatus: { needs_review: 14, confirmed: 3, dismissed: 8, resolved: 1 },
    byAge: [9, 4, 1],
  }));
  const gradeCounts = vi.fn(async () => ({
    graded: [
      { evaluation: '1' as const, byAssessment: [2, 0, 0, 0, 0] },
      { evaluation: '2' as const, byAssessment: [0, 3, 1, 0, 0] },
      { evaluation: '3' as const, byAssessment: [0, 0, 0, 0, 1] },
    ],
    ungraded: 6,
  }));
  const awaitingReply = vi.fn(async () => [2, 1, 0]);
  const web = stubApp({
    alerts: { alertCounts, assignedAwaitingReview: async () => 0 },
    cases: { caseStages, caseReminders: async () => undefined },
    prevention: { preventionReminders: async () => NO_REMINDERS },
    intelligence: { gradeCounts },
    portal: { awaitingReply },
  });

  it('shows a CCU manager every open case they can see by stage, past deadline apart, and reporters waiting', async () => {
    const res = await (await web.as('ccu_manager')).get('/');
    expect(figureIds(res.body)).toEqual(['home-cases', 'home-portal']);
    expect(res.body).toContain('Open cases you can see by stage');
    expect(tableOf(res.body, 'home-cases')).toEqual([
      ['Referral', '2', '1', '3'],
      ['Assessment', '0', '0', '0'],
      ['Investigation', '8', '4', '12'],
      ['Outcome', '2', '0', '2'],
    ]);
    // The chart writes each stage's total, as the table's last column does.
    expect(chartValues(chartOf(res.body, 'home-cases'))).toEqual(['3', '0', '12', '2']);
    expect(tableOf(res.body, 'home-portal')).toEqual([
      ['Under a week', '2'],
      ['1 to 4 weeks', '1'],
      ['4 weeks or more', '0'],
    ]);
    expect(chartValues(chartOf(res.body, 'home-portal'))).toEqual(['2', '1', '0']);
    expect(caseStages).toHaveBeenCalledWith(expect.objectContaining({ username: 'ccu.manager' }));
    expect(awaitingReply).toHaveBeenCalledWith(expect.objectContaining({ username: 'ccu.manager' }));
  });

  it('shows an investigator their own open cases by stage', async () => {
    const res = await (await web.as('ccu_investigator')).get('/');
    expect(res.body).toContain('Your open cases by stage');
    expect(tableOf(res.body, 'home-cases')).toEqual([
      ['Referral', '0', '0', '0'],
      ['Assessment', '0', '2', '2'],
      ['Investigation', '1', '0', '1'],
    ]);
    expect(res.body).toContain('href="/cases?view=mine"');
  });

  it('shows an analyst their alert queue by decision and by time waiting, and intelligence by grade', async () => {
    const res = await (await web.as('security_analyst')).get('/');
    expect(figureIds(res.body)).toEqual(['home-alerts-status', 'home-alerts-age', 'home-intelligence']);
    expect(tableOf(res.body, 'home-alerts-status')).toEqual([
      ['Needs review', '14'],
      ['Confirmed', '3'],
      ['Dismissed', '8'],
      ['Resolved', '1'],
    ]);
    expect(chartValues(chartOf(res.body, 'home-alerts-status'))).toEqual(['14', '3', '8', '1']);
    expect(tableOf(res.body, 'home-alerts-age')).toEqual([
      ['Under a week', '9'],
      ['1 to 4 weeks', '4'],
      ['4 weeks or more', '1'],
    ]);
    expect(tableOf(res.body, 'home-intelligence')).toEqual([
      ['A: Known directly to the source', '2', '0', '0', '2'],
      ['B: Known indirectly to the source but corroborated', '0', '3', '0', '3'],
      ['C: Known indirectly to the source', '0', '1', '0', '1'],
      ['D: Not known', '0', '0', '0', '0'],
      ['E: Suspected to be false', '0', '0', '1', '1'],
    ]);
    expect(res.body).toContain('Not graded yet: 6.');
    // Small counts are the analyst's own work, not publications: nothing is withheld.
    expect(res.body).not.toContain('[c]');
    for (const ask of [alertCounts, gradeCounts])
      expect(ask).toHaveBeenCalledWith(expect.objectContaining({ username: 'security.analyst' }));
  });

  it('asks for no counts for a role without work to chart', async () => {
    for (const ask of [caseStages, alertCounts, gradeCounts, awaitingReply]) ask.mockClear();
    for (const role of ['oversight', 'reporter', 'auditor', 'admin'] as const) {
      const res = await (await web.as(role)).get('/');
      expect(res.statusCode).toBe(200);
      expect(figureIds(res.body)).toEqual([]);
    }
    for (const ask of [caseStages, alertCounts, gradeCounts, awaitingReply])
      expect(ask).not.toHaveBeenCalled();
  });
});
