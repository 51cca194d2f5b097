/**
 * The case lifecycle as data: which stage may follow which, what each move needs, and the working-day
 * deadline of each stage. Pure functions, so the rules are tested on their own.
 */
import type { Role } from '../access/index.ts';

export const STAGES = ['referral', 'assessment', 'investigation', 'outcome', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const DECISIONS = [
  'no_further_action',
  'local_management',
  'ccu_investigation',
  'police_referral',
] as const;
export type AssessmentDecision = (typeof DECISIONS)[number];

/** Working days allowed in each stage (closed has none). */
export const STAGE_WORKING_DAYS: Record<Exclude<Stage, 'closed'>, number> = {
  referral: 5,
  assessment: 10,
  investigation: 60,
  outcome: 20,
};

/** Working days the owner has to confirm ownership before the manager is alerted. */
export const OWNERSHIP_WORKING_DAYS = 2;

/** The stages a case may move to from each stage (closed: reopened to assessment). */
export const NEXT_STAGES: Record<Stage, readonly Stage[]> = {
  referral: ['assessment'],
  assessment: ['investigation', 'outcome'],
  investigation: ['outcome'],
  outcome: ['closed'],
  closed: ['assessment'],
};

export interface Move {
  from: Stage;
  to: Stage;
  decision?: AssessmentDecision;
  reason: string;
  role: Role;
}

export class LifecycleError extends Error {}

/**
 * Checks a move and returns nothing, or throws LifecycleError saying why it is refused. Forward moves
 * follow the stages; an assessment decision of no further action or local management goes straight to
 * outcome; only a CCU manager closes; reopening a closed case (to assessment) needs a reason, as every
 * move does.
 */
export function checkMove(m: Move): void {
  if (m.reason.trim().length < 5) throw new LifecycleError('Give the reason for this decision');
  if (m.to === 'closed' && m.role !== 'ccu_manager')
    throw new LifecycleError('Only a counter-corruption manager closes a case');
  if (!NEXT_STAGES[m.from].includes(m.to))
    throw new LifecycleError(`A case cannot move from ${m.from} to ${m.to}`);
  if (m.from === 'assessment') {
    if (!m.decision) throw new LifecycleError('Record the assessment decision');
    const investigates = m.decision === 'ccu_investigation' || m.decision === 'police_referral';
    if (investigates && m.to !== 'investigation')
      throw new LifecycleError('A CCU investigation or police referral goes to investigation');
    if (!investigates && m.to !== 'outcome')
      throw new LifecycleError('No further action or local management goes to outcome');
  } else if (m.decision) {
    throw new LifecycleError('An assessment decision is recorded only when leaving assessment');
  }
}

/** The day `days` working days (Monday to Friday, less the given bank holidays) after `from`. */
export function addWorkingDays(
  from: string,
  days: number,
  holidays: ReadonlySet<string> = new Set(),
): string {
  let t = Date.parse(`${from}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const d = new Date(t);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6 && !holidays.has(d.toISOString().slice(0, 10))) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** England and Wales bank holidays 2024–2027 (gov.uk/bank-holidays). */
export const BANK_HOLIDAYS = new Set([
  '2024-01-01',
  '2024-03-29',
  '2024-04-01',
  '2024-05-06',
  '2024-05-27',
  '2024-08-26',
  '2024-12-25',
  '2024-12-26',
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
]);

export function stageDeadline(stage: Stage, from: string): string | null {
  return stage === 'closed' ? null : addWorkingDays(from, STAGE_WORKING_DAYS[stage], BANK_HOLIDAYS);
}
