/**
 * `contraband` (staff-level): finds on a wing in the hours after the member of staff's shifts there
 * (where their presence records put them during the shift, else the post the roster planned),
 * against what chance gives when the finds' days are shuffled. Each find keeps its wing, its time of day
 * and whether it came on a weekday or at the weekend (searches happen when a prison's practice puts them:
 * after the day shift, at fixed times on weekdays, during shifts) and is moved to every other day of the
 * same kind in the window: the share of those days on which it would fall after one of the member of
 * staff's shifts is its chance of doing so if finds had nothing to do with who worked, and the sum over
 * the finds is the expected count. A wing searched only during shifts, or a search team that works after
 * the day shift, then raises nobody's expectation more than their own pattern of days explains; finds
 * that follow one officer's days, on whatever wing they work, stand out.
 *
 * How long after a shift a find follows it depends on the trade (the same evening, the next morning's
 * search, days later), so the count is made for each of several windows (`after_shift_hours`) and the most
 * surprising is kept. A window that is too wide for the pattern drowns it: the next morning's routine
 * searches then follow everyone's early shifts, and a window from the shift's end to the next morning
 * also counts the evening's finds, which come after every shift alike. So a window can be a band (8 to
 * 32 hours after: the next day, not the evening). Peers get the same choice, so calibration weighs it.
 */
import { z } from 'zod';
import { iso, type Contribution, type Indicator, type Context } from '../context.ts';
import { poissonBinomialSurprise } from '../stats.ts';
import { workedShifts } from '../worked-wings.ts';

const DAY = 1440;

