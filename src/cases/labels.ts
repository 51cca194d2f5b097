/** The choices of the case forms, as value and label. */
import type { AssessmentDecision } from './lifecycle.ts';

export const ALLEGATIONS = {
  inappropriate_relationship: 'Inappropriate relationship',
  trafficking: 'Trafficking',
  information_disclosure: 'Information disclosure',
  other: 'Other',
} as const;
export const PRIORITIES = { urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' } as const;

export const RESTRICTIONS = {
  suspension: 'Suspension',
  non_prisoner_facing: 'Moved to non-prisoner-facing duties',
} as const;
export const DISCIPLINARY_RESULTS = {
  no_case_to_answer: 'No case to answer',
  management_action: 'Management action',
  written_warning: 'Written warning',
  final_written_warning: 'Final written warning',
  dismissal: 'Dismissal',
  left_before_outcome: 'Left before outcome',
} as const;
export const POLICE_RESULTS = {
  referred: 'Referred to the police',
  no_further_action: 'Police: no further action',
  charged: 'Charged',
  convicted: 'Convicted',
  acquitted: 'Acquitted',
} as const;

export const DECISION_LABELS: Record<AssessmentDecision, string> = {
  no_further_action: 'No further action',
  local_management: 'Local management',
  ccu_investigation: 'CCU investigation',
  police_referral: 'Police referral',
};

/** Text shortened to at most `max` characters at a word boundary, with an ellipsis when cut: titles made from a report. */
export function titleFrom(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}
