/**
 * Protecting reporters: a member of staff who reports under their own name can be watched for
 * retaliation for at least 90 days, with check-ins at set intervals and an automatic flag when their
 * posting (establishment, role) or shift pattern (main post, share of night shifts) changes against
 * the baseline taken when the watch started. Every change is audited.
 */
import { can, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';

export const MIN_DAYS = 90;

export class WatchError extends Error {}

interface Pattern {
  establishment: string;
  role: string;
  mainPost: string | null;
  nightShare: number;
  shifts: number;
}

/** A member of staff's posting and their shift pattern over the 28 days before `asOf`. */
async function patternOf(db: Queryable, staffId: string, asOf: string): Promise<Pattern | undefined> {
  const { rows: staff } = await db.query<{ establishment: string; role: string }>(
    'SELECT establishment, role FROM staff WHERE staff_id = $1',
    [staffId],
  );
  if (!staff[0]) return undefined;
  const { rows } = await db.query<{ post: string; n: number; nights: number }>(
    `SELECT post, count(*)::int AS n,
            count(*) FILTER (WHERE extract(hour FROM start_at AT TIME ZONE 'Europe/London') >= 19
                               OR extract(hour FROM start_at AT TIME ZONE 'Europe/London') < 5)::int AS nights
     FROM rosters WHERE staff_id = $1 AND start_at >= $2::date - 28 AND start_at < $2::date + 1
     GROUP BY post ORDER BY n DESC, post`,
    [staffId, asOf],
  );
  const shifts = rows.reduce((a, r) => a + r.n, 0);
  return {
    establishment: staff[0].establishment,
    role: staff[0].role,
    mainPost: rows[0]?.post ?? null,
    nightShare: shifts ? rows.reduce((a, r) => a + r.nights, 0) / shifts : 0,
    shifts,
  };
}

/** The day detection treats as "today" for synthetic or historical data: the end of the rosters. */
async function dataToday(db: Queryable): Promise<string> {
  // With no rosters imported, simply today.
  const { rows } = await db.query<{ d: string }>(
    `SELECT least(current_date, coalesce((SELECT max(start_at)::date FROM rosters), current_date))::text AS d`,
  );
  return rows[0]!.d;
}

export async function startWatch(
  db: Database,
  viewer: Principal,
  input: { staffId: string; reportId?: string; days: number; intervalDays: number },
): Promise<number> {
  if (!can(viewer, 'protection.manage')) throw new WatchError('Your role cannot start a watch');
  if (!Number.isInteger(input.days) || input.days < MIN_DAYS)
    throw new WatchError(`A watch lasts at least ${MIN_DAYS} days`);
  if (!Number.isInteger(input.intervalDays) || input.intervalDays < 7 || input.intervalDays > 31) {
    throw new WatchError('Check in every 7 to 31 days');
  }
  if (input.staffId === viewer.staffId) throw new WatchError('You cannot watch yourself');
  const today = await dataToday(db);
  const baseline = await patternOf(db, input.staffId, today);
  if (!baseline) throw new WatchError(`No member of staff has the number "${input.staffId}"`);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO retaliation_watches (staff_id, report_id, started_on, ends_on, interval_days, baseline, created_by)
       VALUES ($1, $2, $3::date, $3::date + $4::int, $5, $6::text::jsonb, $7) RETURNING id::text`,
      [
        input.staffId,
        input.reportId ?? null,
        today,
        input.days,
        input.intervalDays,
        JSON.stringify(baseline),
        actorOf(viewer.username),
      ],
    );
    const id = Number(rows[0]!.id);
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'protection.start',
      subjectType: 'staff',
      subjectId: input.staffId,
      details: { watch: id, report: input.reportId ?? null, days: input.days, interval: input.intervalDays },
    });
    return id;
  });
}

export interface Watch {
  id: number;
  staffId: string;
  reportId: string | null;
  startedOn: string;
  endsOn: string;
  intervalDays: number;
  active: boolean;
  lastCheckIn: string | null;
  nextDue: string;
  overdue: boolean;
  flags: string[];
  checkins: { doneOn: string; doneBy: string; note: string }[];
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Changes since the baseline that may be retaliation, in plain English. */
function flagsOf(base: Pattern, now: Pattern | undefined): string[] {
  if (!now) return ['The staff record is no longer there'];
  const flags: string[] = [];
  if (now.establishment !== base.establishment)
    flags.push(`Posting changed: ${base.establishment} to ${now.establishment}`);
  if (now.role !== base.role) flags.push(`Role changed: ${base.role} to ${now.role}`);
  if (base.shifts && now.shifts && now.mainPost !== base.mainPost)
    flags.push(`Main post changed: ${base.mainPost} to ${now.mainPost}`);
  if (base.shifts && Math.abs(now.nightShare - base.nightShare) >= 0.25) {
    flags.push(
      `Night shifts changed: ${Math.round(100 * base.nightShare)}% to ${Math.round(100 * now.nightShare)}% of shifts`,
    );
  }
  if (base.shifts >= 8 && now.shifts <= base.shifts / 2)
    flags.push(`Shifts fell: ${base.shifts} to ${now.shifts} in 28 days`);
  return flags;
}

export async function listWatches(db: Database, viewer: Principal): Promise<Watch[]> {
  if (!can(viewer, 'protection.manage')) return [];
  const today = await dataToday(db);
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
    [viewer.staffId ?? ''],
  );
  const out: Watch[] = [];
  for (const r of rows) {
    const { rows: checkins } = await db.query<{ done_on: string; done_by: string; note: string }>(
      'SELECT done_on::text, done_by, note FROM retaliation_checkins WHERE watch_id = $1 ORDER BY done_on, id',
      [r.id],
    );
    const last = checkins[checkins.length - 1]?.done_on ?? null;
    const nextDue = addDays(last ?? r.started_on, r.interval_days);
    const base = r.baseline as Pattern;
    const active = today <= r.ends_on;
    out.push({
      id: Number(r.id),
      staffId: r.staff_id,
      reportId: r.report_id,
      startedOn: r.started_on,
      endsOn: r.ends_on,
      intervalDays: r.interval_days,
      active,
      lastCheckIn: last,
      nextDue,
      overdue: active && nextDue < today,
      flags: flagsOf(base, await patternOf(db, r.staff_id, today)),
      checkins: checkins.map((c) => ({ doneOn: c.done_on, doneBy: c.done_by, note: c.note })),
    });
  }
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'protection.list',
    details: { results: out.length },
  });
  return out;
}

export async function checkIn(
  db: Database,
  viewer: Principal,
  watchId: number,
  note: string,
): Promise<boolean> {
  if (!can(viewer, 'protection.manage')) return false;
  const why = note.trim();
  if (why.length < 5) throw new WatchError('Note how the check-in went');
  const today = await dataToday(db);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ staff_id: string }>(
      'SELECT staff_id FROM retaliation_watches WHERE id = $1 AND staff_id <> $2',
      [watchId, viewer.staffId ?? ''],
    );
    if (!rows[0]) return false;
    await tx.query(
      'INSERT INTO retaliation_checkins (watch_id, done_on, done_by, note) VALUES ($1, $2::date, $3, $4)',
      [watchId, today, actorOf(viewer.username), why],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'protection.checkin',
      subjectType: 'staff',
      subjectId: rows[0].staff_id,
      details: { watch: watchId },
    });
    return true;
  });
}
