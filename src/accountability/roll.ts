/**
 * The expected roll: where each prisoner should be at a moment, from cell allocations and movements,
 * and the figures a prison's own roll uses; each roll count reconciled with it, presence data naming
 * the prisoners who explain a difference. Pure functions over one establishment's records (repo.ts
 * reads them), so that every definition is tested on hand-built facts.
 */
import { isoLocal } from '../time/index.ts';

export interface Allocation {
  prisonNumber: string;
  location: string;
  from: number;
  to: number | null;
}

export interface Movement {
  prisonNumber: string;
  at: number;
  from: string | null;
  to: string | null;
  reason: string;
}

export interface RollCount {
  location: string;
  at: number;
  counted: number;
  countedBy: string;
}

export interface Sighting {
  prisonNumber: string;
  location: string;
  start: number;
  end: number;
  source: string;
}

/** One establishment's records around the moments asked about (times in epoch milliseconds). */
export interface EstablishmentRecords {
  code: string;
  timezone: string;
  wings: string[];
  /** Gate locations: a movement to one is a movement out of the establishment. */
  gates: string[];
  allocations: Allocation[];
  movements: Movement[];
  counts: RollCount[];
  sightings: Sighting[];
}

/** Where a prisoner is, as the records say. */
export type Whereabouts =
  | 'in_cell'
  | 'activity'
  | 'visits'
  | 'healthcare'
  | 'legal'
  | 'elsewhere'
  | 'no_cell'
  | 'out_court'
  | 'out_healthcare'
  | 'out_legal'
  | 'out_other'
  | 'gone';

export const WHEREABOUTS_LABELS: Record<Whereabouts, string> = {
  in_cell: 'In their cell',
  activity: 'At an activity',
  visits: 'At visits',
  healthcare: 'At healthcare',
  legal: 'At a legal visit',
  elsewhere: 'Elsewhere in the establishment',
  no_cell: 'No cell allocated',
  out_court: 'Out at court',
  out_healthcare: 'Out at hospital',
  out_legal: 'Out on a legal matter',
  out_other: 'Out of the establishment',
  gone: 'Released or transferred',
};

/** Out of the establishment but still on its roll (HMPPS's "currently out"). */
const TEMPORARILY_OUT: ReadonlySet<Whereabouts> = new Set([
  'out_court',
  'out_healthcare',
  'out_legal',
  'out_other',
]);

export interface Place {
  whereabouts: Whereabouts;
  /** The location the records put them in, when inside the establishment. */
  location: string | null;
  /** What says so: "cell allocation from …" or "movement (court) at …". */
  because: string;
}

const IN_REASON: Record<string, Whereabouts> = {
  activity: 'activity',
  visit: 'visits',
  healthcare: 'healthcare',
  legal: 'legal',
};
const OUT_REASON: Record<string, Whereabouts> = {
  court: 'out_court',
  healthcare: 'out_healthcare',
  legal: 'out_legal',
  transfer: 'gone',
  release: 'gone',
};

/** Indexes one establishment's records by prisoner, for questions at many moments. */
export class Roll {
  private readonly allocationsOf = new Map<string, Allocation[]>();
  private readonly movementsOf = new Map<string, Movement[]>();
  private readonly sightingsOf = new Map<string, Sighting[]>();
  readonly prisoners: string[];

  constructor(readonly records: EstablishmentRecords) {
    const group = <T extends { prisonNumber: string }>(
      rows: T[],
      into: Map<string, T[]>,
      at: (r: T) => number,
    ) => {
      for (const r of rows) {
        const list = into.get(r.prisonNumber);
        if (list) list.push(r);
        else into.set(r.prisonNumber, [r]);
      }
      for (const list of into.values()) list.sort((a, b) => at(a) - at(b));
    };
    group(records.allocations, this.allocationsOf, (a) => a.from);
    group(records.movements, this.movementsOf, (m) => m.at);
    group(records.sightings, this.sightingsOf, (s) => s.start);
    this.prisoners = [...new Set([...this.allocationsOf.keys(), ...this.movementsOf.keys()])].sort();
  }

