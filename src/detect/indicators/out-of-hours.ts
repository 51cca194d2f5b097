/** `out_of_hours`: one-to-one contact in night state or lock-up, in the establishment's local time. */
import { parseClock } from '../clock.ts';
import { iso, log2p, prisonerRef, type Contribution, type Indicator } from '../context.ts';

export const outOfHoursIndicator: Indicator = {
  code: 'out_of_hours',
  compute(ctx) {
    const { weight, scale_minutes } = ctx.config.out_of_hours;
    const night = { start: parseClock(ctx.config.night.from), end: parseClock(ctx.config.night.to) };
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
      if (minutes === 0) continue;
      out.push({
        code: 'out_of_hours',
        staff: c.staff,
        subject: prisonerRef(ctx, c.prisoner),
        points: weight * log2p(minutes / scale_minutes),
        value: minutes,
        explanation: `${minutes} minutes alone with the prisoner during night state (${ctx.config.night.from}–${ctx.config.night.to})`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
};
