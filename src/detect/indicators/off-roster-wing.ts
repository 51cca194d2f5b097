/**
 * `off_roster_wing` (staff-level): days on which a member of staff whose roster posts them on the wings
 * was on the wings when no shift of theirs (with the configured tolerance) had them there. Coming in on a
 * day off, or staying on after lock-up, is how time with one prisoner is found where nobody expects a
 * member of staff; where presence is recorded only at the wing's door, nothing names the prisoner, but
 * the days themselves do. Staff rostered elsewhere (a chaplain in the chapel) go onto the wings as the
 * work needs, which their roster does not say, so they are left out. Unrostered overtime or a roster that
 * is not kept up makes it common in some establishments: the peer comparison then makes it count for
 * little. */
import { z } from 'zod';
import { iso, log2p, type Contribution, type Indicator, type Context } from '../context.ts';

export const offRosterWingIndicator = {
  codes: ['off_roster_wing'],
  configKey: 'off_roster_wing',
  settings: z
    .object({
      weight: z.number().min(0),
      /** Fewer minutes off roster than this on a day do not make it a day off roster. */
      min_minutes: z.number().positive(),
    })
    .default({ weight: 0, min_minutes: 10 }),
  compute(ctx: Context): Contribution[] {
    const { data, clock } = ctx;
    const cfg = ctx.config.off_roster_wing;
    const tolerance = ctx.config.off_roster.tolerance_minutes;
    const { rosterOffsets, rosterStart, rosterEnd } = data;
    const p = data.staffOnWings;
    // Only staff whose roster posts them on the wings: a chaplain rostered in the chapel goes onto the
    // wings as the work needs, which their roster does not say.
    const wingRostered = new Uint8Array(data.staff.ids.length);
    for (let s = 0; s < wingRostered.length; s++)
      for (let j = rosterOffsets[s]!; j < rosterOffsets[s + 1]! && !wingRostered[s]; j++) {
        const post = data.rosterPost[j]!;
        if (post >= 0 && (data.locations.kind[post] === 'wing' || data.locations.wing[post]! >= 0))
          wingRostered[s] = 1;
      }
    // Per member of staff: minutes off roster on each local day, and the first such moment of the day.
    const days = new Map<number, Map<number, { minutes: number; at: number; where: number }>>();
    for (let i = 0; i < p.length; i++) {
      const s = p.subject[i]!;
      if (!wingRostered[s]) continue;
      const start = Math.max(p.start[i]!, data.from);
      const end = Math.min(p.end[i]!, data.to);
      if (end <= start) continue;
      let covered = 0;
      for (let j = rosterOffsets[s]!; j < rosterOffsets[s + 1]!; j++) {
        if (rosterStart[j]! - tolerance >= end) break;
        covered += Math.max(
          0,
          Math.min(end, rosterEnd[j]! + tolerance) - Math.max(start, rosterStart[j]! - tolerance),
        );
      }
      const off = end - start - Math.min(covered, end - start);
      if (off <= 0) continue;
      const day = start - clock.minuteOfDay(start);
      let mine = days.get(s);
      if (!mine) days.set(s, (mine = new Map()));
      const d = mine.get(day);
      if (d) d.minutes += off;
      else mine.set(day, { minutes: off, at: start, where: p.location[i]! });
    }
    const out: Contribution[] = [];
    for (const [s, mine] of days) {
      const offDays = [...mine.values()].filter((d) => d.minutes >= cfg.min_minutes);
      if (!offDays.length) continue;
      const minutes = offDays.reduce((a, d) => a + d.minutes, 0);
      out.push({
        code: 'off_roster_wing',
        staff: s,
        subject: null,
        points: cfg.weight * log2p(offDays.length),
        value: offDays.length,
        explanation: `On the wings on ${offDays.length} days with no roster shift there (${Math.round(minutes)} minutes in all)`,
        evidence: offDays
          .sort((a, b) => a.at - b.at)
          .slice(-20)
          .map((d) => ({
            at: iso(d.at),
            what: `${Math.round(d.minutes)} minutes on ${data.locations.ids[d.where]} with no roster shift`,
          })),
      });
    }
    return out;
  },
} as const satisfies Indicator;
