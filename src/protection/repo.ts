/**
 * Retaliation watches and their check-ins as rows, and the staff posting and roster counts a watch's
 * pattern is built from. The viewer's own staff id comes in as `exceptStaff`: no one sees a watch on
 * themselves (the rule is in watches.ts).
 */
import type { Queryable } from '../db/index.ts';

export async function staffPosting(
  db: Queryable,
  staffId: string,
): Promise<{ establishment: string; role: string } | undefined> {
  const { rows } = await db.query<{ establishment: string; role: string }>(
    'SELECT establishment, role FROM staff WHERE staff_id = $1',
    [staffId],
  );
  return rows[0];
}

/** Shifts per post (and how many were nights) over the 28 days before `asOf`, most worked first. */
export async function postCounts(
  db: Queryable,
  staffId: string,
  asOf: string,
): Promise<{ post: string; n: number; nights: number }[]> {
  const { rows } = await db.query<{ post: string; n: number; nights: number }>(
    `SELECT post, count(*)::int AS n,
            count(*) FILTER (WHERE extract(hour FROM start_at AT TIME ZONE 'Europe/London') >= 19
                               OR extract(hour FROM start_at AT TIME ZONE 'Europe/London') < 5)::int AS nights
     FROM rosters WHERE staff_id = $1 AND start_at >= $2::date - 28 AND start_at < $2::date + 1
     GROUP BY post ORDER BY n DESC, post`,
    [staffId, asOf],
  );
  return rows;
}

/** The day the rosters end (today when they run past it or there are none), as YYYY-MM-DD. */
export async function rostersEnd(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ d: string }>(
    `SELECT least(current_date, coalesce((SELECT max(start_at)::date FROM rosters), current_date))::text AS d`,
  );
  return rows[0]!.d;
}

export async function insertWatch(
  db: Queryable,
  w: {
    staffId: string;
    reportId: string | null;
    startedOn: string;
    days: number;
    intervalDays: number;
    baseline: object;
    createdBy: string;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO retaliation_watches (staff_id, report_id, started_on, ends_on, interval_days, baseline, created_by)
       VALUES ($1, $2, $3::date, $3::date + $4::int, $5, $6::text::jsonb, $7) RETURNING id::text`,
    [w.staffId, w.reportId, w.startedOn, w.days, w.intervalDays, JSON.stringify(w.baseline), w.createdBy],
  );
  return Number(rows[0]!.id);
}

export interface WatchRow {
  id: number;
  staffId: string;
  reportId: string | null;
  startedOn: string;
  endsOn: string;
  intervalDays: number;
  baseline: unknown;
}

/** Every watch except those on `exceptStaff`, latest ending first. */
export async function selectWatches(db: Queryable, exceptStaff: string): Promise<WatchRow[]> {
  const { rows } = await db.query<{
    id: string;
    staff_id: string;
    report_id: string | null;
    started_on: string;
    ends_on: string;
    interval_days: number;
    baseline: unknown;
  }>(
    `SELECT id::text, staff_id, report_id, started_on::text, ends_on::text, interval_days, baseline FROM retaliation_watches
     WHERE staff_id <> $1 ORDER BY ends_on DESC, id DESC`,
    [exceptStaff],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    staffId: r.staff_id,
    reportId: r.report_id,
    startedOn: r.started_on,
    endsOn: r.ends_on,
    intervalDays: r.interval_days,
    baseline: r.baseline,
  }));
}

export async function selectCheckins(
  db: Queryable,
  watchId: number,
): Promise<{ doneOn: string; doneBy: string; note: string }[]> {
  const { rows } = await db.query<{ done_on: string; done_by: string; note: string }>(
    'SELECT done_on::text, done_by, note FROM retaliation_checkins WHERE watch_id = $1 ORDER BY done_on, id',
    [String(watchId)],
  );
  return rows.map((c) => ({ doneOn: c.done_on, doneBy: c.done_by, note: c.note }));
}

/** The staff member a watch is on, unless it is `exceptStaff` or there is no such watch. */
export async function watchedStaff(
  db: Queryable,
  watchId: number,
  exceptStaff: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ staff_id: string }>(
    'SELECT staff_id FROM retaliation_watches WHERE id = $1 AND staff_id <> $2',
    [watchId, exceptStaff],
  );
  return rows[0]?.staff_id;
}

export async function insertCheckin(
  db: Queryable,
  c: { watchId: number; doneOn: string; doneBy: string; note: string },
): Promise<void> {
  await db.query(
    'INSERT INTO retaliation_checkins (watch_id, done_on, done_by, note) VALUES ($1, $2::date, $3, $4)',
    [c.watchId, c.doneOn, c.doneBy, c.note],
  );
}
