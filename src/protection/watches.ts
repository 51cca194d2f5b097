/**
 * Retaliation watches: the rules (who may watch whom, how long, how often), the baseline taken when a
 * watch starts and the flags raised against it. Every change is audited; repo.ts holds the SQL.
 */
import { can, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import {
  insertCheckin,
  insertWatch,
  postCounts,
  rostersEnd,
  selectCheckins,
  selectWatches,
  staffPosting,
  watchedStaff,
} from './repo.ts';

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
  const staff = await staffPosting(db, staffId);
  if (!staff) return undefined;
  const rows = await postCounts(db, staffId, asOf);
  const shifts = rows.reduce((a, r) => a + r.n, 0);
  return {
    establishment: staff.establishment,
    role: staff.role,
    mainPost: rows[0]?.post ?? null,
    nightShare: shifts ? rows.reduce((a, r) => a + r.nights, 0) / shifts : 0,
    shifts,
  };
}

/** The day detection treats as "today" for synthetic or historical data: the end of the rosters. */
const dataToday = (db: Queryable): Promise<string> => rostersEnd(db);

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
    const id = await insertWatch(tx, {
      staffId: input.staffId,
      reportId: input.reportId ?? null,
      startedOn: today,
      days: input.days,
      intervalDays: input.intervalDays,
      baseline,
      createdBy: actorOf(viewer.username),
    });
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
  const rows = await selectWatches(db, viewer.staffId ?? '');
  const out: Watch[] = [];
  for (const r of rows) {
    const checkins = await selectCheckins(db, r.id);
    const last = checkins[checkins.length - 1]?.doneOn ?? null;
    const nextDue = addDays(last ?? r.startedOn, r.intervalDays);
    const base = r.baseline as Pattern;
    const active = today <= r.endsOn;
    out.push({
      id: r.id,
      staffId: r.staffId,
      reportId: r.reportId,
      startedOn: r.startedOn,
      endsOn: r.endsOn,
      intervalDays: r.intervalDays,
      active,
      lastCheckIn: last,
      nextDue,
      overdue: active && nextDue < today,
      flags: flagsOf(base, await patternOf(db, r.staffId, today)),
      checkins,
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
    const staffId = await watchedStaff(tx, watchId, viewer.staffId ?? '');
    if (!staffId) return false;
    await insertCheckin(tx, { watchId, doneOn: today, doneBy: actorOf(viewer.username), note: why });
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'protection.checkin',
      subjectType: 'staff',
      subjectId: staffId,
      details: { watch: watchId },
    });
    return true;
  });
}