  /** Whether a location is inside this establishment (its code's prefix, and not its gate). */
  inEstablishment(location: string | null): location is string {
    return (
      location !== null &&
      location.startsWith(`${this.records.code}-`) &&
      !this.records.gates.includes(location)
    );
  }

  /** An instant as the prison's local time, to the minute: `2024-06-28T14:00+01:00`. */
  local(ms: number): string {
    const t = isoLocal(ms, this.records.timezone);
    return `${t.slice(0, 16)}${t.slice(19)}`;
  }

  /** The cell allocation in force at `t`, if any. */
  allocationAt(prisonNumber: string, t: number): Allocation | undefined {
    return (this.allocationsOf.get(prisonNumber) ?? []).findLast(
      (a) => a.from <= t && (a.to === null || t < a.to),
    );
  }

  /** The wing a location is in, or null. */
  wingOf(location: string | null): string | null {
    if (!location) return null;
    return this.records.wings.find((w) => location === w || location.startsWith(`${w}-`)) ?? null;
  }

  /**
   * Where the prisoner is at `t`: the later of their cell allocation's start and their last movement
   * decides. A movement into their own wing returns them to their cell; one to another place in the
   * establishment puts them there by its reason; one out of it (no destination, or another
   * establishment's) puts them out by its reason, on the roll unless released or transferred.
   */
  placeAt(prisonNumber: string, t: number): Place | null {
    const allocation = this.allocationAt(prisonNumber, t);
    const movement = (this.movementsOf.get(prisonNumber) ?? []).findLast((m) => m.at <= t);
    const cell = allocation && this.inEstablishment(allocation.location) ? allocation : undefined;
    if (!movement || (cell && cell.from >= movement.at)) {
      if (cell)
        return {
          whereabouts: 'in_cell',
          location: cell.location,
          because: `cell allocation from ${this.local(cell.from)}`,
        };
      return null;
    }
    const because = `movement (${movement.reason}) at ${this.local(movement.at)}`;
    if (!this.inEstablishment(movement.to)) {
      // Left the establishment (or through its gate): gone for good, or out and still on its roll.
      if (!this.inEstablishment(movement.from) && !cell) return null;
      return { whereabouts: OUT_REASON[movement.reason] ?? 'out_other', location: null, because };
    }
    if (!cell) return { whereabouts: 'no_cell', location: movement.to, because };
    const home = this.wingOf(cell.location);
    if (home !== null && this.wingOf(movement.to) === home)
      return { whereabouts: 'in_cell', location: cell.location, because };
    return { whereabouts: IN_REASON[movement.reason] ?? 'elsewhere', location: movement.to, because };
  }

  /** Where presence data saw the prisoner at `t` (within `slack` milliseconds), if anywhere. */
  seenAt(prisonNumber: string, t: number, slack = 5 * 60_000): Sighting | undefined {
    return (this.sightingsOf.get(prisonNumber) ?? []).find((s) => s.start - slack <= t && t < s.end + slack);
  }
}

export interface RollFigures {
  at: number;
  /** In the establishment at the start of the local day. */
  unlockRoll: number;
  /** Arrived since the start of the day: receptions and returns from court or hospital. */
  inToday: number;
  /** Left since the start of the day: releases, transfers, court and hospital. */
  outToday: number;
  /** unlockRoll + inToday − outToday. */
  currentRoll: number;
  /** In the establishment now, prisoner by prisoner: differs from currentRoll when movements disagree. */
  inEstablishment: number;
  /** On the roll, out of the establishment for now (court, hospital, legal). */
  currentlyOut: number;
  /** In the establishment with no cell allocated. */
  noCellAllocated: number;
  /** Per wing: how many are allocated there and where they are. */
  wings: { wing: string; allocated: number; inCell: number; out: Partial<Record<Whereabouts, number>> }[];
}

