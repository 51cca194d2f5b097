/**
 * Cases: opened from an alert, an intelligence report, an anonymous report or a manual referral, and
 * taken through the lifecycle (lifecycle.ts) with every decision and its reason in the decision log.
 * Reads are scoped by the policy's caseCondition (never one's own case, denied lists, team
 * restriction); every look and change is audited. SQL lives in repo.ts and the *-repo.ts files.
 */
export {
  STAGES,
  DECISIONS,
  LifecycleError,
  NEXT_STAGES,
  type AssessmentDecision,
  type Stage,
} from './lifecycle.ts';
export {
  ALLEGATIONS,
  DECISION_LABELS,
  PRIORITIES,
  RESTRICTIONS,
  DISCIPLINARY_RESULTS,
  POLICE_RESULTS,
} from './labels.ts';
export { openCase, type NewCase } from './open.ts';
export { visibleCase } from './scope.ts';
export { casesAbout, listCases, viewCase, type CaseDetail, type CaseSummary, type CaseView } from './read.ts';
export { moveCase, confirmOwnership, addEntry, completeAction, denyAccess } from './decisions.ts';
export {
  addRestriction,
  addOutcome,
  restrictionsAndOutcomes,
  type Outcome,
  type Restriction,
} from './outcomes.ts';
export { suggestedLinks, type SuggestedLink } from './links.ts';
export {
  addEvidence,
  listEvidence,
  downloadEvidence,
  handOver,
  verifyEvidence,
  EvidenceError,
  MAX_EVIDENCE_BYTES,
  type Exhibit,
  type VerifyProblem,
} from './evidence.ts';
export { caseReport } from './report.ts';
export { editCase, type CaseEdit } from './edit.ts';
export { addTeamMember, allocateCase, listTeams, removeTeamMember } from './teams.ts';
export { caseReminders, type ReminderCounts } from './reminders.ts';
export { actorWords, PROTECTIVE_MARKING, type ReportDocument } from './report-document.ts';
export { caseReportPdf } from './report-pdf.ts';
export { caseOpenedFromAlert, openCaseFromAlert } from './from-alert.ts';
export { openCaseFromIntelligence, openCaseFromPortal } from './from-report.ts';
export {
  CASE_AGE_BANDS,
  OPEN_STAGES,
  caseAgeing,
  caseStages,
  type OpenStage,
  type StageCounts,
} from './counts.ts';
