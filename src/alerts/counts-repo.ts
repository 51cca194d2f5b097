/** Engine alerts counted for charts (home pages and statistics); the scope comes from the access policy. */
import type { AlertScope } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { scoped } from './alerts-repo.ts';

/**
 * The queue's alerts (raised, in scope) by status and, for those awaiting review since a known first
 * raise, by whole days waiting at `now`.
 */
export async function countQueueByStatus(
  db: Queryable,
  scope: AlertScope,
  now: Date,
): Promise<{ status: string; days: number | null; count: number }[]> {
  const params: unknown[] = [now];
  const inScope = scoped(scope, params);
  if (!inScope) return [];
  const { rows } = await db.query<{ status: string; days: number | null; count: number }>(
    `SELECT a.status,
            CASE WHEN a.status = 'needs_review' AND a.first_raised_at IS NOT NULL
              THEN floor(extract(epoch FROM $1::timestamptz - a.first_raised_at) / 86400)::int END AS days,
            count(*)::int AS count
     FROM alerts a WHERE a.method = 'engine' AND a.raised AND ${inScope}
     GROUP BY 1, 2`,
    params,
  );
  return rows;
}

/** Engine alerts in scope first raised on or after `fromDay` (UK), by UK month raised and status. */
export async function countRaisedByMonth(
  db: Queryable,
  scope: AlertScope,
  fromDay: string,
): Promise<{ month: string; status: string; count: number }[]> {
  const params: unknown[] = [fromDay];
  const inScope = scoped(scope, params);
  if (!inScope) return [];
  const { rows } = await db.query<{ month: string; status: string; count: number }>(
    `SELECT to_char(a.first_raised_at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, a.status, count(*)::int AS count
     FROM alerts a
     WHERE a.method = 'engine' AND a.first_raised_at IS NOT NULL
       AND (a.first_raised_at AT TIME ZONE 'Europe/London')::date >= $1::date AND ${inScope}
     GROUP BY 1, 2`,
    params,
  );
  return rows;
}
