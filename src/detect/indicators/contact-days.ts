/**
 * `contact_days`: on how many different days a member of staff was alone with one prisoner, against how
 * many their own day-to-day pattern predicts. On each day a member of staff is alone with some of a
 * wing's prisoners (cell checks, unlocking, welfare); if they chose among the wing's prisoners at random,
 * a given prisoner would be among them on that day with probability (prisoners they saw alone there that
 * day) / (prisoners living on the wing). Summed over the days, that is the expected number of contact
 * days; a few extra minutes with the same prisoner on many rostered days stands out on this count even
 * when the minutes themselves are few. Counting days rather than minutes keeps one long conversation from
 * looking like a pattern, and an officer on a small unit who sees everyone every day is expected to.
 */
import { iso, prisonerRef, type Contribution, type Indicator } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

export const contactDaysIndicator: Indicator = {
  code: 'contact_days',
  compute(ctx) {
    const { data, clock } = ctx;
    const cfg = ctx.config.contact_days;
    const nLoc = data.locations.ids.length;
    const windowMinutes = Math.max(1, data.to - data.from);
    // The average number of prisoners living on each wing over the window.
    const occupancy = new Float64Array(nLoc);
    for (let p = 0; p < data.prisoners.ids.length; p++)
      for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
        const w = data.locations.wing[data.cellLocation[i]!]!;
        if (w >= 0) occupancy[w]! += Math.max(0, data.cellTo[i]! - data.cellFrom[i]!) / windowMinutes;
      }
    const dayOf = (minute: number) => minute - clock.minuteOfDay(minute);

    // Per member of staff: for each (local day, wing), how many different prisoners they were alone with;
    // per pair: the (day, wing) cells on which they were.
    const seen = new Map<number, Map<string, number>>();
    const pairs: { staff: number; prisoner: number; days: Map<string, number>; first: number[] }[] = [];
    for (const pc of ctx.contacts.values()) {
      const days = new Map<string, number>();
      const first: number[] = [];
      for (const e of ctx.contacts.episodes(pc)) {
        const w = data.locations.wing[e.location]!;
        if (w < 0) continue;
        const cell = `${dayOf(e.start)}|${w}`;
        if (!days.has(cell)) first.push(e.start);
        days.set(cell, (days.get(cell) ?? 0) + e.end - e.start);
      }
      if (days.size === 0) continue;
      let perStaff = seen.get(pc.staff);
      if (!perStaff) seen.set(pc.staff, (perStaff = new Map()));
      for (const cell of days.keys()) perStaff.set(cell, (perStaff.get(cell) ?? 0) + 1);
      pairs.push({ staff: pc.staff, prisoner: pc.prisoner, days, first });
    }

    const out: Contribution[] = [];
    for (const pair of pairs) {
      const observed = new Set([...pair.days.keys()].map((k) => k.split('|')[0])).size;
      if (observed < cfg.min_days) continue;
      // Expected: on every (day, wing) the member of staff saw prisoners alone where this prisoner lived,
      // the chance this prisoner was one of them, leaving the prisoner's own contact out of the rate.
      let expected = 0;
      for (const [cell, n] of seen.get(pair.staff)!) {
        const [day, wing] = cell.split('|').map(Number) as [number, number];
        const mine = pair.days.has(cell);
        if (!mine && ctx.wingOf(pair.prisoner, day + 720) !== wing) continue;
        const others = n - (mine ? 1 : 0);
        expected += Math.min(1, others / Math.max(1, occupancy[wing]! - 1));
      }
      const surprise = poissonSurprise(observed, Math.max(expected, cfg.min_expected));
      if (surprise <= 0) continue;
      out.push({
        code: 'contact_days',
        staff: pair.staff,
        subject: prisonerRef(ctx, pair.prisoner),
        points: cfg.weight * surprise,
        value: observed,
        ratio: observed / Math.max(expected, cfg.min_expected),
        explanation: `Alone with the prisoner on ${observed} different days, against ${expected.toFixed(1)} expected from how many of the wing's prisoners this member of staff sees alone on a day`,
        evidence: pair.first.slice(-20).map((at) => ({ at: iso(at), what: 'a day alone together' })),
      });
    }
    return out;
  },
};
