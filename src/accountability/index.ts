/**
 * Prisoner accountability: where every prisoner should be (cell allocations and movements), the
 * figures of the prison's roll, and every roll count reconciled with them, presence data naming who
 * explains a difference. The definitions are in roll.ts; the reads in repo.ts.
 */
import { labelStaff, peopleScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { addDays, isoLocal, localInstant, londonDay } from '../time/index.ts';
import { prisonerAccountability, type PrisonerAccountability } from './prisoner.ts';
import { prisonTimezone, staffNames } from '../estate/index.ts';
import { lastRecordOf, readRecords } from './repo.ts';
import { rollFigures, type RollFigures } from './figures.ts';
import { countingPractice, type CountingPractice } from './counting.ts';
import { openDiscrepancies, reconcile, type OpenDiscrepancies, type Reconciled } from './reconcile.ts';
import { Roll } from './roll.ts';
import { wingTrend, type WingTrend } from './trend.ts';
import { workingDayTime, type WorkingDayTime } from './working-day.ts';

export { countingOver } from './counted-days.ts';
export { forgetCountDaysBefore } from './counted-days-repo.ts';
export {
  countingPractice,
  LATE_MINUTES,
  type CounterRecord,
  type CountingPractice,
  type MissedCount,
} from './counting.ts';
export { rollFigures, type RollFigures } from './figures.ts';
export { type PrisonerAccountability, type PrisonerDay } from './prisoner.ts';
export {
  openDiscrepancies,
  reconcile,
  type CountDiscrepancy,
  type OpenDiscrepancies,
  type Reconciled,
  type UnaccountedPrisoner,
} from './reconcile.ts';
export { wingTrend, type WingDay, type WingTrend } from './trend.ts';
export { Roll, WHEREABOUTS_LABELS, type EstablishmentRecords, type Whereabouts } from './roll.ts';
export { workingDayTime, type WorkingDayTime } from './working-day.ts';

export interface AccountabilityDay {
  establishment: string;
  day: string;
  /** The moment the figures are for: the day's end, or now on the current day (local ISO time). */
  at: string;
  figures: RollFigures;
  counts: Reconciled[];
  /** Unaccounted minutes in the working day (WORKING_DAY), when the day has begun. */
  workingDay: WorkingDayTime;
  /** Counts of the last TREND_DAYS not put right within GRACE_MINUTES; prisoners unaccounted after a movement today. */
  open: OpenDiscrepancies;
  /** The TREND_DAYS ending with this one, and each wing over them, worst first. */
  trend: { days: string[]; wings: WingTrend[] };
  /** Who counted over the TREND_DAYS: each counter's counts, and the counts each wing missed. */
  counting: CountingPractice;
}

/** How long a discrepancy may stand before it is flagged: a recount, or a sighting where the records say. */
export const GRACE_MINUTES = 30;

/** The days a wing's trend covers: a month. */
export const TREND_DAYS = 30;

/** The working day, in local minutes after midnight: when prisoners are unlocked and should be accounted for. */
export const WORKING_DAY = { from: 8 * 60, to: 17 * 60 + 30 };

export interface AskedFor {
  /** The moment the current day is seen from (tests fix it). */
  now?: Date;
  /** Taken away as a file: audited as an export. */
  export?: boolean;
}

/**
 * One prison's day: the roll's figures at its end (or at `now` if that is earlier), every roll count of
 * the day reconciled, what is still open after the grace period, and the month ending with it (each
 * wing's trend, who counted). Audited: it names prisoners.
 */
export async function accountabilityDay(
  db: Queryable,
  actor: string,
  establishment: string,
  day: string,
  { now = new Date(), export: forExport = false }: AskedFor = {},
): Promise<AccountabilityDay> {
  const timezone = await prisonTimezone(db, establishment);
  const dayProblems =
    /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`))
      ? []
      : [{ field: 'day', message: `The day must be a date such as 2025-03-03, not "${day}"` }];
  // Both problems at once, so a page puts each beside its field.
  if (!timezone)
    throw new FormError('establishment', `No prison has the code "${establishment}"`, dayProblems);
  FormError.all(dayProblems);
  const start = localInstant(day, 0, timezone);
  const end = localInstant(addDays(day, 1), 0, timezone);
  const at = Math.min(end - 1, now.getTime());
  const days = Array.from({ length: TREND_DAYS }, (_, i) => addDays(day, i - TREND_DAYS + 1));
  const first = localInstant(days[0]!, 0, timezone);
  const roll = new Roll(await readRecords(db, establishment, timezone, new Date(first), new Date(end)));
  const reconciled = reconcile(roll).filter((r) => r.count.at <= at);
  const open = openDiscrepancies(roll, reconciled, at, GRACE_MINUTES, start);
  const workingDay = (d: string) => ({
    day: d,
    from: localInstant(d, WORKING_DAY.from, timezone),
    to: Math.min(at, localInstant(d, WORKING_DAY.to, timezone)),
  });
  const today = workingDay(day);
  const result = {
    establishment,
    day,
    at: isoLocal(at, timezone),
    figures: rollFigures(roll, start, at),
    counts: reconciled.filter((r) => r.count.at >= start),
    workingDay: workingDayTime(roll, today.from, today.to),
    open,
    trend: { days, wings: wingTrend(roll, days.map(workingDay), reconciled, open.counts) },
    counting: countingPractice(roll, reconciled),
  };
  await appendAudit(db, {
    actor,
    action: forExport ? 'accountability.export' : 'accountability.view',
    subjectType: 'establishment',
    subjectId: establishment,
    details: { day, counts: result.counts.length },
  });
  return result;
}

export interface AccountabilityView extends AccountabilityDay {
  /** Who counted, by staff ID: their name, or their pseudonym when they are masked to the viewer. */
  counters: Record<string, string>;
}

/**
 * A prison's day as one viewer may see it: a security analyst only their own establishments (another's
 * is refused as unknown), the CCU every prison; those who counted named as the viewer sees staff.
 */
export async function viewAccountability(
  db: Queryable,
  viewer: Principal,
  establishment: string,
  day: string,
  asked: AskedFor = {},
): Promise<AccountabilityView> {
  const scope = peopleScope(viewer).prisoner;
  if (scope === 'none' || (scope !== 'all' && !scope.includes(establishment)))
    throw new FormError('establishment', `No prison you may see has the code "${establishment}"`);
  const answer = await accountabilityDay(db, viewer.username, establishment, day, asked);
  // Everyone who counted in the month, which takes in the day's counts and those left open.
  const ids = answer.counting.counters.map((c) => c.staffId);
  const labels = await labelStaff(db, viewer.username, await staffNames(db, ids));
  return {
    ...answer,
    counters: Object.fromEntries(ids.map((id) => [id, labels.get(id)?.label ?? 'a member of staff'])),
  };
}

/**
 * A prisoner's last fortnight of working days as the viewer may see them (see prisoner.ts): up to today,
 * or to the day of their latest record when the records stop earlier (an imported history).
 */
export async function viewPrisonerAccountability(
  db: Queryable,
  viewer: Principal,
  prisonNumber: string,
  now = new Date(),
): Promise<PrisonerAccountability | undefined> {
  const latest = await lastRecordOf(db, prisonNumber);
  const last = latest && latest < now ? latest : now;
  return prisonerAccountability(db, viewer, prisonNumber, londonDay(last), WORKING_DAY, now.getTime());
}
