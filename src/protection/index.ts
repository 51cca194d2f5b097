/**
 * Protecting reporters: a member of staff who reports under their own name can be watched for
 * retaliation for at least 90 days, with check-ins at set intervals and an automatic flag when their
 * posting (establishment, role) or shift pattern (main post, share of night shifts) changes against
 * the baseline taken when the watch started. Every change is audited. `watches.ts` holds the rules,
 * `repo.ts` the SQL.
 */
export { checkIn, listWatches, MIN_DAYS, startWatch, WatchError, type Watch } from './watches.ts';
