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
  /** Number of episodes, and the first and last in the result's episode store (a linked list). */
  count: number;
  head: number;
  tail: number;
}

/**
 * The pairs found, with their episodes kept in typed arrays (16 bytes each) rather than as objects, so
 * that tens of millions of intervals fit well within a gigabyte.
 */
export class Contacts {
  readonly pairs = new Map<number, PairContact>();
  private loc = new Int32Array(1 << 12);
  private start = new Int32Array(1 << 12);
  private end = new Int32Array(1 << 12);
  private next = new Int32Array(1 << 12);
  private used = 0;

  get size(): number {
    return this.pairs.size;
  }
  get(key: number): PairContact | undefined {
    return this.pairs.get(key);
  }
  has(key: number): boolean {
    return this.pairs.has(key);
  }
  values(): IterableIterator<PairContact> {
    return this.pairs.values();
  }

  /** A pair's episodes in time order. */
  episodes(pair: PairContact): Episode[] {
    const out: Episode[] = [];
    for (let i = pair.head; i >= 0; i = this.next[i]!)
      out.push({ location: this.loc[i]!, start: this.start[i]!, end: this.end[i]! });
    return out;
  }

  /** Adds time to a pair, extending its last episode when it continues it (same place, within the gap). */
  credit(pair: PairContact, location: number, from: number, to: number, gap: number): void {
    pair.minutes += to - from;
    const t = pair.tail;
    if (t >= 0 && this.loc[t] === location && from - this.end[t]! <= gap) {
      this.end[t] = to;
      return;
    }
    if (this.used === this.loc.length) this.grow();
    const i = this.used++;
    this.loc[i] = location;
    this.start[i] = from;
    this.end[i] = to;
    this.next[i] = -1;
    if (t >= 0) this.next[t] = i;
    else pair.head = i;
    pair.tail = i;
    pair.count++;
  }

  private grow(): void {
    const n = this.loc.length * 2;
    for (const k of ['loc', 'start', 'end', 'next'] as const) {
      const bigger = new Int32Array(n);
      bigger.set(this[k]);
      this[k] = bigger;
    }
  }
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
): Contacts {
  const contacts = new Contacts();
  const pairs = contacts.pairs;
  const { order, offsets } = orderByLocationAndStart(iv, locationCount);
  // Reused buffers: the ends of a location's intervals in time order, and the intervals open now.
  let ends = new Float64Array(0);
  const activeStaff: number[] = [];
  const activePrisoners: number[] = [];

  // The people present, each once: two records of one person at once (a door and a camera) are one.
  const staffHere: number[] = [];
  const prisonersHere: number[] = [];
  const people = (open: number[], into: number[]): number => {
    into.length = 0;
    for (const i of open) if (!into.includes(iv.subject[i]!)) into.push(iv.subject[i]!);
    return into.length;
  };

  const credit = (location: number, from: number, to: number): void => {
    const s = staffHere[0]!;
    for (const p of prisonersHere) {
      const key = pairKey(s, p, prisonerCount);
      let pair = pairs.get(key);
      if (!pair) pairs.set(key, (pair = { staff: s, prisoner: p, minutes: 0, count: 0, head: -1, tail: -1 }));
      contacts.credit(pair, location, from, to, gapMinutes);
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
        activeStaff.length >= 1 &&
        activePrisoners.length >= 1 &&
        people(activeStaff, staffHere) === 1 &&
        people(activePrisoners, prisonersHere) <= maxPrisoners
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
  return contacts;
}
