/**
 * How a prison or probation region runs and how its systems record it: the *regime*. `fixed` is the
 * one regime the simulator always used (the demo estate's); `drawn` draws one per establishment from
 * the seed, within ranges plausible for prisons and probation in England and Wales, so that detection
 * cannot be tuned to one way of running a prison. Every drawn value is recorded in ground_truth.json.
 */
import type { Rng } from './rng.ts';

export const REGIME_MODES = ['drawn', 'fixed'] as const;
export type RegimeMode = (typeof REGIME_MODES)[number];

/** A shift in local minutes after midnight (a night shift ends the next morning, past 1440). */
export interface ShiftDef {
  from: number;
  to: number;
  night: boolean;
}

export type SearchPractice = 'legacy' | 'during_shifts' | 'fixed_times' | 'search_team';

export interface PrisonRegime {
  mode: RegimeMode;
  /** `eight_hour` (earlies, lates, nights), `long_day` (12-hour days and nights) or `mixed`. */
  shift_system: 'eight_hour' | 'long_day' | 'mixed';
  shifts: Record<string, ShiftDef>;
  /** Night cover by dedicated night staff, or every officer takes a week of nights in turn. */
  nights: 'dedicated' | 'rotating';
  /** Share of officers who work only nights (dedicated nights). */
  night_staff_share: number;
  /** Staff of all roles per prisoner, and the officers' share of them. */
  staff_per_prisoner: number;
  officer_share: number;
  /** Chance a rostered member of staff is absent on a day (sickness, leave, training). */
  absence: number;
  /** Chance an officer is posted to another wing for a shift. */
  cross_deployment: number;
  /** Share of officers without a wing, posted where they are needed each day ("detached duty"). */
  floater_share: number;
  wing_size: number;
  landings: number;
  shared_cell_share: number;
  occupancy: number;
  /** Segregation unit: cells (0: none) and its own officers. */
  segregation_cells: number;
  segregation_officers: number;
  /** Unlocked periods (local minutes); the last one ends at evening lock-up. */
  unlocked: [number, number][];
  presence: {
    /** Door controllers at each cell, only at wing gates, or some wings of each. */
    level: 'cell' | 'wing' | 'mixed';
    /** For `mixed`: the share of wings with cell-level door records. */
    cell_level_wing_share: number;
    /** How a shift on a wing is recorded: keys drawn for the whole shift, or wing-gate entries either side of a break. */
    shift_record: 'keysafe' | 'door_split';
    /** Share of shifts that leave any presence record (keys not signed for, badges not swiped). */
    shift_logged: number;
    /** Share of cell entries the door system records at all. */
    cell_visits_logged: number;
    /** `actual`: the time inside; `door_open`: only the minute or two the door stood open. */
    cell_visit_duration: 'actual' | 'door_open';
    /** Share of records written twice (two readers, a re-sent batch), a few seconds apart. */
    duplicates: number;
    /** Wing-days per 30 on which the door system was down for some hours. */
    outages_per_30_days: number;
    /** Share of cell entries made by two officers; whether night entries always are. */
    paired_entries: number;
    night_entries_paired: boolean;
  };
  /** Poisson means per officer shift. */
  cell_visits_per_shift: number;
  cell_bells_per_night: number;
  lookups_per_shift: number;
  healthcare_rounds: number;
  chaplaincy_rounds: number;
  key_work: {
    /** Share of weekly sessions that happen; minutes of each; where (the cell, or the wing office). */
    delivered: number;
    minutes: [number, number];
    in_cell: number;
    /** 0: key workers get prisoners evenly; towards 1: a few officers carry many. */
    concentration: number;
  };
  search: {
    practice: SearchPractice;
    /** Finds per 100 prisoners per week. */
    finds_per_100_per_week: number;
    /** For `fixed_times`: the local minutes searches happen in (weekdays). */
    window: [number, number];
    /** For `search_team`: officers on the dedicated search team. */
    team: number;
  };
  comms: {
    /** Calls per prisoner per day (in-cell telephony raises it); letters, money, visits as daily chances. */
    calls_per_day: number;
    letter_chance: number;
    money_chance: number;
    visit_chance: number;
    visit_days: number[];
  };
  /** Intelligence reports a day, for the whole prison. */
  intelligence_per_day: number;
}

