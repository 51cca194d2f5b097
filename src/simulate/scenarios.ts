import type { SimContext } from './context.ts';
import type { Person, Prison, Prisoner, StaffMember } from './estate.ts';
import { placeOf, presentWindows, wingOf, type DayState } from './prison.ts';
import type { Recorder } from './recorder.ts';
import type { ShiftDef } from './regime.ts';
import { addDays } from './time.ts';

export const PRISON_SCENARIOS = [
  'relationship_strong',
  'relationship_subtle',
  'relationship_comms',
  'relationship_relative',
  'trafficking',
  'trafficking_roaming',
  'direct_link',
] as const;
export const PROBATION_SCENARIOS = ['probation_boundary'] as const;
export const SCENARIO_KINDS = [...PRISON_SCENARIOS, ...PROBATION_SCENARIOS] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];
/** The kinds every estate had before shapes were drawn: the fixed regime's default. */
export const CLASSIC_KINDS: readonly ScenarioKind[] = [
  'relationship_strong',
  'relationship_subtle',
  'relationship_comms',
  'trafficking',
  'probation_boundary',
];

export interface ScenarioSpec {
  kind: ScenarioKind;
  /** Multiplies how often the misconduct shows in the data; 1 is the default. */
  strength: number;
}

/** One entry of ground_truth.json. */
export interface ScenarioTruth {
  id: string;
  /** `false_count`: roll counts written without counting (roll-counts.ts). */
  kind: ScenarioKind | 'decoy' | 'false_count';
  /** For decoys: why a naive rule would flag them (key_worker, healthcare, night_staff, segregation_unit, …). */
  reason?: string;
  /** How this case shows in the data, in a few words (drawn shapes differ from case to case). */
  shape?: string;
  strength?: number;
  establishment: string;
  staff: string[];
  prisoners: string[];
  people_on_probation: string[];
  from: string;
  to: string;
  parameters: Record<string, string | number | boolean>;
}

export interface PlantedScenario {
  truth: ScenarioTruth;
  onDay?: (state: DayState) => void;
}

/** Parses `--scenarios relationship_strong:2,trafficking` (a kind, optionally `:strength`). */
export function parseScenarios(list: string): ScenarioSpec[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [kind, strength] = item.split(':');
      if (!(SCENARIO_KINDS as readonly string[]).includes(kind!)) {
        throw new Error(
          `--scenarios: got "${kind}", expected one of ${SCENARIO_KINDS.join(', ')} (optionally :STRENGTH)`,
        );
      }
      const value = strength === undefined ? 1 : Number(strength);
      if (!Number.isFinite(value) || value <= 0 || value > 10)
        throw new Error(
          `--scenarios: got strength "${strength}" for ${kind}, expected a number above 0 and at most 10`,
        );
      return { kind: kind as ScenarioKind, strength: value };
    });
}

/**
 * What planting in one prison shares: the prison, its records, who is already cast (a member of staff
 * or prisoner plays one part only, so no decoy is ever a planted case's officer), and helpers.
 */
export class Stage {
  readonly used = new Set<string>();
  readonly last: string;
  readonly drawn: boolean;
  private readonly ids = new Map<string, number>();

  constructor(
    readonly ctx: SimContext,
    readonly prison: Prison,
    readonly rec: Recorder,
    readonly start: string,
    readonly days: number,
  ) {
    this.last = addDays(start, days - 1);
    this.drawn = prison.regime.mode === 'drawn';
  }

  get rng() {
    return this.ctx.rng;
  }

  /** A chance that is drawn only when it can happen, so the fixed regime's draws stay as they were. */
  maybe(p: number): boolean {
    return p > 0 && this.rng.chance(p);
  }

  /** Staff who may be cast: employed throughout, in post for over a year, not yet cast. */
  free(filter: (s: StaffMember) => boolean): StaffMember[] {
    return this.prison.staff.filter(
      (s) => filter(s) && s.end === null && s.start < addDays(this.last, -400) && !this.used.has(s.id),
    );
  }

  /** A day-shift officer of a wing (not a special post) no other part uses. */
  officer(filter: (s: StaffMember) => boolean = () => true): StaffMember {
    const o = this.rng.pick(
      this.free((s) => s.role === 'officer' && !s.nights && s.post === undefined && filter(s)),
    );
    this.used.add(o.id);
    return o;
  }

  /** A prisoner of `wing` (any wing when null) who stays for the whole period and no other part uses. */
  prisoner(wing: string | null): Prisoner {
    const p = this.rng.pick(
      this.prison.prisoners.filter(
        (x) =>
          (wing === null || x.wing === wing) &&
          !this.used.has(x.number) &&
          (x.release === null || x.release > this.last),
      ),
    );
    this.used.add(p.number);
    this.prison.pinned.add(p);
    return p;
  }

