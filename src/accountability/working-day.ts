/** Unaccounted time in the working day, per prisoner and per wing. */
import type { Roll } from './roll.ts';

export interface PrisonerTime {
  prisonNumber: string;
  /** The wing of their cell when the working day began, if any. */
  wing: string | null;
  /** Minutes of the working day where presence puts them somewhere the records do not. */
  disagreeing: number;
  /** Minutes where no record says where they are. */
  silent: number;
}

export interface WorkingDayTime {
  from: number;
  to: number;
  prisoners: PrisonerTime[];
  /** Per wing: prisoners on its roll, and how many were accounted for every minute of the working day. */
  wings: { wing: string; prisoners: number; fullyAccounted: number }[];
}

/**
 * Unaccounted time in the working day (`from` to `to`, sampled every `step` minutes): a minute is
 * unaccounted when presence puts the prisoner somewhere the allocations and movements do not (another
 * wing, or off their wing while they should be on it), or when no record says where they are. Out of the
 * establishment (court, hospital) is accounted for; released and transferred prisoners are not counted.
 * `only`: the prisoners to measure (all, by default).
 */
export function workingDayTime(
  roll: Roll,
  from: number,
  to: number,
  step = 5,
  only: readonly string[] = roll.prisoners,
): WorkingDayTime {
  const prisoners: PrisonerTime[] = [];
  for (const p of only) {
    const first = roll.placeAt(p, from);
    if (first?.whereabouts === 'gone') continue;
    const wing = roll.wingOf(roll.allocationAt(p, from)?.location ?? null);
    const time: PrisonerTime = { prisonNumber: p, wing, disagreeing: 0, silent: 0 };
    let onRoll = false;
    for (let t = from; t < to; t += step * 60_000) {
      const place = roll.placeAt(p, t);
      if (!place || place.whereabouts === 'gone') {
        if (onRoll) time.silent += step;
        continue;
      }
      onRoll = true;
      const seen = roll.seenAt(p, t, 0);
      if (place.location === null) continue; // out of the establishment, by a movement
      if (!seen) continue;
      const expectedWing = roll.wingOf(place.location);
      const agrees =
        expectedWing !== null
          ? roll.wingOf(seen.location) === expectedWing
          : seen.location === place.location;
      if (!agrees) time.disagreeing += step;
    }
    if (onRoll) prisoners.push(time);
  }
  const wings = roll.records.wings.map((w) => {
    const on = prisoners.filter((p) => p.wing === w);
    return {
      wing: w,
      prisoners: on.length,
      fullyAccounted: on.filter((p) => !p.disagreeing && !p.silent).length,
    };
  });
  return { from, to, prisoners, wings };
}
