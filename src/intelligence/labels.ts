/** The 3x5x2 grading scales, the report statuses and what a report is. */
export const SOURCE_EVALUATIONS = { '1': 'Reliable', '2': 'Untested', '3': 'Not reliable' } as const;
export const ASSESSMENTS = {
  A: 'Known directly to the source',
  B: 'Known indirectly to the source but corroborated',
  C: 'Known indirectly to the source',
  D: 'Not known',
  E: 'Suspected to be false',
} as const;
export const HANDLING = {
  P: 'Lawful sharing permitted',
  C: 'Lawful sharing permitted with conditions',
} as const;
export const STATUSES = {
  new: 'New',
  graded: 'Graded',
  actioned: 'Actioned',
  no_further_action: 'No further action',
} as const;
export type ReportStatus = keyof typeof STATUSES;

export interface Report {
  id: string;
  establishment: string;
  submittedAt: Date;
  submittedBy: string | null;
  submittedByUser: string | null;
  origin: 'import' | 'staff';
  status: ReportStatus;
  text: string;
  sanitisedText: string | null;
  subjects: string[];
  location: string | null;
  occurredOn: string | null;
  sourceEvaluation: string | null;
  assessment: string | null;
  handlingCode: string | null;
  handlingConditions: string | null;
  gradedBy: string | null;
  outcomeNote: string | null;
}
