/**
 * Alerts counted for charts: the queue's counts by status and time waiting (an analyst's home page) and
 * alerts raised by month and what was decided (the statistics page). Counts only: no alert is shown, so
 * none is audited.
 */
import { alertScope, can, type AlertScope, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { londonDay } from '../time/index.ts';
import type { AlertStatus } from './alerts.ts';
import { countQueueByStatus, countRaisedByMonth } from './counts-repo.ts';
import { AGE_BANDS, STATUSES, type QueueCounts } from './queue.ts';

/** The alert queue's counts, as its page gives them, for the viewer's scope; undefined when they see none. */
export async function alertCounts(
  db: Queryable,
  viewer: Principal,
  now = new Date(),
): Promise<QueueCounts | undefined> {
  const scope = alertScope(viewer);
  if (scope.establishments === 'none') return undefined;
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  const byAge = AGE_BANDS.map(() => 0);
  for (const r of await countQueueByStatus(db, scope, now)) {
    byStatus[r.status as AlertStatus] += r.count;
    if (r.days !== null) {
      const band = AGE_BANDS.findIndex((b) => r.days! < b.to);
      byAge[band] = byAge[band]! + r.count;
    }
  }
  return { byStatus, byAge };
}

/** Months of alerts the statistics page gives, this one included. */
export const STATISTICS_MONTHS = 12;

/** The first UK day of the month `back` months before the UK month of `now`. */
function monthStart(now: Date, back: number): string {
  const [year, month] = londonDay(now).split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1 - back, 1));
  return first.toISOString().slice(0, 10);
}

/**
 * Alerts first raised in the last STATISTICS_MONTHS months by UK month (oldest first, months with none
 * left out), each with a count a status in STATUSES order. A viewer who reads alerts counts their scope;
 * oversight, who read none, count every establishment's; never an alert about the viewer.
 */
export async function alertStatistics(
  db: Queryable,
  viewer: Principal,
  now = new Date(),
): Promise<{ month: string; byStatus: number[] }[]> {
  if (!can(viewer, 'statistics.view')) return [];
  const own = alertScope(viewer);
  const scope: AlertScope =
    own.establishments === 'none' ? { establishments: 'all', excludeStaffId: viewer.staffId } : own;
  const months = new Map<string, number[]>();
  for (const r of await countRaisedByMonth(db, scope, monthStart(now, STATISTICS_MONTHS - 1))) {
    const counts = months.get(r.month) ?? STATUSES.map(() => 0);
    const s = STATUSES.indexOf(r.status as AlertStatus);
    counts[s] = counts[s]! + r.count;
    months.set(r.month, counts);
  }
  return [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, byStatus]) => ({ month, byStatus }));
}