export const contrabandIndicator = {
  codes: ['contraband'],
  configKey: 'contraband',
  settings: z.object({
    weight: z.number().min(0),
    // Hours after a shift's end within which a find follows it: each window is tried. A number is a
    // window from the shift's end; a pair [from, to] is a band of hours after it (the next morning).
    after_shift_hours: z
      .array(
        z
          .number()
          .positive()
          .or(z.tuple([z.number().min(0), z.number().positive()])),
      )
      .min(1)
      .or(
        z
          .number()
          .positive()
          .transform((h) => [h]),
      )
      .refine((windows) => windows.every((w) => typeof w === 'number' || w[0] < w[1]), {
        message: 'a band [from, to] must end after it starts',
      }),
    /** Fewer finds after their shifts than this are never a pattern, however few were expected. */
    min_finds: z.number().int().min(1),
    max_surprise: z.number().positive(),
  }),
  compute(ctx: Context): Contribution[] {
    const { data } = ctx;
    const cfg = ctx.config.contraband;
    // Each window as minutes [from, to] after a shift's end, narrowest first: of two as surprising, the
    // narrower says more precisely when the finds come.
    const windowsAfter = cfg.after_shift_hours
      .map((h) => (typeof h === 'number' ? ([0, h * 60] as const) : ([h[0] * 60, h[1] * 60] as const)))
      .sort((a, b) => a[1] - a[0] - (b[1] - b[0]) || a[0] - b[0]);
    const widest = Math.max(...windowsAfter.map((w) => w[1]));
    const wingOf = (loc: number) => (data.locations.kind[loc] === 'wing' ? loc : data.locations.wing[loc]!);
    const worked = workedShifts(data);
    // The time each wing's shifts cover: a detection window can reach back before the records begin,
    // and a moment no shift covers could never follow anyone's shift, so it would lower every
    // expectation alike and make everyone's finds look surprising.
    const covered = new Map<number, [number, number]>();
    for (const shifts of worked)
      for (const { wing, start, end } of shifts) {
        const span = covered.get(wing);
        if (!span) covered.set(wing, [start, end + widest]);
        else {
          span[0] = Math.min(span[0], start);
          span[1] = Math.max(span[1], end + widest);
        }
      }
    const findsByWing = new Map<number, typeof data.finds>();
    for (const f of data.finds) {
      const w = wingOf(f.location);
      const span = covered.get(w);
      if (!span || f.at < Math.max(span[0], data.from) || f.at >= Math.min(span[1], data.to)) continue;
      const list = findsByWing.get(w) ?? [];
      list.push(f);
      findsByWing.set(w, list);
    }
    const isWeekend = (minute: number) => {
      const d = ctx.clock.weekday(minute);
      return d === 0 || d === 6;
    };
    // A find's moment (its time of day) on every day of the same kind, weekday or weekend, that its
    // wing's rosters cover: the same for every member of staff, so worked out once per find.
    const moments = new Map<string, number[]>();
    const momentsOf = (at: number, wing: number): number[] => {
      const key = `${at}|${wing}`;
      let list = moments.get(key);
      if (list) return list;
      list = [];
      const weekend = isWeekend(at);
      const [first, last] = covered.get(wing)!;
      const lo = Math.max(first, data.from);
      const hi = Math.min(last, data.to);
      for (let t = at - Math.floor((at - lo) / DAY) * DAY; t < hi; t += DAY)
        if (isWeekend(t) === weekend) list.push(t);
      moments.set(key, list);
      return list;
    };
    /** The finds on their wings `from` to `after` minutes after the end of one of staff member `s`'s shifts there. */
    const followed = (s: number, [from, after]: readonly [number, number]) => {
      // The member of staff's after-shift windows per wing worked, merged and in time order.
      const windows = new Map<number, [number, number][]>();
      for (const { wing: w, end } of worked[s]!) {
        if (!findsByWing.has(w)) continue;
        const list = windows.get(w) ?? [];
        const last = list[list.length - 1];
        if (last && end + from <= last[1]) last[1] = Math.max(last[1], end + after);
        else list.push([end + from, end + after]);
        windows.set(w, list);
      }
      let observed = 0;
      const chances: number[] = [];
      const evidence = [];
      for (const [w, list] of windows) {
        const inWindow = (t: number) => {
          let lo = 0;
          let hi = list.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (list[mid]![0] <= t) lo = mid + 1;
            else hi = mid;
          }
          return lo > 0 && t < list[lo - 1]![1];
        };
        for (const f of findsByWing.get(w)!) {
          // How often the same moment on the other days of its kind follows one of their shifts.
          const moments = momentsOf(f.at, w);
          let covered = 0;
          for (const t of moments) if (inWindow(t)) covered++;
          chances.push(covered / Math.max(1, moments.length));
          if (inWindow(f.at)) {
            observed++;
            evidence.push({
              at: iso(f.at),
              what: `${f.item.replace('_', ' ')} found in ${data.locations.ids[f.location]} after their shift on ${data.locations.ids[w]}`,
            });
          }
        }
      }
      const surprise =
        observed < cfg.min_finds ? 0 : Math.min(cfg.max_surprise, poissonBinomialSurprise(observed, chances));
      return { from, after, observed, chances, evidence, surprise };
    };

    const out: Contribution[] = [];
    for (let s = 0; s < data.staff.ids.length; s++) {
      const best = windowsAfter
        .map((after) => followed(s, after))
        .reduce((a, b) => (b.surprise > a.surprise ? b : a));
      if (best.surprise <= 0) continue;
      const { observed, chances, evidence, surprise } = best;
      const hours = best.from
        ? `between ${best.from / 60} and ${best.after / 60} hours`
        : `within ${best.after / 60} hours`;
      const expected = chances.reduce((a, b) => a + b, 0);
      const ratio = observed / Math.max(expected, 0.1);
      out.push({
        code: 'contraband',
        staff: s,
        subject: null,
        points: cfg.weight * surprise,
        value: observed,
        ratio,
        explanation: `${observed} finds on their wings ${hours} after their shifts, against ${expected.toFixed(1)} expected if the same finds had come on other days (${ratio.toFixed(1)} times)`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
} as const satisfies Indicator;
