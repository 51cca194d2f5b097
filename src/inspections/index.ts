/** The inspection recommendations tracker: inspections and reviews, recommendations, responses, action plans, follow-up. */
export { BODIES, FOLLOW_UP_STATUSES, PRIORITIES, RESPONSES, URGENT_RESPONSE_DAYS } from './labels.ts';
export {
  addAction,
  addRecommendation,
  completeAction,
  markResponded,
  mayManage,
  recordCheck,
  recordInspection,
  respond,
  type RecommendationForm,
} from './tracker.ts';
export { importRecommendations, parseRecommendations, IMPORT_COLUMNS } from './import.ts';
export {
  clockOf,
  inspectionOverview,
  inspectionReminders,
  type InspectionReminders,
  viewInspection,
  STANDINGS,
  type Clock,
  type InspectionView,
  type RecommendationView,
  type Standing,
} from './view.ts';
