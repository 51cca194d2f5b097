/**
 * `out_of_hours`: one-to-one contact in night state or lock-up, in the establishment's local time,
 * beyond what the member of staff's own roster predicts: a night officer sees prisoners at night.
 */
import { z } from 'zod';
import { poissonSurprise } from '../stats.ts';
import { parseClock } from '../clock.ts';
import { iso, prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';

export const outOfHoursIndicator = {
  codes: ['out_of_hours'],
  configKey: 'out_of_hours',
  settings: z.object({ weight: z.number().min(0), scale_minutes: z.number().positive() }),
  compute(ctx: Context): Contribution[] {
    const { weight, scale_minutes } = ctx.config.out_of_hours;
    const night = { start: parseClock(ctx.config.night.from), end: parseClock(ctx.config.night.to) };
    const { data } = ctx;
    // Each member of staff's share of rostered time that falls in night state.
    const nightShare = new Map<number, number>();
    const shareOf = (s: number): number => {
      let share = nightShare.get(s);
      if (share !== undefined) return share;
      let all = 0;
      let atNight = 0;
      for (let j = data.rosterOffsets[s]!; j < data.rosterOffsets[s + 1]!; j++) {
        all += data.rosterEnd[j]! - data.rosterStart[j]!;
        atNight += ctx.clock.overlap(data.rosterStart[j]!, data.rosterEnd[j]!, night);
      }
      nightShare.set(s, (share = all > 0 ? atNight / all : 0));
      return share;
    };
    const out: Contribution[] = [];
    for (const c of ctx.contacts.values()) {
      let minutes = 0;
      const evidence = [];
      for (const e of ctx.contacts.episodes(c)) {
        const m = ctx.clock.overlap(e.start, e.end, night);
        if (m > 0) {
          minutes += m;
          evidence.push({
            at: iso(e.start),
            what: `${m} min alone together in ${ctx.data.locations.ids[e.location]} during night state`,
          });
        }
      }
      // How surprising the night minutes are (in units of scale_minutes) given the night share of the
      // member of staff's own shifts: a few minutes over what their nights predict is nothing.
      const expected = shareOf(c.staff) * c.minutes;
      const surprise = poissonSurprise(
        Math.floor(minutes / scale_minutes),
        Math.max(expected, scale_minutes / 2) / scale_minutes,
      );
      if (surprise <= 0) continue;
      out.push({
        code: 'out_of_hours',
        staff: c.staff,
        subject: prisonerRef(ctx, c.prisoner),
        points: weight * surprise,
        value: minutes,
        explanation: `${minutes} minutes alone with the prisoner during night state (${ctx.config.night.from}–${ctx.config.night.to}), ${expected.toFixed(0)} expected from the share of their shifts at night`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
} as const satisfies Indicator;
