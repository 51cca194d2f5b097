/**
 * The expected roll: where each prisoner should be at a moment, from cell allocations and movements, and
 * where presence data saw them. Pure code over one establishment's records (repo.ts reads them), so that
 * every definition is tested on hand-built facts; figures.ts, reconcile.ts, working-day.ts and
 * counting.ts build on it.
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
export const TEMPORARILY_OUT: ReadonlySet<Whereabouts> = new Set([
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

/** The number of items whose key is at most `t`, in a list sorted by key: the index after the last such one. */
function upTo<T>(list: readonly T[], key: (item: T) => number, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indexes one establishment's records by prisoner, in time order, for questions at many moments: each
 * question is a binary search, so a month of five-minute samples for a thousand prisoners stays quick.
 */
export class Roll {
  private readonly allocationsOf = new Map<string, Allocation[]>();
  private readonly movementsOf = new Map<string, Movement[]>();
  private readonly sightingsOf = new Map<string, Sighting[]>();
  /** Per prisoner, their longest sighting: how far back a sighting that covers a moment can start. */
  private readonly longestSighting = new Map<string, number>();
  /** Each location's wing, as wingOf found it. */
  private readonly wings = new Map<string, string | null>();
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
    for (const [p, list] of this.sightingsOf)
      this.longestSighting.set(p, Math.max(...list.map((s) => s.end - s.start)));
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

  /** The cell allocation in force at `t`, if any (the latest to start, when records overlap). */
  allocationAt(prisonNumber: string, t: number): Allocation | undefined {
    const list = this.allocationsOf.get(prisonNumber);
    if (!list) return undefined;
    for (let i = upTo(list, (a) => a.from, t) - 1; i >= 0; i--) {
      const a = list[i]!;
      if (a.to === null || t < a.to) return a;
    }
    return undefined;
  }

  /** The prisoner's last movement at or before `t`. */
  movementBefore(prisonNumber: string, t: number): Movement | undefined {
    const list = this.movementsOf.get(prisonNumber);
    return list ? list[upTo(list, (m) => m.at, t) - 1] : undefined;
  }

  /** The prisoner's movements, in time order. */
  movements(prisonNumber: string): readonly Movement[] {
    return this.movementsOf.get(prisonNumber) ?? [];
  }

  /** The prisoner's sightings, in order of their start. */
  sightings(prisonNumber: string): readonly Sighting[] {
    return this.sightingsOf.get(prisonNumber) ?? [];
  }

  /** The wing a location is in, or null. */
  wingOf(location: string | null): string | null {
    if (!location) return null;
    let wing = this.wings.get(location);
    if (wing === undefined) {
      wing = this.records.wings.find((w) => location === w || location.startsWith(`${w}-`)) ?? null;
      this.wings.set(location, wing);
    }
    return wing;
  }

  /**
   * Where the prisoner is at `t`: the later of their cell allocation's start and their last movement
   * decides. A movement into their own wing returns them to their cell; one to another place in the
   * establishment puts them there by its reason; one out of it (no destination, or another
   * establishment's) puts them out by its reason, on the roll unless released or transferred.
   */
  placeAt(prisonNumber: string, t: number): Place | null {
    const allocation = this.allocationAt(prisonNumber, t);
    const movement = this.movementBefore(prisonNumber, t);
    const cell = allocation && this.inEstablishment(allocation.location) ? allocation : undefined;
    if (!movement || (cell && cell.from >= movement.at)) {
      if (!cell) return null;
      return new RecordedPlace(this, 'in_cell', cell.location, null, cell.from);
    }
    const place = (whereabouts: Whereabouts, location: string | null) =>
      new RecordedPlace(this, whereabouts, location, movement.reason, movement.at);
    if (!this.inEstablishment(movement.to)) {
      // Left the establishment (or through its gate): gone for good, or out and still on its roll.
      if (!this.inEstablishment(movement.from) && !cell) return null;
      return place(OUT_REASON[movement.reason] ?? 'out_other', null);
    }
    if (!cell) return place('no_cell', movement.to);
    const home = this.wingOf(cell.location);
    if (home !== null && this.wingOf(movement.to) === home) return place('in_cell', cell.location);
    return place(IN_REASON[movement.reason] ?? 'elsewhere', movement.to);
  }

  /**
   * Where presence data saw the prisoner at `t` (within `slack` milliseconds), if anywhere: the latest
   * sighting to start, when two cover the moment.
   */
  seenAt(prisonNumber: string, t: number, slack = 5 * 60_000): Sighting | undefined {
    const list = this.sightingsOf.get(prisonNumber);
    if (!list) return undefined;
    const earliest = t - slack - this.longestSighting.get(prisonNumber)!;
    for (let i = upTo(list, (s) => s.start - slack, t) - 1; i >= 0 && list[i]!.start >= earliest; i--)
      if (t < list[i]!.end + slack) return list[i];
    return undefined;
  }
}

/**
 * A place as the records give it, its reason worded only when asked for: local time is costly, and a
 * roll count asks where every prisoner is at every count, where most places are only compared.
 */
class RecordedPlace implements Place {
  constructor(
    private readonly roll: Roll,
    readonly whereabouts: Whereabouts,
    readonly location: string | null,
    /** The movement's reason, or null for a cell allocation. */
    private readonly reason: string | null,
    private readonly since: number,
  ) {}

  get because(): string {
    const at = this.roll.local(this.since);
    return this.reason === null ? `cell allocation from ${at}` : `movement (${this.reason}) at ${at}`;
  }
}
