/**
 * Intelligence: staff submit reports, security analysts and the CCU grade them 3x5x2 and decide what
 * happens next; imported reports (intelligence.csv) are the same records. `reports.ts` holds the rules
 * and the audit, `repo.ts` the SQL and the reader's scope, `subjects.ts` the parsing and linking of the
 * people a report names.
 */
export {
  ASSESSMENTS,
  HANDLING,
  SOURCE_EVALUATIONS,
  STATUSES,
  type Report,
  type ReportStatus,
} from './labels.ts';
export {
  downloadReportAttachment,
  gradeReport,
  listReports,
  exportReports,
  REPORTS_EXPORT_LIMIT,
  reportsAbout,
  myReports,
  reportAttachments,
  setOutcome,
  submitReport,
  viewReport,
  type Grading,
  type NewReport,
} from './reports.ts';
export { corroboration, type Corroboration } from './corroboration.ts';
export {
  gradeCounts,
  gradeStatistics,
  type Assessment,
  type GradeCounts,
  type SourceEvaluation,
} from './counts.ts';
export { parseSubjects, SubjectError, suggestRecords } from './subjects.ts';
