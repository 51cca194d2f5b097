/**
 * `roll_count` (staff-level): roll counts that matched the expected roll exactly while presence data put
 * the heads at another figure, against how often that happens to the establishment's other counters. An
 * officer who counts heads finds the prisoner who is not there (a short count, then a recount); one who
 * copies the roll board writes the expected figure every time. Each count where presence disagreed is a
 * trial whose chance of an exact match is the peers' share (with one match and one miss added, so a
 * prison where nobody has yet matched still gives some chance); the surprise is the binomial tail. Late
 * counts are named in the explanation but do not score: they are poor practice, not a false record.
 */
import { z } from 'zod';
import { iso, type Contribution, type Indicator, type Context } from '../context.ts';
import { poissonBinomialSurprise } from '../stats.ts';

export const rollCountIndicator = {
  codes: ['roll_count'],
  configKey: 'roll_count',
  /** Staff-level: roll counts that match the expected roll exactly while presence disagrees. */
  settings: z
    .object({
      weight: z.number().min(0),
      /** Fewer counts where presence disagreed than this are never a pattern. */
      min_counts: z.number().int().min(1),
      max_surprise: z.number().positive(),
    })
    .default({ weight: 0, min_counts: 3, max_surprise: 6 }),
  compute(ctx: Context): Contribution[] {
    const cfg = ctx.config.roll_count;
    const counters = ctx.data.counting;
    const total = counters.reduce(
      (t, c) => ({
        disagreed: t.disagreed + c.record.presenceDisagreed,
        exact: t.exact + c.record.exactWhilePresenceDisagreed,
      }),
      { disagreed: 0, exact: 0 },
    );
    const out: Contribution[] = [];
    for (const { staff, record: r } of counters) {
      if (r.presenceDisagreed < cfg.min_counts) continue;
      const peers =
        (total.exact - r.exactWhilePresenceDisagreed + 1) / (total.disagreed - r.presenceDisagreed + 2);
      const chances = new Array<number>(r.presenceDisagreed).fill(peers);
      const surprise = Math.min(
        cfg.max_surprise,
        poissonBinomialSurprise(r.exactWhilePresenceDisagreed, chances),
      );
      if (surprise <= 0) continue;
      const expected = peers * r.presenceDisagreed;
      const late = r.late ? `; ${r.late} of their ${r.counts} counts were late` : '';
      out.push({
        code: 'roll_count',
        staff,
        subject: null,
        points: cfg.weight * surprise,
        value: r.exactWhilePresenceDisagreed,
        ratio: r.exactWhilePresenceDisagreed / Math.max(expected, 0.1),
        explanation: `${r.exactWhilePresenceDisagreed} of the ${r.presenceDisagreed} roll counts they made while presence records put a prisoner elsewhere matched the expected roll exactly, against ${expected.toFixed(1)} at the rate of the prison's other counters (${Math.round(peers * 100)}%): a count written from the roll, not counted${late}`,
        evidence: r.evidence.slice(-20).map((e) => ({
          at: iso(Math.floor(e.at / 60_000)),
          what: `${e.location}: counted ${e.counted}, the expected roll; presence records put ${e.presenceSays} there`,
        })),
      });
    }
    return out;
  },
} as const satisfies Indicator;
