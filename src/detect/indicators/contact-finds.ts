/**
 * `contact_finds` (staff-level): of the prisoners a member of staff was alone with on several days, how
 * many later had items found on them or in their cell that have to be brought in (phones, SIM cards,
 * drugs: `conveyed_items`), against how many would have had such a find anyway.
 *
 * An officer who supplies a handful of prisoners on their own wing sees each of them alone for a few
 * minutes now and then, as they see everyone: the time alone says little, and because several prisoners
 * look alike the pair lead cancels it. Finds after their shifts say little too when they work most days.
 * What gives them away is who the finds land on: the people they keep seeing alone are the people
 * phones and drugs are found on. An officer of the same wing who sees the same prisoners among many
 * others, or whose prisoners have no more finds than the wing's, is not raised.
 *
 * A prisoner counts from the end of the time alone that makes their `min_days`th day of it; their chance
 * of a find is their own wings' rate of such finds (per prisoner-minute) over the time they lived there
 * from then; the count of prisoners with a later find is compared with those chances (a Poisson
 * binomial). A find during the member of staff's own time with the prisoner, or within `margin_minutes`
 * after it, does not count: it may be their own search, when the searcher's entry to the cell is recorded.
 */
import { z } from 'zod';
import { iso, prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';
import type { EstablishmentData } from '../data.ts';
import { poissonBinomialSurprise } from '../stats.ts';

export const contactFindsIndicator = {
  codes: ['contact_finds'],
  configKey: 'contact_finds',
  /** Staff-level: the prisoners a member of staff keeps seeing alone are those conveyed items are found on. */
  settings: z
    .object({
      weight: z.number().min(0),
      /** Prisoners seen alone on fewer days than this are left out: a passing contact says nothing. */
      min_days: z.number().int().min(1),
      /** A find this soon after a time alone does not follow it (it may be the search itself). */
      margin_minutes: z.number().min(0),
      /** Fewer prisoners with a later find than this are never a pattern, however few were expected. */
      min_finds: z.number().int().min(1),
      max_surprise: z.number().positive(),
      /** Items that have to be brought in (a phone, not a home-made weapon): the only finds counted. */
      conveyed_items: z.array(z.string()).min(1),
    })
    .default({
      weight: 0,
      min_days: 2,
      margin_minutes: 180,
      min_finds: 2,
      max_surprise: 12,
      conveyed_items: ['mobile_phone', 'sim_card', 'drugs'],
    }),
  compute(ctx: Context): Contribution[] {
    const { data } = ctx;
    const cfg = ctx.config.contact_finds;
    const findsOf = conveyedFinds(ctx, new Set(cfg.conveyed_items));
    const rate = findRatePerWing(data, findsOf);
    const names = cfg.conveyed_items.map((i) => i.replace('_', ' '));
    const items = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]!;

    const dayOf = (minute: number) => minute - ctx.clock.minuteOfDay(minute);
    const perStaff = new Map<number, { chances: number[]; found: { prisoner: number; at: number }[] }>();
    for (const pc of ctx.contacts.values()) {
      const episodes = ctx.contacts.episodes(pc);
      // A prisoner the member of staff keeps seeing alone from the end of the `min_days`th local day of it.
      const days = new Set<number>();
      const kept = episodes.find((e) => days.add(dayOf(e.start)).size === cfg.min_days);
      if (!kept) continue;
      const from = kept.end;
      // The prisoner's expected finds over the time they lived on each wing from then.
      let mean = 0;
      for (let i = data.cellOffsets[pc.prisoner]!; i < data.cellOffsets[pc.prisoner + 1]!; i++) {
        const w = data.locations.wing[data.cellLocation[i]!]!;
        const span = Math.min(data.to, data.cellTo[i]!) - Math.max(from, data.from, data.cellFrom[i]!);
        if (w >= 0 && span > 0) mean += (rate.get(w) ?? 0) * span;
      }
      // A find counts where a chance was reckoned for it (while the prisoner lived on a wing in the
      // window), and not during or soon after this member of staff's own time with them: their own search.
      const own = (t: number) => episodes.some((e) => e.start <= t && t < e.end + cfg.margin_minutes);
      const later = findsOf[pc.prisoner]!.find(
        (t) => t >= from && t < data.to && ctx.wingOf(pc.prisoner, t) >= 0 && !own(t),
      );
      const mine = perStaff.get(pc.staff) ?? { chances: [], found: [] };
      mine.chances.push(1 - Math.exp(-mean));
      if (later !== undefined) mine.found.push({ prisoner: pc.prisoner, at: later });
      perStaff.set(pc.staff, mine);
    }

    const out: Contribution[] = [];
    for (const [s, { chances, found }] of perStaff) {
      if (found.length < cfg.min_finds) continue;
      const surprise = Math.min(cfg.max_surprise, poissonBinomialSurprise(found.length, chances));
      if (surprise <= 0) continue;
      const expected = chances.reduce((a, b) => a + b, 0);
      out.push({
        code: 'contact_finds',
        staff: s,
        subject: null,
        points: cfg.weight * surprise,
        value: found.length,
        ratio: found.length / Math.max(expected, 0.1),
        explanation: `${found.length} of the ${chances.length} prisoners they were alone with on ${cfg.min_days} days or more later had ${items} found, against ${expected.toFixed(1)} expected from their wings' finds`,
        evidence: found.slice(-20).map((f) => ({
          at: iso(f.at),
          what: `a find on ${prisonerRef(ctx, f.prisoner).replace(':', ' ')} after time alone with them`,
        })),
      });
    }
    return out;
  },
} as const satisfies Indicator;

/** Each prisoner's finds of conveyed items in time order: those naming them, and those in their cell then. */
function conveyedFinds(ctx: Context, items: Set<string>): number[][] {
  const out: number[][] = Array.from({ length: ctx.data.prisoners.ids.length }, () => []);
  for (const f of ctx.data.finds) {
    if (!items.has(f.item)) continue;
    if (f.prisoner >= 0) out[f.prisoner]!.push(f.at);
    else {
      // A find in a cell that names nobody is its occupant's only when it had one: in a shared cell it
      // would count for each of two prisoners whom an officer is alone with together.
      const there = ctx.occupantsOf(f.location, f.at);
      if (there.length === 1) out[there[0]!]!.push(f.at);
    }
  }
  for (const list of out) list.sort((a, b) => a - b);
  return out;
}

/** Per wing: finds of conveyed items on its prisoners per prisoner-minute lived there in the window. */
function findRatePerWing(data: EstablishmentData, findsOf: number[][]): Map<number, number> {
  const lived = new Map<number, number>();
  const found = new Map<number, number>();
  for (let p = 0; p < data.prisoners.ids.length; p++)
    for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
      const w = data.locations.wing[data.cellLocation[i]!]!;
      const from = Math.max(data.from, data.cellFrom[i]!);
      const to = Math.min(data.to, data.cellTo[i]!);
      if (w < 0 || to <= from) continue;
      lived.set(w, (lived.get(w) ?? 0) + to - from);
      found.set(w, (found.get(w) ?? 0) + findsOf[p]!.filter((t) => t >= from && t < to).length);
    }
  return new Map([...lived].map(([w, minutes]) => [w, (found.get(w) ?? 0) / minutes]));
}
