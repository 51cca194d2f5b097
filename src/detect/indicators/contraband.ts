/**
 * `contraband` (staff-level): finds on a wing in the hours after the member of staff's shifts there,
 * beyond what the finds after their colleagues' shifts on the same wings predict for the time covered.
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
    // Pass 1: for each member of staff and wing, the time their after-shift windows cover and the finds
    // in them. Pass 2 compares each with their peers on the same wing: when searches follow shifts in
    // general (a search team that works after the day shift), everyone's windows hold finds, and only
    // more than the wing's peers is unusual.
    const perStaff: { wing: number; covered: number; finds: typeof data.finds }[][] = [];
    const wingCovered = new Map<number, number>();
    const wingFinds = new Map<number, number>();
    for (let s = 0; s < data.staff.ids.length; s++) {
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
      const rows = [];
      for (const [w, list] of windows) {
        const covered = Math.max(
          0,
          list.reduce((a, [f, t]) => a + Math.min(t, data.to) - Math.max(f, data.from), 0),
        );
        const finds = findsByWing.get(w)!.filter((f) => list.some(([a, b]) => a <= f.at && f.at < b));
        rows.push({ wing: w, covered, finds });
        wingCovered.set(w, (wingCovered.get(w) ?? 0) + covered);
        wingFinds.set(w, (wingFinds.get(w) ?? 0) + finds.length);
      }
      perStaff.push(rows);
    }
    const out: Contribution[] = [];
    for (let s = 0; s < data.staff.ids.length; s++) {
      let observed = 0;
      let expected = 0;
      const evidence = [];
      for (const { wing: w, covered, finds } of perStaff[s]!) {
        // The wing's rate of finds per minute of after-shift window, among the others who work there;
        // with nobody else there, the wing's overall rate.
        const othersCovered = wingCovered.get(w)! - covered;
        const rate =
          othersCovered > 0
            ? (wingFinds.get(w)! - finds.length) / othersCovered
            : findsByWing.get(w)!.length / span;
        expected += rate * covered;
        observed += finds.length;
        for (const f of finds)
          evidence.push({
            at: iso(f.at),
            what: `${f.item.replace('_', ' ')} found in ${data.locations.ids[f.location]} after their shift on ${data.locations.ids[w]}`,
          });
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
        explanation: `${observed} finds on their wings within ${cfg.after_shift_hours} hours after their shifts, against ${expected.toFixed(1)} expected from the finds after their colleagues’ shifts on the same wings (${ratio.toFixed(1)} times)`,
        evidence: evidence.slice(-20),
      });
    }
    return out;
  },
};
