/**
 * `contraband` (staff-level): finds on a wing in the hours after the member of staff's shifts there,
 * beyond what the base rate of finds on those wings and the time their shifts cover predict.
 */
import { iso, type Contribution, type Indicator } from '../context.ts';
import { poissonSurprise } from '../stats.ts';

export const contrabandIndicator: Indicator = {
  code: 'contraband',
  compute(ctx) {
    const { data } = ctx;
    const cfg = ctx.config.contraband;
    const after = cfg.after_shift_hours * 60;
    const span = Math.max(1, data.to - data.from);
    const wingOf = (loc: number) => (data.locations.kind[loc] === 'wing' ? loc : data.locations.wing[loc]!);
    const findsByWing = new Map<number, typeof data.finds>();
    for (const f of data.finds) {
      const w = wingOf(f.location);
      if (w < 0) continue;
      const list = findsByWing.get(w) ?? [];
      list.push(f);
      findsByWing.set(w, list);
    }
    const out: Contribution[] = [];
    for (let s = 0; s < data.staff.ids.length; s++) {
      // The windows after each shift on a wing: [end, end + after), merged per wing.
      const windows = new Map<number, [number, number][]>();
      for (let j = data.rosterOffsets[s]!; j < data.rosterOffsets[s + 1]!; j++) {
        const post = data.rosterPost[j]!;
        const w = post < 0 ? -1 : wingOf(post);
        if (w < 0 || !findsByWing.has(w)) continue;
        const list = windows.get(w) ?? [];
        const end = data.rosterEnd[j]!;
        const last = list[list.length - 1];
        if (last && end <= last[1]) last[1] = Math.max(last[1], end + after);
        else list.push([end, end + after]);
        windows.set(w, list);
      }
      let observed = 0;
      let expected = 0;
      const evidence = [];
      for (const [w, list] of windows) {
        const covered = list.reduce((a, [f, t]) => a + Math.min(t, data.to) - Math.max(f, data.from), 0);
        const finds = findsByWing.get(w)!;
        expected += (finds.length * Math.max(0, covered)) / span;
        for (const f of finds) {
          if (list.some(([a, b]) => a <= f.at && f.at < b)) {
            observed++;
            evidence.push({
              at: iso(f.at),
              what: `${f.item.replace('_', ' ')} found in ${data.locations.ids[f.location]} after their shift on ${data.locations.ids[w]}`,
            });
          }
        }
      }
      const surprise = Math.min(cfg.max_surprise, poissonSurprise(observed, expected));
      if (surprise <= 0) continue;
      const ratio = observed / Math.max(expected, 0.1);
      out.push({
        code: 'contraband',
        staff: s,
        subject: null,
        points: cfg.weight * surprise,
        value: observed,
        ratio,
        explanation: `${observed} finds on their wings within ${cfg.after_shift_hours} hours after their shifts, against ${expected.toFixed(1)} expected from the base rate (${ratio.toFixed(1)} times)`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
};
