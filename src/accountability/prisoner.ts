/**
 * One prisoner's working days: for each of the last days, the minutes the records and presence account
 * for, those where presence disagrees and those no record covers. Shown on the prisoner's own page.
 */
import { peopleScope, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { addDays, localInstant } from '../time/index.ts';
import { prisonTimezone } from '../estate/index.ts';
import { prisonerEstablishment, readRecords } from './repo.ts';
import { Roll } from './roll.ts';
import { workingDayTime } from './working-day.ts';

export interface PrisonerDay {
  day: string;
  /** Minutes of the working day while on the roll, and how they divide. */
  minutes: number;
  accounted: number;
  disagreeing: number;
  silent: number;
}

export interface PrisonerAccountability {
  establishment: string;
  /** Latest day first; days they were not on the roll are left out. */
  days: PrisonerDay[];
}

/**
 * A prisoner's last `days` working days (`workingDay` in local minutes) up to `lastDay`, within the
 * viewer's need-to-know (undefined when the prisoner is not theirs to see). Not audited here: it is a
 * part of the prisoner's page, whose one look is audited as the page (`person.view`).
 */
export async function prisonerAccountability(
  db: Queryable,
  viewer: Principal,
  prisonNumber: string,
  lastDay: string,
  workingDay: { from: number; to: number },
  now: number,
  days = 14,
): Promise<PrisonerAccountability | undefined> {
  const establishment = await prisonerEstablishment(db, prisonNumber);
  const scope = peopleScope(viewer).prisoner;
  if (!establishment || scope === 'none' || (scope !== 'all' && !scope.includes(establishment)))
    return undefined;
  const timezone = (await prisonTimezone(db, establishment))!;
  const dayList = Array.from({ length: days }, (_, i) => addDays(lastDay, -i));
  const first = localInstant(dayList.at(-1)!, 0, timezone);
  const end = localInstant(addDays(lastDay, 1), 0, timezone);
  const records = await readRecords(
    db,
    establishment,
    timezone,
    new Date(first),
    new Date(end),
    prisonNumber,
  );
  const roll = new Roll(records);
  const result: PrisonerDay[] = [];
  for (const day of dayList) {
    const from = localInstant(day, workingDay.from, timezone);
    const to = Math.min(now, localInstant(day, workingDay.to, timezone));
    if (to <= from) continue;
    const time = workingDayTime(roll, from, to, 5, [prisonNumber]).prisoners[0];
    if (!time) continue;
    const minutes = Math.round((to - from) / 60_000);
    const { disagreeing, silent } = time;
    result.push({ day, minutes, accounted: minutes - disagreeing - silent, disagreeing, silent });
  }
  return { establishment, days: result };
}
