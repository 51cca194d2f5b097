/**
 * What a home page reminds a user of: vetting renewals due within 30 days among the staff they may see,
 * declarations awaiting their decision (and those overdue) or due for review, past days' planned searches with no outcome
 * recorded, and their own declarations still pending. Counts only: no one is named, so nothing is audited.
 */
import { can, peopleScope, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { DECISION_DUE_DAYS } from './registers.ts';
import { reminderCounts, type ReminderCounts } from './repo.ts';
import { planScope, scopeCodes } from './search-plans.ts';

export type PreventionReminders = ReminderCounts;

export async function preventionReminders(
  db: Queryable,
  viewer: Principal,
  today = new Date().toISOString().slice(0, 10),
): Promise<PreventionReminders> {
  const staff = peopleScope(viewer).staff;
  const units = staff === 'none' ? undefined : scopeCodes(staff);
  const plans = planScope(viewer);
  return reminderCounts(db, {
    today,
    renewalDays: 30,
    dueDays: DECISION_DUE_DAYS,
    registers: can(viewer, 'prevention.read') ? units : undefined,
    decides: can(viewer, 'declarations.decide') ? units : undefined,
    plans: plans === 'none' ? undefined : scopeCodes(plans),
    exclude: viewer.staffId,
  });
}
