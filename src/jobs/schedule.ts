/**
 * Nightly detection: an administrator sets a time of day (UK time) and the server starts a detection run
 * once a day at or after it, as the same job the web page starts. The day's run is claimed in the
 * database first, so of several servers on one database only one starts it, and a server started late
 * still runs the day's detection.
 */
import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { claimSetting, deleteSetting, getSetting, setSetting } from '../settings/index.ts';
import { isoLocal, LONDON } from '../time/index.ts';

const SCHEDULE = 'detect_schedule';
const LAST_RUN_DAY = 'detect_schedule_last_day';
export const SCHEDULE_ACTOR = 'system:schedule';
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ScheduleError extends Error {}

export interface DetectionSchedule {
  /** `HH:MM` in UK time, or undefined when detection is not scheduled. */
  time: string | undefined;
  /** The last UK day a scheduled run was started. */
  lastRunDay: string | undefined;
}

export async function detectionSchedule(db: Database): Promise<DetectionSchedule> {
  return { time: await getSetting(db, SCHEDULE), lastRunDay: await getSetting(db, LAST_RUN_DAY) };
}

/** Sets the time of the nightly run (`HH:MM`, UK time), or turns it off with an empty time; audited. */
export async function setDetectionSchedule(db: Database, time: string, actor: string): Promise<void> {
  const wanted = time.trim();
  if (wanted && !TIME.test(wanted))
    throw new ScheduleError(
      'Enter the time as HH:MM on the 24-hour clock, for example 02:30, or leave it empty',
    );
  await db.transaction(async (tx) => {
    if (wanted) {
      await setSetting(tx, SCHEDULE, wanted);
      // Set today as run if the time has already passed, so that setting it does not start a run at once.
      const now = localNow(new Date());
      if (now.time >= wanted) await setSetting(tx, LAST_RUN_DAY, now.day);
    } else await deleteSetting(tx, SCHEDULE);
    await appendAudit(tx, { actor, action: 'detect.schedule', details: { time: wanted || 'off' } });
  });
}

const localNow = (at: Date) => {
  const local = isoLocal(at.getTime(), LONDON);
  return { day: local.slice(0, 10), time: local.slice(11, 16) };
};

/** The UK day whose scheduled run is due at `at`, if one is: at or after the time, and not yet run that day. */
export function dueDay(schedule: DetectionSchedule, at: Date): string | undefined {
  if (!schedule.time) return undefined;
  const now = localNow(at);
  return now.time >= schedule.time && schedule.lastRunDay !== now.day ? now.day : undefined;
}

/** Starts the day's run if it is due at `at` and this caller claims it; says whether it did. */
export async function startDueDetection(
  db: Database,
  startRun: () => Promise<unknown>,
  at: Date,
): Promise<boolean> {
  const day = dueDay(await detectionSchedule(db), at);
  if (!day || !(await claimSetting(db, LAST_RUN_DAY, day))) return false;
  await startRun();
  return true;
}

/** Checks every `everyMs` (a minute) whether the day's run is due; returns a function that stops the checks. */
export function startDetectionSchedule(
  db: Database,
  startRun: () => Promise<unknown>,
  opts: { everyMs?: number; now?: () => Date; onError?: (err: unknown) => void } = {},
): () => void {
  const now = opts.now ?? (() => new Date());
  const timer = setInterval(
    () => void startDueDetection(db, startRun, now()).catch((err: unknown) => opts.onError?.(err)),
    opts.everyMs ?? 60_000,
  );
  timer.unref();
  return () => clearInterval(timer);
}
