/**
 * Where each rostered shift was worked. A roster names the post planned; the door, key-safe and camera
 * records say where the member of staff actually was (a detached-duty officer is often elsewhere). Each
 * shift's wings are those its presence records put the member of staff on during the shift, or its
 * planned post when nothing was recorded.
 */
import type { EstablishmentData } from './data.ts';

export interface WorkedShift {
  wing: number;
  start: number;
  end: number;
}

/** Per member of staff, their shifts by wing worked, in order of start. */
export function workedShifts(data: EstablishmentData): WorkedShift[][] {
  const wingOf = (loc: number) =>
    loc < 0 ? -1 : data.locations.kind[loc] === 'wing' ? loc : data.locations.wing[loc]!;
  const n = data.staff.ids.length;
  // Each member of staff's presence on wings, as [start, end, wing], by start.
  const seen: [number, number, number][][] = Array.from({ length: n }, () => []);
  const p = data.staffOnWings;
  for (let i = 0; i < p.length; i++) {
    const w = wingOf(p.location[i]!);
    if (w >= 0) seen[p.subject[i]!]!.push([p.start[i]!, p.end[i]!, w]);
  }
  const out: WorkedShift[][] = [];
  for (let s = 0; s < n; s++) {
    const mine = seen[s]!.sort((a, b) => a[0] - b[0]);
    const shifts: WorkedShift[] = [];
    let first = 0;
    for (let j = data.rosterOffsets[s]!; j < data.rosterOffsets[s + 1]!; j++) {
      const start = data.rosterStart[j]!;
      const end = data.rosterEnd[j]!;
      // Presence that ended a day before this shift began overlaps no later shift either (by start).
      while (first < mine.length && mine[first]![1] <= start - 1440) first++;
      const wings = new Set<number>();
      for (let k = first; k < mine.length && mine[k]![0] < end; k++)
        if (mine[k]![1] > start) wings.add(mine[k]![2]);
      if (!wings.size) {
        const planned = wingOf(data.rosterPost[j]!);
        if (planned >= 0) wings.add(planned);
      }
      for (const wing of wings) shifts.push({ wing, start, end });
    }
    out.push(shifts);
  }
  return out;
}
