/**
 * Detection, the pure engine: loads an establishment's records for a window into typed arrays
 * (`data.ts`, SQL in data-repo.ts; presence swept a day at a time and kept, day-sweeps-repo.ts), runs
 * every indicator, calibrates each finding against peers and combines them into one risk per member of
 * staff (`engine.ts`), beside a threshold baseline. It stores no alerts (only its day sweeps): storing
 * rankings as alerts, budgets, the queue and evaluation are `src/alerts`.
 */
export { DetectionConfigError, loadDetectionConfig, type DetectionConfig } from './config.ts';
export { loadEstablishment, type EstablishmentData } from './data.ts';
export { forgetDaysBefore } from './day-sweeps-repo.ts';
export { detect, type DetectionResult, type StaffRisk, type Reason } from './engine.ts';
export { poissonBinomialSurprise } from './stats.ts';