/** The roll's figures at `t`, the day starting at `dayStart`. */
export function rollFigures(roll: Roll, dayStart: number, t: number): RollFigures {
  const inside = (w: Whereabouts | undefined) => w !== undefined && w !== 'gone' && !TEMPORARILY_OUT.has(w);
  let unlockRoll = 0;
  let inEstablishment = 0;
  let currentlyOut = 0;
  let noCell = 0;
  const wings = new Map(
    roll.records.wings.map((w) => [
      w,
      { wing: w, allocated: 0, inCell: 0, out: {} as Partial<Record<Whereabouts, number>> },
    ]),
  );
  for (const p of roll.prisoners) {
    if (inside(roll.placeAt(p, dayStart)?.whereabouts)) unlockRoll++;
    const now = roll.placeAt(p, t);
    if (!now) continue;
    if (inside(now.whereabouts)) inEstablishment++;
    if (TEMPORARILY_OUT.has(now.whereabouts)) currentlyOut++;
    if (now.whereabouts === 'no_cell') noCell++;
    const allocation = roll.allocationAt(p, t);
    const wing = wings.get(roll.wingOf(allocation?.location ?? null) ?? '');
    if (!wing || now.whereabouts === 'gone') continue;
    wing.allocated++;
    if (now.whereabouts === 'in_cell') wing.inCell++;
    else wing.out[now.whereabouts] = (wing.out[now.whereabouts] ?? 0) + 1;
  }
  let inToday = 0;
  let outToday = 0;
  for (const m of roll.records.movements) {
    if (m.at < dayStart || m.at > t) continue;
    const fromIn = roll.inEstablishment(m.from);
    const toIn = roll.inEstablishment(m.to);
    if (toIn && !fromIn) inToday++;
    if (fromIn && !toIn) outToday++;
  }
  return {
    at: t,
    unlockRoll,
    inToday,
    outToday,
    currentRoll: unlockRoll + inToday - outToday,
    inEstablishment,
    currentlyOut,
    noCellAllocated: noCell,
    wings: [...wings.values()],
  };
}

export interface Reconciled {
  count: RollCount;
  expected: number;
  status: 'matched' | 'short' | 'over';
  /** Prisoners whose records disagree with the count's place, with why. */
  explained: { prisonNumber: string; why: string }[];
}

/** Each roll count against the expected roll of its wing at its time, with who explains a difference. */
export function reconcile(roll: Roll, counts: readonly RollCount[] = roll.records.counts): Reconciled[] {
  return counts.map((count) => {
    const wing = roll.wingOf(count.location) ?? count.location;
    const here = (location: string | null) => roll.wingOf(location) === wing;
    const explained: Reconciled['explained'] = [];
    let expected = 0;
    for (const p of roll.prisoners) {
      const place = roll.placeAt(p, count.at);
      const expectedHere = !!place && place.whereabouts === 'in_cell' && here(place.location);
      if (expectedHere) expected++;
      const seen = roll.seenAt(p, count.at);
      if (expectedHere && seen && !here(seen.location))
        explained.push({
          prisonNumber: p,
          why: `expected here (${place.because}); seen at ${seen.location} by ${seen.source}`,
        });
      else if (!expectedHere && seen && here(seen.location))
        explained.push({
          prisonNumber: p,
          why: `not expected here (${place ? `${WHEREABOUTS_LABELS[place.whereabouts].toLowerCase()}, ${place.because}` : 'no record puts them here'}); seen at ${seen.location} by ${seen.source}`,
        });
    }
    const status = count.counted === expected ? 'matched' : count.counted < expected ? 'short' : 'over';
    return { count, expected, status, explained };
  });
}

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
 */
export function workingDayTime(roll: Roll, from: number, to: number, step = 5): WorkingDayTime {
  const prisoners: PrisonerTime[] = [];
  for (const p of roll.prisoners) {
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
