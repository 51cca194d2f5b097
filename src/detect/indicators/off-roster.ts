/** `off_roster`: one-to-one contact when the member of staff was not on a roster shift. */
import { z } from 'zod';
import { iso, log2p, prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';

export const offRosterIndicator = {
  codes: ['off_roster'],
  configKey: 'off_roster',
  settings: z.object({
    weight: z.number().min(0),
    scale_minutes: z.number().positive(),
    tolerance_minutes: z.number().min(0),
  }),
  compute(ctx: Context): Contribution[] {
    const { weight, scale_minutes } = ctx.config.off_roster;
    const out: Contribution[] = [];
    for (const c of ctx.contacts.values()) {
      let minutes = 0;
      const evidence = [];
      for (const e of ctx.contacts.episodes(c)) {
        let off = 0;
        for (let m = e.start; m < e.end; m++) if (!ctx.rostered(c.staff, m)) off++;
        if (off > 0) {
          minutes += off;
          evidence.push({
            at: iso(e.start),
            what: `${off} min in ${ctx.data.locations.ids[e.location]} with no roster shift`,
          });
        }
      }
      if (minutes === 0) continue;
      out.push({
        code: 'off_roster',
        staff: c.staff,
        subject: prisonerRef(ctx, c.prisoner),
        points: weight * log2p(minutes / scale_minutes),
        value: minutes,
        explanation: `${minutes} minutes alone with the prisoner while not rostered on duty`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
} as const satisfies Indicator;
