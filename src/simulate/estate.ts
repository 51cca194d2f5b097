import { FAMILY_NAMES, GIVEN_NAMES, POSTCODE_AREAS, STREETS, TOWNS } from './names.ts';
import type { PrisonRegime } from './regime.ts';
import type { Rng } from './rng.ts';
import { addDays } from './time.ts';

/** The people and places of one simulated prison, kept in memory while its days are generated. */

export interface Person {
  first: string;
  last: string;
}

export interface Contact extends Person {
  relationship: string;
  phone: string;
  address: string;
  approved: boolean;
}

export interface Prisoner extends Person {
  number: string;
  dob: string;
  reception: string;
  release: string | null;
  cell: string;
  wing: string;
  /** Workshop or education room for the working day; null when unemployed. */
  activity: string | null;
  contacts: Contact[];
  /** When the current cell allocation began (epoch milliseconds). */
  allocatedFrom: number;
  /** While in the segregation unit: the wing to return to. */
  homeWing?: string;
}

export interface StaffMember extends Person {
  id: string;
  role: string;
  wing: string | null;
  /** Night staff work mostly nights; others mostly earlies and lates. */
  nights: boolean;
  phone: string;
  address: string;
  start: string;
  end: string | null;
  /** Days of the week off (0 = Sunday). */
  restDays: number[];
  /** Drawn regimes: the shift pattern worked, where in its cycle, and a special post. */
  pattern?: 'eight_hour' | 'long_day';
  offset?: number;
  post?: 'floater' | 'search_team' | 'segregation';
}

export interface Wing {
  code: string;
  cells: { code: string; capacity: number }[];
  office: string;
  /** Door records at cell level on this wing (otherwise only at the wing gate). */
  cellLevel: boolean;
  segregation?: boolean;
}

export interface Prison {
  code: string;
  name: string;
  timezone: string;
  /** Door controllers at cell level on at least one wing; each wing says whether it has them. */
  cellLevel: boolean;
  category: string;
  regime: PrisonRegime;
  /** Residential wings, and the segregation unit last when there is one. */
  wings: Wing[];
  rooms: {
    workshops: string[];
    education: string;
    visits: string;
    healthcare: string;
    gate: string;
    yard: string;
    chapel: string;
  };
  staff: StaffMember[];
  prisoners: Prisoner[];
  /** Prisoners a planted scenario or decoy depends on: they are not moved to segregation. */
  pinned: Set<Prisoner>;
  /** Receives a new prisoner into a cell (receptions during the simulated period). */
  receive: PrisonerFactory;
}

let phoneCounter = 0;
/** A synthetic mobile number in Ofcom's drama range (07700 900000–900999) or its neighbours. */
export function syntheticPhone(rng: Rng): string {
  phoneCounter = (phoneCounter + 1 + rng.int(0, 3)) % 100_000;
  return `+4477009${String(phoneCounter).padStart(5, '0')}`;
}

export function syntheticAddress(rng: Rng): string {
  const i = rng.int(0, TOWNS.length - 1);
  return `${rng.int(1, 240)} ${rng.pick(STREETS)}, ${TOWNS[i]} ${POSTCODE_AREAS[i]} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`;
}

export function syntheticPerson(rng: Rng): Person {
  return { first: rng.pick(GIVEN_NAMES), last: rng.pick(FAMILY_NAMES) };
}

export function resetPhones(): void {
  phoneCounter = 0;
}

const ROLE_SHARES: [string, number][] = [
  ['officer', 0.66],
  ['senior_officer', 0.05],
  ['custodial_manager', 0.02],
  ['governor', 0.01],
  ['healthcare', 0.08],
  ['chaplaincy', 0.02],
  ['education', 0.07],
  ['operational_support', 0.07],
  ['contractor', 0.02],
];

function randomDate(rng: Rng, from: string, days: number): string {
  return addDays(from, rng.int(0, days));
}

