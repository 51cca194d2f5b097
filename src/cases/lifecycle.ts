/**
 * The case lifecycle as data: which stage may follow which, what each move needs, and the working-day
 * deadline of each stage. Pure functions, so the rules are tested on their own.
 */
import { addWorkingDays } from '../time/index.ts';
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

/** Why nothing can be added to a closed case: it is a record until a manager reopens it, with a reason. */
export const CLOSED_CASE = 'This case is closed. Reopen it, giving the reason, before adding to it';

/** Whether a case at this stage takes new entries, evidence, restrictions and outcomes. */
export const takesChanges = (stage: Stage): boolean => stage !== 'closed';

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

export function stageDeadline(stage: Stage, from: string): string | null {
  return stage === 'closed' ? null : addWorkingDays(from, STAGE_WORKING_DAYS[stage]);
}
