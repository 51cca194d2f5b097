/**
 * The recall of a person on licence, as stages with the dates each must meet. Modelled on the published
 * recall process (the probation practitioner's recall report, the authorising manager's decision,
 * submission to the public protection casework section, which issues the revocation, the police's
 * return of the person to custody, and the review report after it), simplified: one report instead of
 * its parts, the casework section's revocation recorded by the manager as a date, and the timescales
 * below kept in one table. Pure: no database.
 */
import { FormError } from '../form-error.ts';
import { addWorkingDays, isoLocal, LONDON, localInstant } from '../time/index.ts';

export const RECALL_TYPES = ['standard', 'emergency'] as const;
export type RecallType = (typeof RECALL_TYPES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const HOUR = 3_600_000;

/**
 * Hours allowed for each step: the manager's decision after the request, submitting the authorised
 * recall with its report, the revocation after submission. An emergency recall has two hours for each.
 */
export const RECALL_TIMESCALES: Record<
  RecallType,
  { decision: number; submission: number; revocation: number }
> = {
  standard: { decision: 24, submission: 24, revocation: 24 },
  emergency: { decision: 2, submission: 2, revocation: 2 },
};

/** Working days allowed for the review report after the person is returned to custody. */
export const REVIEW_WORKING_DAYS = 10;

export interface RecallDates {
  recallType: RecallType;
  requestedAt: Date;
  reportCompletedAt: Date | null;
  decision: 'authorised' | 'not_authorised' | null;
  decidedAt: Date | null;
  submittedAt: Date | null;
  revocationIssuedAt: Date | null;
  returnedAt: Date | null;
  reviewCompletedAt: Date | null;
  outcome: 'returned_to_custody' | 'not_recalled' | 'withdrawn' | null;
  closedAt: Date | null;
}

export type StageKey = 'decision' | 'submission' | 'revocation' | 'return' | 'review';

export interface RecallStage {
  key: StageKey;
  label: string;
  /** When it must be done by; null when it has no deadline or its start has not come. */
  due: Date | null;
  doneAt: Date | null;
  /** Not done by its deadline (done late, or still not done now). */
  overdue: boolean;
}

export const STAGE_LABELS: Record<StageKey, string> = {
  decision: "Authorising manager's decision",
  submission: 'Recall report submitted for revocation',
  revocation: 'Revocation of the licence issued',
  return: 'Returned to custody',
  review: 'Review report after the return',
};

const after = (at: Date | null, hours: number): Date | null =>
  at ? new Date(at.getTime() + hours * HOUR) : null;

/** The end of the working day REVIEW_WORKING_DAYS after the return (London time). */
function reviewDue(returnedAt: Date): Date {
  const day = addWorkingDays(isoLocal(returnedAt.getTime(), LONDON).slice(0, 10), REVIEW_WORKING_DAYS);
  return new Date(localInstant(day, 24 * 60, LONDON) - 1);
}

/**
 * Each stage of a recall with its deadline, when it was done, and whether it is overdue at `now`. A
 * recall not authorised, or withdrawn, stops at the decision.
 */
export function recallStages(r: RecallDates, now: Date): RecallStage[] {
  const t = RECALL_TIMESCALES[r.recallType];
  const authorised = r.decision === 'authorised';
  const stages: Omit<RecallStage, 'label' | 'overdue'>[] = [
    { key: 'decision', due: after(r.requestedAt, t.decision), doneAt: r.decidedAt },
  ];
  if (r.decision !== 'not_authorised' && r.outcome !== 'withdrawn')
    stages.push(
      { key: 'submission', due: authorised ? after(r.decidedAt, t.submission) : null, doneAt: r.submittedAt },
      { key: 'revocation', due: after(r.submittedAt, t.revocation), doneAt: r.revocationIssuedAt },
      { key: 'return', due: null, doneAt: r.returnedAt },
      { key: 'review', due: r.returnedAt ? reviewDue(r.returnedAt) : null, doneAt: r.reviewCompletedAt },
    );
  return stages.map((s) => ({
    ...s,
    label: STAGE_LABELS[s.key],
    overdue: !!s.due && (s.doneAt ?? now).getTime() > s.due.getTime() && !(r.closedAt && !s.doneAt),
  }));
}

/** The first stage not yet done of a recall still open, or undefined when it is closed. */
export function nextStage(r: RecallDates, now: Date): RecallStage | undefined {
  if (r.closedAt) return undefined;
  return recallStages(r, now).find((s) => !s.doneAt);
}

/** What a user may record next on a recall; each is refused, naming why, when its turn has not come. */
export type RecallStep =
  | { step: 'report'; circumstances: string; risk: string; alternatives: string; address: string }
  | { step: 'decision'; decision: string; reason: string }
  | { step: 'submitted' | 'revocation' | 'returned' | 'review'; at: Date }
  | { step: 'withdraw'; reason: string };

const text = (field: string, value: string, label: string, min = 3, max = 4000): string => {
  const v = value.trim();
  if (v.length < min || v.length > max)
    throw new FormError(field, `${label} must be ${min} to ${max} characters long`);
  return v;
};

/** Checks a step against the recall as it stands; throws a FormError naming the field that is wrong. */
export function checkStep(r: RecallDates, s: RecallStep, now: Date): RecallStep {
  if (r.closedAt) throw new FormError('step', 'This recall is closed');
  const notFuture = (at: Date, field: string) => {
    if (at.getTime() > now.getTime()) throw new FormError(field, 'The time cannot be in the future');
  };
  const notBefore = (at: Date, before: Date | null, field: string, what: string) => {
    if (before && at.getTime() < before.getTime())
      throw new FormError(field, `The time cannot be before ${what}`);
  };
  switch (s.step) {
    case 'report': {
      if (r.submittedAt)
        throw new FormError('circumstances', 'The report was submitted and can no longer change');
      if (!(RISK_LEVELS as readonly string[]).includes(s.risk))
        throw new FormError('risk', 'Choose the risk of serious harm: low, medium, high or very high');
      return {
        ...s,
        circumstances: text('circumstances', s.circumstances, 'The circumstances of the breach'),
        alternatives: text('alternatives', s.alternatives, 'The alternatives to recall considered'),
        address: s.address.trim().slice(0, 400),
      };
    }
    case 'decision': {
      if (r.decision) throw new FormError('decision', 'The decision has been made');
      if (!r.reportCompletedAt)
        throw new FormError('decision', 'The recall report must be completed before the decision');
      if (s.decision !== 'authorised' && s.decision !== 'not_authorised')
        throw new FormError('decision', 'Choose whether the recall is authorised');
      return { ...s, reason: text('reason', s.reason, 'The reason for the decision') };
    }
    case 'submitted':
      if (r.decision !== 'authorised') throw new FormError('at', 'Only an authorised recall is submitted');
      if (r.submittedAt) throw new FormError('at', 'The recall was submitted');
      notBefore(s.at, r.decidedAt, 'at', 'the decision');
      break;
    case 'revocation':
      if (!r.submittedAt) throw new FormError('at', 'The revocation follows the submission');
      if (r.revocationIssuedAt) throw new FormError('at', 'The revocation was recorded');
      notBefore(s.at, r.submittedAt, 'at', 'the submission');
      break;
    case 'returned':
      if (!r.revocationIssuedAt)
        throw new FormError('at', 'The person is returned to custody after the revocation');
      if (r.returnedAt) throw new FormError('at', 'The return to custody was recorded');
      notBefore(s.at, r.revocationIssuedAt, 'at', 'the revocation');
      break;
    case 'review':
      if (!r.returnedAt) throw new FormError('at', 'The review report follows the return to custody');
      notBefore(s.at, r.returnedAt, 'at', 'the return to custody');
      break;
    case 'withdraw':
      if (r.returnedAt) throw new FormError('reason', 'The person has been returned to custody');
      return { ...s, reason: text('reason', s.reason, 'The reason for withdrawing') };
  }
  notFuture(s.at, 'at');
  return s;
}
