/**
 * `contact_days`: on how many different days a member of staff was alone with one prisoner, against how
 * many their own day-to-day pattern predicts. On each day a member of staff is alone with some of a
 * wing's prisoners (cell checks, unlocking, welfare); if they chose among the wing's prisoners at random,
 * a given prisoner would be among them on that day with probability (prisoners they saw alone there that
 * day) / (prisoners living on the wing). Summed over the days, that is the expected number of contact
 * days; a few extra minutes with the same prisoner on many rostered days stands out on this count even
 * when the minutes themselves are few. Counting days rather than minutes keeps one long conversation from
 * looking like a pattern, and an officer on a small unit who sees everyone every day is expected to.
 *
 * Contact during a rostered night shift is left out: at night whom an officer sees alone is the
 * prisoner's choice, not the officer's (a cell bell answered, a prisoner on observation checked night
 * after night), so the same prisoner on many night shifts says nothing about a relationship. Time alone
 * at night that the officer's shifts do not explain is `out_of_hours`'s to weigh.
 */
import { z } from 'zod';
import { parseClock } from '../clock.ts';
import { iso, prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

export const contactDaysIndicator = {
  codes: ['contact_days'],
  configKey: 'contact_days',
  settings: z.object({
    weight: z.number().min(0),
    /** Fewer contact days than this are never a pattern. */
    min_days: z.number().int().min(1),
    /** The least expectation a count is compared with: a member of staff seen on few days has some chance. */
    min_expected: z.number().positive(),
  }),
  compute(ctx: Context): Contribution[] {
    const { data, clock } = ctx;
    const cfg = ctx.config.contact_days;
    const nLoc = data.locations.ids.length;
    // The average number of prisoners living on each wing over the time the cell records cover (a window
    // reaching back before the records begin would show half-empty wings and double every expectation).
    let first = data.to;
    let last = data.from;
    for (let i = 0; i < data.cellFrom.length; i++) {
      first = Math.min(first, data.cellFrom[i]!);
      last = Math.max(last, data.cellTo[i]!);
    }
    const windowMinutes = Math.max(1, last - first);
    const occupancy = new Float64Array(nLoc);
    for (let p = 0; p < data.prisoners.ids.length; p++)
      for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
        const w = data.locations.wing[data.cellLocation[i]!]!;
        if (w >= 0) occupancy[w]! += Math.max(0, data.cellTo[i]! - data.cellFrom[i]!) / windowMinutes;
      }
    const dayOf = (minute: number) => minute - clock.minuteOfDay(minute);
    const night = { start: parseClock(ctx.config.night.from), end: parseClock(ctx.config.night.to) };
    /** Whether a moment falls in one of the member of staff's rostered shifts that lies mostly in night state. */
    const onNightShift = (s: number, at: number) => {
      const j = ctx.shiftAt(s, at);
      if (j < 0) return false;
      const start = data.rosterStart[j]!;
      const end = data.rosterEnd[j]!;
      return 2 * clock.overlap(start, end, night) > end - start;
    };

    // Per member of staff: for each (local day, wing), how many different prisoners they were alone with;
    // per pair: the (day, wing) cells on which they were.
    const seen = new Map<number, Map<string, { day: number; wing: number; n: number }>>();
    const pairs: { staff: number; prisoner: number; cells: Set<string>; days: number; first: number[] }[] =
      [];
    for (const pc of ctx.contacts.values()) {
      const cells = new Set<string>();
      const days = new Set<number>();
      const first: number[] = [];
      let perStaff = seen.get(pc.staff);
      if (!perStaff) seen.set(pc.staff, (perStaff = new Map()));
      for (const e of ctx.contacts.episodes(pc)) {
        const wing = data.locations.wing[e.location]!;
        if (wing < 0 || onNightShift(pc.staff, e.start)) continue;
        const day = dayOf(e.start);
        const cell = `${day}|${wing}`;
        if (cells.has(cell)) continue;
        cells.add(cell);
        days.add(day);
        first.push(e.start);
        const seenThere = perStaff.get(cell);
        if (seenThere) seenThere.n++;
        else perStaff.set(cell, { day, wing, n: 1 });
      }
      if (cells.size) pairs.push({ staff: pc.staff, prisoner: pc.prisoner, cells, days: days.size, first });
    }

    const out: Contribution[] = [];
    for (const pair of pairs) {
      const observed = pair.days;
      if (observed < cfg.min_days) continue;
      // Expected: on every (day, wing) the member of staff saw prisoners alone where this prisoner lived,
      // the chance this prisoner was one of them, leaving the prisoner's own contact out of the rate.
      let expected = 0;
      for (const [cell, { day, wing, n }] of seen.get(pair.staff)!) {
        const mine = pair.cells.has(cell);
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
} as const satisfies Indicator;
