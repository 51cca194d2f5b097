/**
 * Each wing over a run of days: the share of its prisoners accounted for throughout the working day,
 * their unaccounted minutes, and its counts that did not match or are still open. The worst wings of a
 * month are the ones with the lowest share.
 */
import type { CountDiscrepancy, Reconciled } from './reconcile.ts';
import type { Roll } from './roll.ts';
import { workingDayTime } from './working-day.ts';

export interface TrendDay {
  day: string;
  /** The working day's start and end (epoch milliseconds). */
  from: number;
  to: number;
}

export interface WingDay {
  prisoners: number;
  fullyAccounted: number;
  /** Minutes where presence disagrees or no record covers, summed over the wing's prisoners. */
  unaccountedMinutes: number;
}

export interface WingTrend {
  wing: string;
  /** One entry a day, in the order of the days asked for. */
  days: WingDay[];
  /** Over all the days: prisoner-days accounted for throughout, out of all; null with no prisoners. */
  share: number | null;
  countsNotMatching: number;
  countsOpen: number;
}

/** The wings' working days over `days`, worst first (lowest share accounted for). */
export function wingTrend(
  roll: Roll,
  days: readonly TrendDay[],
  reconciled: readonly Reconciled[],
  discrepancies: readonly CountDiscrepancy[],
  step = 10,
): WingTrend[] {
  const trends = new Map<string, WingTrend>(
    roll.records.wings.map((wing) => [
      wing,
      { wing, days: [], share: null, countsNotMatching: 0, countsOpen: 0 },
    ]),
  );
  for (const d of days) {
    const time = workingDayTime(roll, d.from, d.to, step);
    const minutes = new Map<string, number>();
    for (const p of time.prisoners)
      if (p.wing) minutes.set(p.wing, (minutes.get(p.wing) ?? 0) + p.disagreeing + p.silent);
    for (const w of time.wings)
      trends.get(w.wing)!.days.push({
        prisoners: w.prisoners,
        fullyAccounted: w.fullyAccounted,
        unaccountedMinutes: minutes.get(w.wing) ?? 0,
      });
  }
  const wingOfCount = (r: Reconciled) => trends.get(roll.wingOf(r.count.location) ?? '');
  for (const r of reconciled) {
    const t = wingOfCount(r);
    if (t && r.status !== 'matched') t.countsNotMatching++;
  }
  for (const c of discrepancies) {
    const t = wingOfCount(c.reconciled);
    if (t && c.state === 'open') t.countsOpen++;
  }
  for (const t of trends.values()) {
    const all = t.days.reduce((n, d) => n + d.prisoners, 0);
    t.share = all ? t.days.reduce((n, d) => n + d.fullyAccounted, 0) / all : null;
  }
  return [...trends.values()].sort((a, b) => (a.share ?? 2) - (b.share ?? 2) || a.wing.localeCompare(b.wing));
}