export interface RegionRegime {
  mode: RegimeMode;
  officers: number;
  managers: number;
  caseload: number;
  /** Share of people seen fortnightly rather than weekly; days between home visits. */
  fortnightly_share: number;
  home_visit_every_days: number;
  phone_contact_chance: number;
  lookup_chance: number;
  attendance: number;
}

const EIGHT_HOUR: Record<string, ShiftDef> = {
  early: { from: 435, to: 855, night: false },
  late: { from: 780, to: 1290, night: false },
  night: { from: 1260, to: 1890, night: true },
};

/** The regime every seed had before regimes were drawn (and the demo estate still has). */
export function fixedPrisonRegime(index: number): PrisonRegime {
  return {
    mode: 'fixed',
    shift_system: 'eight_hour',
    shifts: EIGHT_HOUR,
    nights: 'dedicated',
    night_staff_share: 0.12,
    staff_per_prisoner: 0.375,
    officer_share: 0.66,
    absence: 0.06,
    cross_deployment: 0.08,
    floater_share: 0,
    wing_size: 135,
    landings: 3,
    shared_cell_share: 0.33,
    occupancy: 0.92,
    segregation_cells: 0,
    segregation_officers: 0,
    unlocked: [
      [480, 735],
      [825, 1170],
    ],
    presence: {
      level: index % 2 === 0 ? 'cell' : 'wing',
      cell_level_wing_share: index % 2 === 0 ? 1 : 0,
      shift_record: index % 2 === 0 ? 'keysafe' : 'door_split',
      shift_logged: 1,
      cell_visits_logged: 1,
      cell_visit_duration: 'actual',
      duplicates: 0,
      outages_per_30_days: 0,
      paired_entries: 0.25,
      night_entries_paired: false,
    },
    cell_visits_per_shift: 10,
    cell_bells_per_night: 3,
    lookups_per_shift: 2,
    healthcare_rounds: 8,
    chaplaincy_rounds: 4,
    key_work: { delivered: 1, minutes: [35, 55], in_cell: 1, concentration: 0 },
    search: { practice: 'legacy', finds_per_100_per_week: 0.35, window: [540, 1020], team: 0 },
    comms: {
      calls_per_day: 0.7,
      letter_chance: 0.1,
      money_chance: 0.04,
      visit_chance: 0.08,
      visit_days: [0, 2, 4, 6],
    },
    intelligence_per_day: 1.5,
  };
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
/** A value drawn uniformly in [lo, hi], rounded so that ground_truth.json stays readable. */
export const between = (rng: Rng, lo: number, hi: number, digits = 3) =>
  round(lo + (hi - lo) * rng.float(), digits);

/** A prison's regime drawn from `rng`: wide but plausible ranges for a prison in England and Wales. */
export function drawPrisonRegime(rng: Rng, prisoners: number): PrisonRegime {
  const shiftSystem = rng.weighted([
    ['eight_hour', 0.5],
    ['long_day', 0.25],
    ['mixed', 0.25],
  ] as const);
  // Start times move by up to half an hour either way from one prison to another.
  const shiftBy = rng.int(-6, 6) * 5;
  const shifts: Record<string, ShiftDef> = {};
  if (shiftSystem !== 'long_day') {
    shifts.early = { from: 435 + shiftBy, to: 435 + shiftBy + rng.int(7, 8) * 60, night: false };
    shifts.late = { from: 780 + shiftBy, to: 1290 + shiftBy, night: false };
    shifts.night = { from: 1260 + shiftBy, to: 1890 + shiftBy, night: true };
  }
  if (shiftSystem !== 'eight_hour') {
    shifts.long_day = { from: 450 + shiftBy, to: 1200 + shiftBy + rng.int(0, 3) * 15, night: false };
    shifts.long_night = { from: 1185 + shiftBy, to: 1905 + shiftBy, night: true };
  }
  // Staff outside the wings (healthcare, chaplaincy, education, the gate) work office hours.
  shifts.office = { from: 480, to: 990, night: false };
  const restricted = rng.chance(0.35);
  const unlock = 465 + rng.int(0, 6) * 10;
  const unlocked: [number, number][] = restricted
    ? // A restricted regime: two or three short unlocks a day.
      [
        [unlock + 30, unlock + 30 + rng.int(6, 12) * 10],
        [825 + rng.int(0, 3) * 15, 825 + rng.int(9, 15) * 10],
      ]
    : [
        [unlock, 720 + rng.int(0, 3) * 10],
        [810 + rng.int(0, 3) * 10, 1050 + rng.int(0, 12) * 10],
      ];
  const level = rng.weighted([
    ['cell', 0.45],
    ['wing', 0.25],
    ['mixed', 0.3],
  ] as const);
  const practice = rng.weighted([
    ['during_shifts', 0.4],
    ['fixed_times', 0.3],
    ['search_team', 0.3],
  ] as const);
  const searchStart = rng.int(0, 4) * 30 + 510;
  const segregation = rng.chance(0.65);
  const visitDayCount = rng.int(3, 7);
  return {
    mode: 'drawn',
    shift_system: shiftSystem,
    shifts,
    nights: rng.chance(0.6) ? 'dedicated' : 'rotating',
    night_staff_share: between(rng, 0.08, 0.2),
    staff_per_prisoner: between(rng, 0.27, 0.5),
    officer_share: between(rng, 0.55, 0.72),
    absence: between(rng, 0.03, 0.12),
    cross_deployment: between(rng, 0.02, 0.25),
    floater_share: rng.chance(0.5) ? between(rng, 0.02, 0.1) : 0,
    wing_size: rng.int(50, 180),
    landings: rng.int(2, 4),
    shared_cell_share: between(rng, 0.1, 0.65),
    occupancy: between(rng, 0.85, 0.99),
    segregation_cells: segregation ? rng.int(6, 16) : 0,
    segregation_officers: segregation ? rng.int(3, 6) : 0,
    unlocked,
    presence: {
      level,
      cell_level_wing_share: level === 'cell' ? 1 : level === 'wing' ? 0 : between(rng, 0.3, 0.7),
      shift_record: rng.chance(0.5) ? 'keysafe' : 'door_split',
      shift_logged: between(rng, 0.75, 1),
      cell_visits_logged: between(rng, 0.55, 1),
      cell_visit_duration: rng.chance(0.2) ? 'door_open' : 'actual',
      duplicates: rng.chance(0.5) ? between(rng, 0.005, 0.08) : 0,
      outages_per_30_days: rng.chance(0.5) ? between(rng, 0.2, 3, 1) : 0,
      paired_entries: between(rng, 0.05, 0.6),
      night_entries_paired: rng.chance(0.5),
    },
    cell_visits_per_shift: between(rng, 4, 16, 1),
    cell_bells_per_night: between(rng, 1, 6, 1),
    lookups_per_shift: between(rng, 0.5, 4, 1),
    healthcare_rounds: between(rng, 4, 12, 1),
    chaplaincy_rounds: between(rng, 2, 6, 1),
    key_work: {
      delivered: between(rng, 0.3, 1),
      minutes: rng.pick([
        [20, 35],
        [30, 50],
        [35, 55],
        [40, 60],
      ]),
      in_cell: between(rng, 0.3, 1),
      concentration: rng.chance(0.5) ? between(rng, 0.2, 0.9) : 0,
    },
    search: {
      practice,
      finds_per_100_per_week: between(rng, 0.3, 4, 2),
      window: [searchStart, searchStart + rng.int(4, 8) * 30],
      team: practice === 'search_team' ? rng.int(2, 5) : 0,
    },
    comms: {
      calls_per_day: between(rng, 0.3, 3, 2),
      letter_chance: between(rng, 0.03, 0.15),
      money_chance: between(rng, 0.02, 0.08),
      visit_chance: between(rng, 0.04, 0.15),
      visit_days: rng.sample([0, 1, 2, 3, 4, 5, 6], visitDayCount).sort(),
    },
    intelligence_per_day: round((between(rng, 0.1, 0.8) * prisoners) / 100, 2),
  };
}

export function fixedRegionRegime(): RegionRegime {
  return {
    mode: 'fixed',
    officers: 22,
    managers: 3,
    caseload: 30,
    fortnightly_share: 0.5,
    home_visit_every_days: 28,
    phone_contact_chance: 0.05,
    lookup_chance: 0.03,
    attendance: 0.92,
  };
}

export function drawRegionRegime(rng: Rng): RegionRegime {
  return {
    mode: 'drawn',
    officers: rng.int(15, 35),
    managers: rng.int(2, 4),
    caseload: rng.int(20, 45),
    fortnightly_share: between(rng, 0.2, 0.8),
    home_visit_every_days: rng.pick([14, 21, 28, 42, 56]),
    phone_contact_chance: between(rng, 0.02, 0.1),
    lookup_chance: between(rng, 0.01, 0.06),
    attendance: between(rng, 0.8, 0.97),
  };
}
