/**
 * `concentration`: one-to-one time with a prisoner against what the member of staff's roster exposure
 * predicts. Expected time = the staff member's total one-to-one time × the prisoner's share of the
 * prisoners on the wings the staff member is rostered to (plus a small uniform share), so an officer
 * on A wing every day is not flagged for seeing A-wing prisoners, but one who gives one prisoner six
 * times their share is. The points are the Poisson surprise of the observed time over the expected.
 */
import { z } from 'zod';
import { prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

export const concentrationIndicator = {
  codes: ['concentration'],
  configKey: 'concentration',
  settings: z.object({
    weight: z.number().min(0),
    unit_minutes: z.number().positive(),
    max_surprise: z.number().positive(),
    uniform_share: z.number().min(0).max(1),
    min_minutes: z.number().min(0),
  }),
  compute(ctx: Context): Contribution[] {
    const { data, config } = ctx;
    const cfg = config.concentration;
    const nLoc = data.locations.ids.length;
    const nP = data.prisoners.ids.length;
    // Each prisoner's residence (minutes) per wing, and each wing's total.
    const residence = new Map<number, Map<number, number>>();
    const wingTotal = new Float64Array(nLoc);
    let residents = 0;
    for (let p = 0; p < nP; p++) {
      const per = new Map<number, number>();
      for (let i = data.cellOffsets[p]!; i < data.cellOffsets[p + 1]!; i++) {
        const w = data.locations.wing[data.cellLocation[i]!]!;
        if (w < 0) continue;
        const m = Math.max(0, data.cellTo[i]! - data.cellFrom[i]!);
        per.set(w, (per.get(w) ?? 0) + m);
        wingTotal[w]! += m;
      }
      if (per.size) residents++;
      residence.set(p, per);
    }
    // Each member of staff's total one-to-one time, and roster time per wing.
    const total = new Map<number, number>();
    const contactWings = new Map<number, Map<number, number>>();
    for (const c of ctx.contacts.values()) {
      total.set(c.staff, (total.get(c.staff) ?? 0) + c.minutes);
      const per = contactWings.get(c.staff) ?? new Map<number, number>();
      for (const e of ctx.contacts.episodes(c)) {
        const w = data.locations.wing[e.location]!;
        if (w >= 0) per.set(w, (per.get(w) ?? 0) + e.end - e.start);
      }
      contactWings.set(c.staff, per);
    }
    const rosterWings = (s: number): Map<number, number> => {
      const per = new Map<number, number>();
      for (let j = data.rosterOffsets[s]!; j < data.rosterOffsets[s + 1]!; j++) {
        const post = data.rosterPost[j]!;
        const w = post < 0 ? -1 : data.locations.kind[post] === 'wing' ? post : data.locations.wing[post]!;
        if (w >= 0) per.set(w, (per.get(w) ?? 0) + data.rosterEnd[j]! - data.rosterStart[j]!);
      }
      // Staff not rostered to wings (healthcare, chaplaincy): their own contact pattern is their exposure.
      const minutes = per.size ? per : (contactWings.get(s) ?? per);
      const all = [...minutes.values()].reduce((a, b) => a + b, 0);
      return new Map([...minutes].map(([w, m]) => [w, m / all]));
    };
    // Each member of staff's exposure: the fraction of their roster (or contact) time on each wing.
    const exposureCache = new Map<number, Map<number, number>>();

    const out: Contribution[] = [];
    for (const c of ctx.contacts.values()) {
      if (c.minutes < cfg.min_minutes) continue;
      let wings = exposureCache.get(c.staff);
      if (!wings) exposureCache.set(c.staff, (wings = rosterWings(c.staff)));
      let share = 0;
      const res = residence.get(c.prisoner)!;
      for (const [w, fraction] of wings)
        if (wingTotal[w]! > 0) share += fraction * ((res.get(w) ?? 0) / wingTotal[w]!);
      share = (1 - cfg.uniform_share) * share + cfg.uniform_share / Math.max(1, residents);
      const expected = total.get(c.staff)! * share;
      const surprise = Math.min(
        cfg.max_surprise,
        poissonSurprise(Math.floor(c.minutes / cfg.unit_minutes), expected / cfg.unit_minutes),
      );
      if (surprise <= 0) continue;
      const ratio = c.minutes / Math.max(expected, 0.1);
      out.push({
        code: 'concentration',
        staff: c.staff,
        subject: prisonerRef(ctx, c.prisoner),
        points: cfg.weight * surprise,
        value: ratio,
        ratio,
        explanation: `${ratio.toFixed(1)} times the contact expected from the roster: ${c.minutes} minutes alone with this prisoner against ${expected.toFixed(1)} expected from where this member of staff works and the prisoner lives`,
        evidence: [],
      });
    }
    return out;
  },
} as const satisfies Indicator;
