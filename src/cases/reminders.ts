/**
 * The reminders on an owner's and a manager's home page: how many open cases are past a stage
 * deadline or near one, wait for their owner to confirm ownership, have actions overdue, or have seen
 * nothing done for a while. Counts only, so the page names no one and needs no audit entry.
 */
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { addWorkingDays, londonDay } from '../time/index.ts';
import { OWNERSHIP_WORKING_DAYS } from './lifecycle.ts';
import { openCaseFacts, type OpenCaseFacts } from './reminders-repo.ts';
import { caseScope } from './scope.ts';

/** Working days before a stage deadline at which a case counts as due soon. */
export const DUE_SOON_WORKING_DAYS = 5;
/** Working days without a decision, entry or exhibit after which an open case counts as inactive. */
export const INACTIVE_WORKING_DAYS = 15;

export interface ReminderCounts {
  open: number;
  pastDeadline: number;
  dueSoon: number;
  ownershipUnconfirmed: number;
  actionsOverdue: number;
  inactive: number;
  /** Past a stage deadline or awaiting ownership (either or both): the manager's banner. */
  needAttention: number;
}

/** Counts the reminders over a set of open cases on `today` (pure, so the rules are tested alone). */
export function countReminders(cases: readonly OpenCaseFacts[], today: string): ReminderCounts {
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const counts: ReminderCounts = {
    open: cases.length,
    pastDeadline: 0,
    dueSoon: 0,
    ownershipUnconfirmed: 0,
    actionsOverdue: 0,
    inactive: 0,
    needAttention: 0,
  };
  for (const c of cases) {
    const late = c.stageDueOn < today;
    const unconfirmed = !c.ownerConfirmed && addWorkingDays(c.openedOn, OWNERSHIP_WORKING_DAYS) < today;
    if (late) counts.pastDeadline++;
    else if (c.stageDueOn <= soon) counts.dueSoon++;
    if (unconfirmed) counts.ownershipUnconfirmed++;
    if (late || unconfirmed) counts.needAttention++;
    if (c.overdueActions > 0) counts.actionsOverdue++;
    if (addWorkingDays(c.lastActivityOn, INACTIVE_WORKING_DAYS) < today) counts.inactive++;
  }
  return counts;
}

/**
 * The viewer's reminders: over the open cases they own, and for a CCU manager over every open case
 * they may see as well. Undefined for a role that sees no cases.
 */
export async function caseReminders(
  db: Database,
  viewer: Principal,
  now = new Date(),
): Promise<{ mine: ReminderCounts; all?: ReminderCounts } | undefined> {
  const scope = caseScope(viewer);
  if (!scope) return undefined;
  const today = londonDay(now);
  const cases = await openCaseFacts(db, scope, today);
  const mine = countReminders(
    cases.filter((c) => c.owner === viewer.username),
    today,
  );
  return viewer.role === 'ccu_manager' ? { mine, all: countReminders(cases, today) } : { mine };
}
