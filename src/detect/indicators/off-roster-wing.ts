/**
 * `off_roster_wing` (staff-level): days on which a member of staff whose roster posts them on the wings
 * was on the wings when none of their shifts (with the configured tolerance) had them at work. Coming in
 * on a day off, or staying on after lock-up, is how time with one prisoner is found where nobody expects
 * a member of staff; where presence is recorded only at the wing's door, nothing names the prisoner, but
 * the days themselves do. Staff rostered elsewhere (a chaplain in the chapel) go onto the wings as the
 * work needs, which their roster does not say, so they are left out. Unrostered overtime or a roster that
 * is not kept up makes it common in some establishments: the peer comparison then makes it count for
 * little.
 *
 * A door record and the cell record inside it are one stay, so the member of staff's time off roster is
 * the union of their records less the union of their shifts; each stay counts on the local day it began.
 */
import { z } from 'zod';
import { iso, log2p, type Contribution, type Indicator, type Context } from '../context.ts';
import type { LocalClock } from '../clock.ts';
import type { EstablishmentData } from '../data.ts';

type Span = [start: number, end: number, location: number];

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
    const onWings = wingRosteredPresence(data);
    const out: Contribution[] = [];
    onWings.forEach((spans, s) => {
      if (!spans.length) return;
      const off = union(outside(spans, shiftWindows(data, s, tolerance)));
      const days = [...byLocalDay(off, clock).values()].filter((d) => d.minutes >= cfg.min_minutes);
      if (!days.length) return;
      const minutes = days.reduce((a, d) => a + d.minutes, 0);
      out.push({
        code: 'off_roster_wing',
        staff: s,
        subject: null,
        points: cfg.weight * log2p(days.length),
        value: days.length,
        explanation: `On the wings on ${days.length} days with no roster shift (${Math.round(minutes)} minutes in all)`,
        evidence: days.slice(-20).map((d) => ({
          at: iso(d.at),
          what: `${Math.round(d.minutes)} minutes on the wings with no roster shift, first recorded at ${data.locations.ids[d.where]}`,
        })),
      });
    });
    return out;
  },
} as const satisfies Indicator;

/**
 * Each member of staff's presence on the wings in the window, by start; empty for staff whose roster
 * never posts them on a wing.
 */
function wingRosteredPresence(data: EstablishmentData): Span[][] {
  const { rosterOffsets, rosterPost, locations } = data;
  const spans: Span[][] = data.staff.ids.map(() => []);
  const rosteredOnWings = (s: number) => {
    for (let j = rosterOffsets[s]!; j < rosterOffsets[s + 1]!; j++) {
      const post = rosterPost[j]!;
      if (post >= 0 && (locations.kind[post] === 'wing' || locations.wing[post]! >= 0)) return true;
    }
    return false;
  };
  const counted = Uint8Array.from(data.staff.ids, (_, s) => (rosteredOnWings(s) ? 1 : 0));
  const p = data.staffOnWings;
  for (let i = 0; i < p.length; i++) {
    const s = p.subject[i]!;
    const start = Math.max(p.start[i]!, data.from);
    const end = Math.min(p.end[i]!, data.to);
    if (counted[s] && end > start) spans[s]!.push([start, end, p.location[i]!]);
  }
  for (const list of spans) list.sort((a, b) => a[0] - b[0]);
  return spans;
}

/** A member of staff's shifts widened by the tolerance and merged, in order. */
function shiftWindows(data: EstablishmentData, s: number, tolerance: number): [number, number][] {
  const windows: [number, number][] = [];
  for (let j = data.rosterOffsets[s]!; j < data.rosterOffsets[s + 1]!; j++) {
    const from = data.rosterStart[j]! - tolerance;
    const to = data.rosterEnd[j]! + tolerance;
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  return windows;
}

/** The parts of the spans (by start) that no window (merged, in order) covers. */
function outside(spans: Span[], windows: [number, number][]): Span[] {
  const out: Span[] = [];
  let first = 0;
  for (const [start, end, location] of spans) {
    while (first < windows.length && windows[first]![1] <= start) first++;
    let cursor = start;
    for (let k = first; k < windows.length && windows[k]![0] < end && cursor < end; k++) {
      if (windows[k]![0] > cursor) out.push([cursor, windows[k]![0], location]);
      cursor = Math.max(cursor, windows[k]![1]);
    }
    if (cursor < end) out.push([cursor, end, location]);
  }
  return out;
}

/** Overlapping spans as one, each keeping the location it began at. */
function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * Minutes per local day (keyed by its first minute), with the first moment and where it began. A stay
 * counts on the day it began, however late into the night it runs: one stay is one occasion.
 */
function byLocalDay(spans: Span[], clock: LocalClock) {
  const days = new Map<number, { minutes: number; at: number; where: number }>();
  for (const [start, end, location] of spans) {
    const day = start - clock.minuteOfDay(start);
    const d = days.get(day);
    if (d) d.minutes += end - start;
    else days.set(day, { minutes: end - start, at: start, where: location });
  }
  return days;
}
