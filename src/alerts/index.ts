/**
 * Alerts: detection's rankings stored within each establishment's alert budget (`run.ts` runs the
 * engine of `src/detect` and keeps what it ranks), the analysts' queue, dispositions and assignment,
 * counts for the statistics, and the evaluation of a ranking against a simulator's ground truth. SQL
 * lives in alerts-repo.ts, assignments-repo.ts, counts-repo.ts and runs-repo.ts.
 */
export {
  severityOf,
  type AlertRow,
  type AlertStatus,
  type AssignedAlertRow,
  type Assignment,
  type Method,
} from './alerts.ts';
export {
  alertAssignees,
  assignAlert,
  assignAlerts,
  assignedAwaitingReview,
  MAX_ASSIGNED_AT_ONCE,
  type Assignee,
} from './assign.ts';
export { rankedAlerts } from './alerts-repo.ts';
export { detectedUnits } from './runs-repo.ts';
export { evaluate, EvaluationError, type Evaluation } from './evaluate.ts';
export {
  AGE_BANDS,
  alertQueue,
  alertsAbout,
  disposeAlert,
  disposeAlerts,
  DispositionError,
  feedback,
  QUEUE_SORTS,
  STATUSES,
  viewAlert,
  type AlertDetail,
  type QueueCounts,
  type QueueFilters,
  type QueueItem,
} from './queue.ts';
export {
  alertBudget,
  BUDGETS,
  DetectionError,
  getBudget,
  runDetection,
  setBudget,
  type Budget,
  type RunOptions,
  type RunSummary,
} from './run.ts';
export { alertCounts, alertStatistics, STATISTICS_MONTHS } from './counts.ts';