  /**
   * A one-to-one visit by `o` to `p`'s cell, recorded as the prison records cell entries; what the
   * records kept is added up in `truth`'s parameters (`recorded_cell_entries`, `recorded_cell_minutes`).
   */
  visit(o: StaffMember, p: Prisoner, at: number, minutes: number, truth?: ScenarioTruth): void {
    const end = at + minutes * 60_000 + this.rng.int(0, 59) * 1000;
    const wing = wingOf(this.prison, p);
    let kept = 0;
    if (wing.cellLevel) kept = this.rec.cellVisit(o.id, p.cell, wing, at, end);
    // The fixed regime wrote the visit at the wing where presence is only known by wing.
    else if (!this.drawn) this.ctx.presence('staff', o.id, placeOf(this.prison, p), at, end, 'door');
    if (truth && kept > 0) {
      const n = truth.parameters;
      n.recorded_cell_entries = Number(n.recorded_cell_entries ?? 0) + 1;
      n.recorded_cell_minutes = Number(n.recorded_cell_minutes ?? 0) + Math.round(kept / 60_000);
    }
  }

  /**
   * A visit of `minutes` (drawn in the range) at a time in the shift when the prisoner is in their cell
   * or on the wing (see `presentWindows`); none when there is no such time.
   */
  visitWhilePresent(
    o: StaffMember,
    p: Prisoner,
    day: string,
    shift: ShiftDef,
    minutes: [number, number],
    which: 'any' | 'lock_up' | 'unlocked',
    truth?: ScenarioTruth,
  ): boolean {
    const windows = presentWindows(this.prison, p, day, shift, minutes[1], which);
    if (!windows.length) return false;
    const [lo, hi] = this.rng.pick(windows);
    this.visit(o, p, this.ctx.at(day, this.rng.int(lo, hi), 31), this.rng.int(minutes[0], minutes[1]), truth);
    return true;
  }

  /** The shift `staffId` works today and its definition (both undefined on a day off). */
  shiftOf(state: DayState, staffId: string): [string | undefined, ShiftDef | undefined] {
    const shift = state.shifts.get(staffId);
    return [shift, shift ? this.prison.regime.shifts[shift] : undefined];
  }

  /** A social visit of 90 minutes from `who` to `p`, starting at local `minute`. */
  socialVisit(
    p: Prisoner,
    day: string,
    minute: number,
    who: Person & { address: string; phone?: string },
    relationship: string,
  ): void {
    const at = this.ctx.at(day, minute, 0);
    this.ctx.visit(p.number, at, at + 90 * 60_000, {
      name: `${who.first} ${who.last}`,
      address: who.address,
      phone: who.phone,
      relationship,
    });
  }

  /** A ground-truth id unique in the prison: the kind, numbered from the second case of a kind. */
  id(kind: string): string {
    const n = (this.ids.get(kind) ?? 0) + 1;
    this.ids.set(kind, n);
    return `${this.prison.code}-${kind}${n > 1 ? `-${n}` : ''}`;
  }

  truth(
    kind: ScenarioKind,
    spec: ScenarioSpec,
    staff: string[],
    prisoners: string[],
    firstDay: number,
    shape: string,
    parameters: ScenarioTruth['parameters'],
  ): ScenarioTruth {
    return {
      id: this.id(kind),
      kind,
      shape,
      strength: spec.strength,
      establishment: this.prison.code,
      staff,
      prisoners,
      people_on_probation: [],
      from: addDays(this.start, firstDay),
      to: this.last,
      parameters: {
        cell_level_presence: this.prison.cellLevel,
        ...parameters,
        recorded_cell_entries: 0,
        recorded_cell_minutes: 0,
      },
    };
  }

  decoy(
    reason: string,
    staff: StaffMember,
    prisoners: string[],
    parameters: ScenarioTruth['parameters'] = {},
  ) {
    this.used.add(staff.id);
    return {
      id: this.id(`decoy-${reason}`),
      kind: 'decoy' as const,
      reason,
      establishment: this.prison.code,
      staff: [staff.id],
      prisoners,
      people_on_probation: [],
      from: this.start,
      to: this.last,
      parameters,
    };
  }

  /** The first day of misconduct: fixed at 15% of the period, or drawn in its first `share` (40%). */
  firstDay(share = 0.4): number {
    return this.drawn
      ? this.rng.int(0, Math.floor(this.days * share))
      : Math.min(this.days - 1, Math.floor(this.days * 0.15));
  }
}

/** Draws how many cases of which kinds a prison gets under a drawn regime (3 to 6, at most 2 of a kind). */
export function drawPrisonSpecs(stage: Stage): ScenarioSpec[] {
  const { rng, prison } = stage;
  const oneToOneVisible = prison.wings.some((w) => w.cellLevel && !w.segregation);
  const weights: [ScenarioKind, number][] = [
    ['relationship_strong', 1],
    ['relationship_subtle', oneToOneVisible ? 1 : 0],
    ['relationship_comms', 0.6],
    ['relationship_relative', 1],
    ['trafficking', 0.8],
    ['trafficking_roaming', 0.8],
    ['direct_link', 1],
  ];
  const specs: ScenarioSpec[] = [];
  for (let n = rng.int(3, 6); specs.length < n;) {
    const kind = rng.weighted(weights);
    if (specs.filter((s) => s.kind === kind).length < 2) specs.push({ kind, strength: 1 });
  }
  return specs;
}
