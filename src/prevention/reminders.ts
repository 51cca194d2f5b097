/**
 * What a home page reminds a user of: vetting renewals due within 30 days among the staff they may see,
 * declarations awaiting their decision (and those overdue) or due for review, past days' planned searches with no outcome
 * recorded, and their own declarations still pending. Counts only: no one is named, so nothing is audited.
 */
import { can, peopleScope, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { DECISION_DUE_DAYS } from './registers.ts';
import { reminderCounts } from './repo.ts';

export interface PreventionReminders {
  renewalsDue: number | undefined;
  awaitingDecision: number | undefined;
  overdueDecisions: number | undefined;
  /** Decided declarations whose review date has come. */
  reviewsDue: number | undefined;
  searchesNotRecorded: number | undefined;
  ownPending: number | undefined;
}

export async function preventionReminders(
  db: Queryable,
  viewer: Principal,
  today = new Date().toISOString().slice(0, 10),
): Promise<PreventionReminders> {
  const staff = peopleScope(viewer).staff;
  const counts = await reminderCounts(db, {
    today,
    renewalDays: 30,
    dueDays: DECISION_DUE_DAYS,
    registers:
      can(viewer, 'prevention.read') && staff !== 'none' ? (staff === 'all' ? null : [...staff]) : undefined,
    decides:
      can(viewer, 'declarations.decide') && staff !== 'none'
        ? staff === 'all'
          ? null
          : [...staff]
        : undefined,
    plans: can(viewer, 'searches.plan')
      ? viewer.role === 'ccu_manager'
        ? null
        : [...viewer.establishments]
      : undefined,
    exclude: viewer.staffId,
  });
  return counts;
}
