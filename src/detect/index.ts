/**
 * Detection: reads each establishment's records for a window, runs the engine and the threshold
 * baseline, and stores both rankings as alerts within the establishment's alert budget, which analysts
 * triage and are assigned. SQL lives in alerts-repo.ts, assignments-repo.ts, runs-repo.ts and data-repo.ts.
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
export { DetectionConfigError, loadDetectionConfig, type DetectionConfig } from './config.ts';
export { detect, type StaffRisk, type Reason } from './engine.ts';
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
export { poissonBinomialSurprise } from './stats.ts';
