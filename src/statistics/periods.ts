/**
 * The periods every figure is counted over: calendar years (`2015`) or financial years from 1 April
 * (`2015/16`), as the dataset format defines them. A period asked for in part (`--from`, `--to`, or the
 * year not yet over) is clipped to the days asked for and labelled with them.
 */
import { addDays, daysBetween, isDay } from '../time/index.ts';

export type YearKind = 'calendar' | 'financial';
export const YEAR_KINDS: readonly YearKind[] = ['calendar', 'financial'];

export interface Period {
  label: string;
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** The day after the last, so that a period is `from <= day < to`. */
  to: string;
}

export { addDays, daysBetween, isDay };

/** The whole year of `kind` that holds `day`. */
export function yearOf(day: string, kind: YearKind): Period {
  const year = Number(day.slice(0, 4));
  if (kind === 'calendar') return { label: String(year), from: `${year}-01-01`, to: `${year + 1}-01-01` };
  const start = day.slice(5) >= '04-01' ? year : year - 1;
  return {
    label: `${start}/${String((start + 1) % 100).padStart(2, '0')}`,
    from: `${start}-04-01`,
    to: `${start + 1}-04-01`,
  };
}

/** The year of `kind` named by its label (`2015` or `2015/16`), or undefined if it names none. */
export function yearNamed(label: string, kind: YearKind): Period | undefined {
  const m = kind === 'calendar' ? /^(\d{4})$/.exec(label) : /^(\d{4})\/(\d{2})$/.exec(label);
  if (!m) return undefined;
  const start = Number(m[1]);
  if (kind === 'financial' && Number(m[2]) !== (start + 1) % 100) return undefined;
  return yearOf(kind === 'calendar' ? `${start}-01-01` : `${start}-04-01`, kind);
}

/**
 * The years of `kind` from the one holding `first` to the one holding `last` (both days included), each
 * clipped to those days; a clipped year is labelled with its first and last day.
 */
export function periodsCovering(first: string, last: string, kind: YearKind): Period[] {
  const end = addDays(last, 1);
  const periods: Period[] = [];
  for (let year = yearOf(first, kind); year.from < end; year = yearOf(year.to, kind)) {
    const from = year.from < first ? first : year.from;
    const to = year.to > end ? end : year.to;
    const whole = from === year.from && to === year.to;
    periods.push({ label: whole ? year.label : `${from} to ${addDays(to, -1)}`, from, to });
  }
  return periods;
}

/** The period `count` years before `period` (whole years only), for trends against previous years. */
export function yearsBefore(period: Period, kind: YearKind, count: number): Period[] {
  const years: Period[] = [];
  let day = period.from;
  for (let k = 0; k < count; k++) {
    const year = yearOf(addDays(day, -1), kind);
    years.unshift(year);
    day = year.from;
  }
  return years;
}
