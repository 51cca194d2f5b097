/**
 * Probation: supervision boundaries between officers and the people they supervise, licence breaches,
 * recalls routed away from an officer with a conflict of interest, and police liaison. Rules in
 * boundaries.ts and recall.ts (no SQL); reads and writes in repo.ts, breaches-repo.ts, recalls-repo.ts.
 */
export {
  FINDING_SHARE,
  MEASURES,
  OFFICE_HOURS,
  supervisionBoundaries,
  type BoundaryPair,
  type Finding,
  type Measure,
  type PairLink,
} from './boundaries.ts';
export {
  breachFromContact,
  closeBreach,
  GENERAL_CONDITION,
  recordBreach,
  type BreachInput,
} from './breaches.ts';
export {
  BREACH_STATUSES,
  FAILED_TO_ATTEND,
  type BreachRow,
  type BreachStatus,
  type MissedContact,
} from './breaches-repo.ts';
export { conflictsBetween } from './conflicts.ts';
export {
  casePoliceContacts,
  POLICE_DIRECTIONS,
  recordCasePoliceContact,
  recordPoliceContact,
  type PoliceContactInput,
} from './police.ts';
export {
  RECALL_TIMESCALES,
  RECALL_TYPES,
  REVIEW_WORKING_DAYS,
  RISK_LEVELS,
  STAGE_LABELS,
  recallStages,
  nextStage,
  type RecallStage,
  type RecallStep,
  type RecallType,
  type RiskLevel,
} from './recall.ts';
export {
  recordRecallStep,
  requestRecall,
  viewRecall,
  type RecallView,
  type RequestedRecall,
} from './recalls.ts';
export type { PoliceContactRow, RecallRow } from './recalls-repo.ts';
export {
  BREACH_AGE_BANDS,
  probationOverview,
  viewProbationPerson,
  WINDOW_DAYS,
  type AgedBreach,
  type ProbationOverview,
  type ProbationPersonView,
  type RecallSummary,
} from './supervision.ts';
