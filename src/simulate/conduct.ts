import type { Rng } from './rng.ts';
import { addDays } from './time.ts';

/** What a conduct case needs to know of a member of staff. */
export interface ConductStaff {
  id: string;
  start: string;
  end: string | null;
}

const ALLEGATIONS: [string, number][] = [
  ['inappropriate_relationship', 2],
  ['trafficking', 1],
  ['information_disclosure', 1],
  ['dishonesty', 1.5],
  ['assault', 1],
  ['bullying_harassment', 2],
  ['other', 1.5],
];
/** Outcomes for someone still in post (a dismissal would have ended their employment). */
const OUTCOMES_IN_POST: [string, number][] = [
  ['no_case_to_answer', 3],
  ['not_proven', 2],
  ['management_action', 3],
  ['written_warning', 2],
  ['final_written_warning', 1],
];

/**
 * A handful of historical misconduct cases about an establishment's staff (`conduct_cases.csv`):
 * synthetic, opened before the simulated period (or, for a leaver, ending in their departure), some
 * still pending without an outcome date, an outcome never dated before the case was opened.
 */
export function conductCases(
  rng: Rng,
  code: string,
  staff: ConductStaff[],
  start: string,
  last: string,
): Record<string, string | undefined>[] {
  const rows: Record<string, string | undefined>[] = [];
  const eligible = staff.filter((s) => s.start <= addDays(start, -200));
  const cases = Math.min(eligible.length, rng.int(3, 7));
  for (const [i, s] of rng.sample(eligible, cases).entries()) {
    let opened: string;
    let outcome: string;
    let outcomeDate: string | undefined;
    if (s.end !== null && rng.chance(0.5)) {
      // A leaver: dismissed, or resigned before the hearing, on their last day.
      opened = addDays(s.end, -rng.int(20, 180));
      if (opened < s.start) opened = s.start;
      outcome = rng.chance(0.5) ? 'dismissal' : 'resigned_before_outcome';
      outcomeDate = s.end;
    } else {
      const earliest = Math.max(Date.parse(addDays(s.start, 30)), Date.parse(addDays(start, -1500)));
      const span = Math.max(0, Math.round((Date.parse(addDays(start, -1)) - earliest) / 86_400_000));
      opened = addDays(new Date(earliest).toISOString().slice(0, 10), rng.int(0, span));
      const decided = addDays(opened, rng.int(14, 320));
      if (decided > last || (opened > addDays(start, -150) && rng.chance(0.5))) {
        outcome = 'pending';
      } else {
        outcome = rng.weighted(OUTCOMES_IN_POST);
        outcomeDate = decided;
      }
    }
    const allegations = [rng.weighted(ALLEGATIONS)];
    if (rng.chance(0.2)) {
      const second = rng.weighted(ALLEGATIONS);
      if (second !== allegations[0]) allegations.push(second);
    }
    const ref = `${code}-CC-${opened.slice(0, 4)}-${String(i + 1).padStart(3, '0')}`;
    for (const allegation of allegations) {
      const serious = allegation === 'trafficking' || allegation === 'assault';
      rows.push({
        case_ref: ref,
        staff_id: s.id,
        opened,
        allegation,
        outcome,
        outcome_date: outcomeDate,
        police: serious
          ? rng.pick(['none', 'referred', 'referred', 'charged'])
          : rng.pick(['none', undefined]),
      });
    }
  }
  return rows;
}
