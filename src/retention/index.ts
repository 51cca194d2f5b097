/** Retention of the large record types by month (`probity retention`). */
export { applyRetention, monthsBefore, monthStart, RetentionError } from './retention.ts';
