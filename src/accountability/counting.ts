/**
 * Who counted, and how: each member of staff's roll counts, those made late or left not matching, and
 * the counts where presence data disagreed with the expected roll. An officer who counts heads finds
 * the prisoner who is not there and writes a short count; one who copies the roll board writes the
 * expected figure whatever presence says. Counts that always match exactly while presence disagrees are
 * the mark of a count written without counting (detection's `roll_count` compares them with peers').
 */
import type { Reconciled } from './reconcile.ts';
import type { Roll } from './roll.ts';

/** A count more than this after its wing's usual time is late. */
export const LATE_MINUTES = 15;
/** A usual time with no count within this after it was missed. */
const MISSED_AFTER_MINUTES = 120;

export interface CountEvidence {
  at: number;
  location: string;
  counted: number;
  expected: number;
  presenceSays: number;
}

export interface CounterRecord {
  staffId: string;
  counts: number;
  late: number;
  notMatching: number;
  /** Counts where presence data put the heads at another figure than the expected roll. */
  presenceDisagreed: number;
  /** Of those, the counts that matched the expected roll exactly. */
  exactWhilePresenceDisagreed: number;
  /** The counts that matched exactly while presence disagreed, latest last. */
  evidence: CountEvidence[];
}

export interface MissedCount {
  wing: string;
  day: string;
  /** The wing's usual time, local `HH:MM`. */
  usual: string;
}

export interface CountingPractice {
  /** Each wing's usual count times, local `HH:MM`: those at which it was counted on at least half its days. */
  usualTimes: Record<string, string[]>;
  counters: CounterRecord[];
  missed: MissedCount[];
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Each member of staff's counting in `reconciled`, and the counts each wing missed. */
export function countingPractice(roll: Roll, reconciled: readonly Reconciled[]): CountingPractice {
  const localOf = (at: number) => {
    const t = roll.local(at);
    return { day: t.slice(0, 10), minute: Number(t.slice(11, 13)) * 60 + Number(t.slice(14, 16)) };
  };
  const byWing = new Map<string, { r: Reconciled; day: string; minute: number }[]>();
  for (const r of reconciled) {
    const wing = roll.wingOf(r.count.location) ?? r.count.location;
    const list = byWing.get(wing) ?? [];
    list.push({ r, ...localOf(r.count.at) });
    byWing.set(wing, list);
  }
  const usualTimes: Record<string, string[]> = {};
  const late = new Set<Reconciled>();
  const missed: MissedCount[] = [];
  for (const [wing, list] of byWing) {
    // A usual time: a five-minute slot in which the wing was counted on at least half its days.
    const days = [...new Set(list.map((c) => c.day))].sort();
    const daysAt = new Map<number, Set<string>>();
    for (const c of list) {
      const slot = c.minute - (c.minute % 5);
      daysAt.set(slot, (daysAt.get(slot) ?? new Set()).add(c.day));
    }
    const usual = [...daysAt]
      .filter(([, d]) => d.size * 2 >= days.length)
      .map(([slot]) => slot)
      .sort((a, b) => a - b);
    usualTimes[wing] = usual.map(hhmm);
    for (const c of list) {
      const before = usual.findLast((u) => u <= c.minute + 5);
      if (
        before !== undefined &&
        c.minute - before > LATE_MINUTES &&
        c.minute - before <= MISSED_AFTER_MINUTES
      )
        late.add(c.r);
    }
    for (const day of days)
      for (const u of usual)
        if (!list.some((c) => c.day === day && c.minute >= u - 5 && c.minute <= u + MISSED_AFTER_MINUTES))
          missed.push({ wing, day, usual: hhmm(u) });
  }
  const counters = new Map<string, CounterRecord>();
  for (const r of reconciled) {
    const id = r.count.countedBy;
    let c = counters.get(id);
    if (!c) {
      c = {
        staffId: id,
        counts: 0,
        late: 0,
        notMatching: 0,
        presenceDisagreed: 0,
        exactWhilePresenceDisagreed: 0,
        evidence: [],
      };
      counters.set(id, c);
    }
    c.counts++;
    if (late.has(r)) c.late++;
    if (r.status !== 'matched') c.notMatching++;
    if (r.presenceSays === r.expected) continue;
    c.presenceDisagreed++;
    if (r.status !== 'matched') continue;
    c.exactWhilePresenceDisagreed++;
    const { at, location, counted } = r.count;
    c.evidence.push({ at, location, counted, expected: r.expected, presenceSays: r.presenceSays });
  }
  return {
    usualTimes,
    counters: [...counters.values()].sort((a, b) => a.staffId.localeCompare(b.staffId)),
    missed,
  };
}
