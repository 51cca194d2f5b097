/** `one_to_one`: time a member of staff spent alone with one prisoner in a cell or room. */
import { z } from 'zod';
import { iso, log2p, prisonerRef, type Contribution, type Indicator, type Context } from '../context.ts';

export const oneToOneIndicator = {
  codes: ['one_to_one'],
  configKey: 'one_to_one',
  settings: z.object({
    location_kinds: z.array(z.string()),
    merge_gap_minutes: z.number().min(0),
    weight: z.number().min(0),
    scale_minutes: z.number().positive(),
  }),
  compute(ctx: Context): Contribution[] {
    const { weight, scale_minutes } = ctx.config.one_to_one;
    const out: Contribution[] = [];
    for (const c of ctx.contacts.values()) {
      out.push({
        code: 'one_to_one',
        staff: c.staff,
        subject: prisonerRef(ctx, c.prisoner),
        points: weight * log2p(c.minutes / scale_minutes),
        value: c.minutes,
        explanation: `${c.minutes} minutes alone with the prisoner in ${c.count} visit${c.count === 1 ? '' : 's'}`,
        evidence: ctx.contacts
          .episodes(c)
          .slice(-20)
          .map((e) => ({
            at: iso(e.start),
            what: `Alone together in ${ctx.data.locations.ids[e.location]} for ${e.end - e.start} min`,
          })),
      });
    }
    return out;
  },
} as const satisfies Indicator;