export function buildPrison(
  rng: Rng,
  index: number,
  prisonerCount: number,
  start: string,
  days: number,
  regime: PrisonRegime,
): Prison {
  const code = `X${String.fromCharCode(65 + (Math.floor(index / 26) % 26))}${String.fromCharCode(65 + (index % 26))}`;
  const wingCount = Math.max(2, Math.round(prisonerCount / regime.wing_size));
  const perWing = Math.ceil(prisonerCount / wingCount);
  const landings = regime.landings;
  const level = regime.presence.level;
  const wings: Wing[] = [];
  for (let w = 0; w < wingCount; w++) {
    const wing = `${code}-${String.fromCharCode(65 + w)}`;
    const cells: Wing['cells'] = [];
    // Enough cells for the wing at about 90% occupancy, some of them shared.
    let places = 0;
    for (let n = 1; places < perWing / 0.9; n++) {
      const landing = 1 + ((n - 1) % landings);
      const capacity = rng.chance(regime.shared_cell_share) ? 2 : 1;
      cells.push({
        code: `${wing}-${landing}-${String(Math.ceil(n / landings)).padStart(3, '0')}`,
        capacity,
      });
      places += capacity;
    }
    const cellLevel =
      level === 'cell' || (level === 'mixed' && rng.chance(regime.presence.cell_level_wing_share));
    wings.push({ code: wing, cells, office: `${wing}-OFFICE`, cellLevel });
  }
  if (level === 'mixed' && wings.every((w) => w.cellLevel === wings[0]!.cellLevel))
    wings[0]!.cellLevel = !wings[0]!.cellLevel;
  const residential = [...wings];
  if (regime.segregation_cells > 0) {
    const seg = `${code}-SEG`;
    wings.push({
      code: seg,
      cells: Array.from({ length: regime.segregation_cells }, (_, i) => ({
        code: `${seg}-1-${String(i + 1).padStart(3, '0')}`,
        capacity: 1,
      })),
      office: `${seg}-OFFICE`,
      cellLevel: level !== 'wing',
      segregation: true,
    });
  }
  const rooms = {
    workshops: [1, 2, 3].map((n) => `${code}-WS${n}`),
    education: `${code}-EDU`,
    visits: `${code}-VIS`,
    healthcare: `${code}-HCC`,
    gate: `${code}-GATE`,
    yard: `${code}-YARD`,
    chapel: `${code}-CHAPEL`,
  };

  const staffCount = Math.round(prisonerCount * regime.staff_per_prisoner);
  // Other roles share what the officers leave, in the same proportions as ever.
  const scale = regime.officer_share === 0.66 ? 1 : (1 - regime.officer_share) / 0.34;
  const staff: StaffMember[] = [];
  let n = 0;
  for (const [role, baseShare] of ROLE_SHARES) {
    const share = role === 'officer' ? regime.officer_share : baseShare * scale;
    const count = Math.max(role === 'officer' ? wingCount * 8 : 1, Math.round(staffCount * share));
    for (let i = 0; i < count; i++) {
      n++;
      const person = syntheticPerson(rng);
      const joiner = rng.chance(0.03);
      const leaver = !joiner && rng.chance(0.03);
      const rest = rng.int(0, 6);
      staff.push({
        ...person,
        id: `${code}${String(n).padStart(4, '0')}`,
        role,
        wing: role === 'officer' || role === 'senior_officer' ? wings[i % wingCount]!.code : null,
        nights: role === 'officer' && regime.nights === 'dedicated' && rng.chance(regime.night_staff_share),
        phone: syntheticPhone(rng),
        address: syntheticAddress(rng),
        start: joiner
          ? randomDate(rng, start, Math.floor(days / 2))
          : randomDate(rng, addDays(start, -6000), 5800),
        end: leaver ? randomDate(rng, addDays(start, Math.floor(days / 2)), Math.floor(days / 2) - 1) : null,
        restDays: [rest, (rest + rng.int(1, 2)) % 7],
      });
    }
  }
  if (regime.mode === 'drawn') {
    for (const s of staff) {
      if (!s.wing) continue;
      s.pattern =
        regime.shift_system === 'mixed'
          ? rng.pick(['eight_hour', 'long_day'])
          : regime.shift_system === 'long_day'
            ? 'long_day'
            : 'eight_hour';
      s.offset = rng.int(0, 55);
      if (s.role === 'officer' && !s.nights && rng.chance(regime.floater_share)) s.post = 'floater';
    }
    // The segregation unit's own officers, and the dedicated search team.
    const extra = (post: 'segregation' | 'search_team', wing: string) => {
      n++;
      const rest = rng.int(0, 6);
      staff.push({
        ...syntheticPerson(rng),
        id: `${code}${String(n).padStart(4, '0')}`,
        role: 'officer',
        wing,
        nights: false,
        phone: syntheticPhone(rng),
        address: syntheticAddress(rng),
        start: randomDate(rng, addDays(start, -6000), 5600),
        end: null,
        restDays: post === 'search_team' ? [0, 6] : [rest, (rest + 1) % 7],
        pattern: regime.shift_system === 'long_day' ? 'long_day' : 'eight_hour',
        offset: rng.int(0, 55),
        post,
      });
    };
    for (let i = 0; i < regime.segregation_officers; i++) extra('segregation', `${code}-SEG`);
    for (let i = 0; i < regime.search.team; i++) extra('search_team', residential[i % wingCount]!.code);
  }

  const prisoners: Prisoner[] = [];
  const letter = String.fromCharCode(65 + (index % 26));
  const suffix = `${String.fromCharCode(65 + (Math.floor(index / 26) % 26))}${'ABCDEFGHJKLMNPQRSTUVWXYZ'[index % 24]}`;
  let counter = 0;
  const newPrisoner = (wing: Wing, cell: string, reception: string, allocatedFrom: number): Prisoner => {
    counter++;
    const employed = rng.chance(0.7);
    const p: Prisoner = {
      ...syntheticPerson(rng),
      number: `${letter}${String(counter).padStart(4, '0')}${suffix}`,
      dob: randomDate(rng, '1960-01-01', 365 * 42),
      reception,
      release: rng.chance(0.6) ? randomDate(rng, addDays(start, days + 1), 900) : null,
      cell,
      wing: wing.code,
      activity: employed ? (rng.chance(0.75) ? rng.pick(rooms.workshops) : rooms.education) : null,
      contacts: [],
      allocatedFrom,
    };
    const contactCount = rng.int(2, 5);
    for (let c = 0; c < contactCount; c++) {
      const person = c === 0 ? { first: rng.pick(GIVEN_NAMES), last: p.last } : syntheticPerson(rng);
      // A contact's name is the record's key: one person of a name per prisoner.
      if (p.contacts.some((x) => x.first === person.first && x.last === person.last)) continue;
      p.contacts.push({
        ...person,
        relationship:
          c === 0
            ? rng.pick(['mother', 'father', 'sister', 'brother'])
            : rng.pick(['partner', 'friend', 'cousin', 'aunt', 'solicitor']),
        phone: syntheticPhone(rng),
        address: syntheticAddress(rng),
        approved: rng.chance(0.95),
      });
    }
    return p;
  };
  for (const wing of residential) {
    let onWing = 0;
    for (const cell of wing.cells) {
      for (let k = 0; k < cell.capacity && onWing < perWing; k++) {
        if (!rng.chance(regime.occupancy)) continue;
        prisoners.push(newPrisoner(wing, cell.code, randomDate(rng, addDays(start, -700), 690), 0));
        onWing++;
      }
    }
  }

  return {
    code,
    name: `HMP ${['Exampleton', 'Sampleford', 'Mockbridge', 'Testingham', 'Fictown', 'Dummerby', 'Placeholder Moor', 'Nowhere Vale', 'Imaginary Fen', 'Pretend Hill'][index % 10]}${index >= 10 ? ` ${Math.floor(index / 10) + 1}` : ''}`,
    timezone: 'Europe/London',
    cellLevel: wings.some((w) => w.cellLevel),
    category: regime.mode === 'fixed' ? (level === 'cell' ? 'B' : 'C') : rng.pick(['B', 'B', 'C', 'C', 'C']),
    regime,
    wings,
    rooms,
    staff,
    prisoners,
    pinned: new Set(),
    receive: newPrisoner,
  };
}

/** Creates a new prisoner received into `cell` (used for receptions during the simulation). */
export type PrisonerFactory = (
  wing: Wing,
  cell: string,
  reception: string,
  allocatedFrom: number,
) => Prisoner;
