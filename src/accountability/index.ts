/**
 * Prisoner accountability: where every prisoner should be (cell allocations and movements), the
 * figures of the prison's roll, and every roll count reconciled with them, presence data naming who
 * explains a difference. The definitions are in roll.ts; the reads in repo.ts.
 */
import { labelStaff, peopleScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { addDays, isoLocal, localInstant } from '../time/index.ts';
import { establishmentTimezone, readRecords, staffNames } from './repo.ts';
import {
  reconcile,
  Roll,
  rollFigures,
  workingDayTime,
  type Reconciled,
  type RollFigures,
  type WorkingDayTime,
} from './roll.ts';

export {
  reconcile,
  Roll,
  rollFigures,
  workingDayTime,
  WHEREABOUTS_LABELS,
  type EstablishmentRecords,
  type Reconciled,
  type RollFigures,
  type Whereabouts,
} from './roll.ts';

export interface AccountabilityDay {
  establishment: string;
  day: string;
  /** The moment the figures are for: the day's end, or now on the current day (local ISO time). */
  at: string;
  figures: RollFigures;
  counts: Reconciled[];
  /** Unaccounted minutes in the working day (WORKING_DAY), when the day has begun. */
  workingDay: WorkingDayTime;
}

/** The working day, in local minutes after midnight: when prisoners are unlocked and should be accounted for. */
export const WORKING_DAY = { from: 8 * 60, to: 17 * 60 + 30 };

export interface AskedFor {
  /** The moment the current day is seen from (tests fix it). */
  now?: Date;
  /** Taken away as a file: audited as an export. */
  export?: boolean;
}

/**
 * One prison's day: the roll's figures at its end (or at `now` if that is earlier) and every roll count
 * of the day reconciled. Audited: it names prisoners.
 */
export async function accountabilityDay(
  db: Queryable,
  actor: string,
  establishment: string,
  day: string,
  { now = new Date(), export: forExport = false }: AskedFor = {},
): Promise<AccountabilityDay> {
  const timezone = await establishmentTimezone(db, establishment);
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
  const records = await readRecords(db, establishment, timezone, new Date(start), new Date(end));
  const roll = new Roll(records);
  const result = {
    establishment,
    day,
    at: isoLocal(at, timezone),
    figures: rollFigures(roll, start, at),
    counts: reconcile(roll).filter((r) => r.count.at <= at),
    workingDay: workingDayTime(
      roll,
      localInstant(day, WORKING_DAY.from, timezone),
      Math.min(at, localInstant(day, WORKING_DAY.to, timezone)),
    ),
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
  const ids = [...new Set(answer.counts.map((r) => r.count.countedBy))];
  const labels = await labelStaff(db, viewer.username, await staffNames(db, ids));
  return {
    ...answer,
    counters: Object.fromEntries(ids.map((id) => [id, labels.get(id)?.label ?? 'a member of staff'])),
  };
}
