/**
 * `contact_days`: on how many different days a member of staff was with one prisoner, against how many
 * their own day-to-day pattern predicts. On each day a member of staff is alone with some of a wing's
 * prisoners (cell checks, unlocking, welfare); if they chose among the wing's prisoners at random, a
 * given prisoner would be among them on that day with probability (prisoners they saw alone there that
 * day) / (prisoners living on the wing). Summed over the days, that is the expected number of contact
 * days; a few extra minutes with the same prisoner on many rostered days stands out on this count even
 * when the minutes themselves are few. Counting days rather than minutes keeps one long conversation from
 * looking like a pattern, and an officer on a small unit who sees everyone every day is expected to.
 *
 * The same count is made of the days a member of staff went into the prisoner's cell, whoever the
 * records put there: while a wing is unlocked nothing may record where its prisoners are, so time in one
 * prisoner's cell then is never seen as time alone, yet going back to the same cell day after day stands
 * out among the cells the officer goes into as much as among the prisoners they see alone. A cell entered
 * counts for whoever is allocated to it, each occupant of a shared cell alike. The more surprising of the
 * two counts is the finding.
 *
 * Contact during a rostered night shift is left out: at night whom an officer sees alone is the
 * prisoner's choice, not the officer's (a cell bell answered, a prisoner on observation checked night
 * after night), so the same prisoner on many night shifts says nothing about a relationship. Time alone
 * at night that the officer's shifts do not explain is `out_of_hours`'s to weigh.
 */
import { z } from 'zod';
import { iso, prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';
import type { EstablishmentData } from '../data.ts';
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
    const occupancy = wingOccupancy(data);
    const dayOf = (minute: number) => minute - clock.minuteOfDay(minute);
    const { night } = ctx;
    /** Whether a moment falls in one of the member of staff's rostered shifts that lies mostly in night state. */
    const onNightShift = (s: number, at: number) => {
      const j = ctx.shiftAt(s, at);
      if (j < 0) return false;
      const start = data.rosterStart[j]!;
      const end = data.rosterEnd[j]!;
      return 2 * clock.overlap(start, end, night) > end - start;
    };
    const tally = () =>
      new DayTally((at, s, location) => {
        const wing = data.locations.wing[location]!;
        return wing < 0 || onNightShift(s, at) ? undefined : { day: dayOf(at), wing };
      });

    const alone = tally();
    for (const pc of ctx.contacts.values())
      for (const e of ctx.contacts.episodes(pc)) alone.add(pc.staff, pc.prisoner, e.location, e.start);

    const entered = tally();
    const p = data.staffOnWings;
    for (let i = 0; i < p.length; i++) {
      const location = p.location[i]!;
      const at = p.start[i]!;
      if (data.locations.kind[location] !== 'cell' || at < data.from || at >= data.to) continue;
      for (const prisoner of ctx.occupantsOf(location, at))
        entered.add(p.subject[i]!, prisoner, location, at);
    }

    const best = new Map<string, Contribution>();
    const found = (tally: DayTally, what: string, basis: string, evidence: string) => {
      for (const pair of tally.pairs.values()) {
        const observed = pair.days.size;
        if (observed < cfg.min_days) continue;
        const expected = tally.expected(pair, (prisoner, day) => ctx.wingOf(prisoner, day + 720), occupancy);
        const surprise = poissonSurprise(observed, Math.max(expected, cfg.min_expected));
        const key = `${pair.staff}|${pair.prisoner}`;
        if (surprise <= 0 || cfg.weight * surprise <= (best.get(key)?.points ?? 0)) continue;
        best.set(key, {
          code: 'contact_days',
          staff: pair.staff,
          subject: prisonerRef(ctx, pair.prisoner),
          points: cfg.weight * surprise,
          value: observed,
          ratio: observed / Math.max(expected, cfg.min_expected),
          explanation: `${what} on ${observed} different days, against ${expected.toFixed(1)} expected from ${basis}`,
          evidence: pair.first.slice(-20).map((at) => ({ at: iso(at), what: evidence })),
        });
      }
    };
    found(
      alone,
      'Alone with the prisoner',
      "how many of the wing's prisoners this member of staff sees alone on a day",
      'a day alone together',
    );
    found(
      entered,
      "In the prisoner's cell",
      "how many of the wing's prisoners' cells this member of staff goes into on a day",
      'a day in their cell',
    );
    return [...best.values()];
  },
} as const satisfies Indicator;

interface PairDays {
  staff: number;
  prisoner: number;
  /** The (day, wing) on which they were together, as `day|wing`, and the days. */
  cells: Set<string>;
  days: Set<number>;
  /** The first moment of each of those (day, wing). */
  first: number[];
}

/**
 * Per member of staff, for each (local day, wing), how many different prisoners they were with; per pair,
 * the (day, wing) on which they were. `where` gives a moment's day and wing, or nothing when it is not
 * counted (off a wing, a night shift).
 */
class DayTally {
  readonly pairs = new Map<string, PairDays>();
  private readonly seen = new Map<number, Map<string, { day: number; wing: number; n: number }>>();

  constructor(
    private readonly where: (
      at: number,
      staff: number,
      location: number,
    ) => { day: number; wing: number } | undefined,
  ) {}

  add(staff: number, prisoner: number, location: number, at: number): void {
    const w = this.where(at, staff, location);
    if (!w) return;
    const key = `${staff}|${prisoner}`;
    let pair = this.pairs.get(key);
    if (!pair)
      this.pairs.set(key, (pair = { staff, prisoner, cells: new Set(), days: new Set(), first: [] }));
    const cell = `${w.day}|${w.wing}`;
    if (pair.cells.has(cell)) return;
    pair.cells.add(cell);
    pair.days.add(w.day);
    pair.first.push(at);
    let perStaff = this.seen.get(staff);
    if (!perStaff) this.seen.set(staff, (perStaff = new Map()));
    const seenThere = perStaff.get(cell);
    if (seenThere) seenThere.n++;
    else perStaff.set(cell, { day: w.day, wing: w.wing, n: 1 });
  }

  /**
   * On every (day, wing) the member of staff was with prisoners where this prisoner lived, the chance this
   * prisoner was one of them, leaving the prisoner's own days out of the rate.
   */
  expected(
    pair: PairDays,
    wingOf: (prisoner: number, day: number) => number,
    occupancy: Float64Array,
  ): number {
    let expected = 0;
    for (const [cell, { day, wing, n }] of this.seen.get(pair.staff)!) {
      const mine = pair.cells.has(cell);
      if (!mine && wingOf(pair.prisoner, day) !== wing) continue;
      const others = n - (mine ? 1 : 0);
      expected += Math.min(1, others / Math.max(1, occupancy[wing]! - 1));
    }
    return expected;
  }
}

/**
 * The average number of prisoners living on each wing over the time the cell records cover (a window
 * reaching back before the records begin would show half-empty wings and double every expectation).
 */
function wingOccupancy(data: EstablishmentData): Float64Array {
  let first = data.to;
  let last = data.from;
  for (let i = 0; i < data.cellFrom.length; i++) {
    first = Math.min(first, data.cellFrom[i]!);
    last = Math.max(last, data.cellTo[i]!);
  }
  const windowMinutes = Math.max(1, last - first);
  const occupancy = new Float64Array(data.locations.ids.length);
  for (let p = 0; p < data.prisoners.ids.length; p++)
    for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
      const w = data.locations.wing[data.cellLocation[i]!]!;
      if (w >= 0) occupancy[w]! += Math.max(0, data.cellTo[i]! - data.cellFrom[i]!) / windowMinutes;
    }
  return occupancy;
}
