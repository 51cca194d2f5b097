/**
 * One-to-one contact: the minutes in which exactly one member of staff was in a cell or room with a
 * prisoner and no other member of staff. In a shared cell both occupants are credited (up to
 * `maxPrisoners` present). A sweep over each location's intervals in time order keeps the (few)
 * people present; whenever a member of staff is alone with them, the time is added to each pair.
 */
import { orderByLocationAndStart, type Intervals } from './intervals.ts';

export interface Episode {
  location: number;
  start: number;
  end: number;
}

export interface PairContact {
  staff: number;
  prisoner: number;
  minutes: number;
  episodes: Episode[];
}

/** Pair key: staff index × prisoner count + prisoner index. */
export const pairKey = (staff: number, prisoner: number, prisonerCount: number): number =>
  staff * prisonerCount + prisoner;

/**
 * @param countable which locations count (cells, rooms): by location index.
 * @param gapMinutes episodes of the same pair closer than this are merged (a door re-opened).
 */
export function oneToOne(
  iv: Intervals,
  locationCount: number,
  prisonerCount: number,
  countable: Uint8Array,
  gapMinutes = 0,
  maxPrisoners = 2,
): Map<number, PairContact> {
  const pairs = new Map<number, PairContact>();
  const { order, offsets } = orderByLocationAndStart(iv, locationCount);
  // Reused buffers: the ends of a location's intervals in time order, and the intervals open now.
  let ends = new Float64Array(0);
  const activeStaff: number[] = [];
  const activePrisoners: number[] = [];

  const credit = (location: number, from: number, to: number): void => {
    const s = iv.subject[activeStaff[0]!]!;
    for (const open of activePrisoners) {
      const p = iv.subject[open]!;
      const key = pairKey(s, p, prisonerCount);
      let pair = pairs.get(key);
      if (!pair) pairs.set(key, (pair = { staff: s, prisoner: p, minutes: 0, episodes: [] }));
      pair.minutes += to - from;
      const last = pair.episodes[pair.episodes.length - 1];
      if (last && last.location === location && from - last.end <= gapMinutes) last.end = to;
      else pair.episodes.push({ location, start: from, end: to });
    }
  };

  for (let l = 0; l < locationCount; l++) {
    if (!countable[l]) continue;
    const from = offsets[l]!;
    const n = offsets[l + 1]! - from;
    if (n < 2) continue;
    if (ends.length < n) ends = new Float64Array(n * 2);
    const e = ends.subarray(0, n);
    for (let j = 0; j < n; j++) e[j] = iv.end[order[from + j]!]! * 33_554_432 + j;
    e.sort();
    activeStaff.length = 0;
    activePrisoners.length = 0;
    let si = 0;
    let ei = 0;
    let t = -Infinity;
    while (ei < n) {
      const nextStart = si < n ? iv.start[order[from + si]!]! : Infinity;
      const nextEnd = Math.floor(e[ei]! / 33_554_432);
      const next = Math.min(nextStart, nextEnd);
      if (
        next > t &&
        activeStaff.length === 1 &&
        activePrisoners.length >= 1 &&
        activePrisoners.length <= maxPrisoners
      ) {
        credit(l, t, next);
      }
      t = next;
      // Ends before starts at the same minute: touching intervals do not overlap.
      while (ei < n && Math.floor(e[ei]! / 33_554_432) === t) {
        const i = order[from + (e[ei]! % 33_554_432)]!;
        const list = iv.isStaff[i] ? activeStaff : activePrisoners;
        const at = list.indexOf(i);
        if (at >= 0) list.splice(at, 1);
        ei++;
      }
      while (si < n && iv.start[order[from + si]!] === t) {
        const i = order[from + si]!;
        // An empty interval's end was handled before its start: never let it in.
        if (iv.end[i]! > t) (iv.isStaff[i] ? activeStaff : activePrisoners).push(i);
        si++;
      }
    }
  }
  return pairs;
}
