import { FAMILY_NAMES, GIVEN_NAMES, POSTCODE_AREAS, STREETS, TOWNS } from './names.ts';
import type { Rng } from './rng.ts';
import { addDays } from './time.ts';

/** The people and places of one simulated prison, kept in memory while its days are generated. */

export type Shift = 'early' | 'late' | 'night';
/** Local minutes after midnight; a night shift ends the next morning (minutes past 1440). */
export const SHIFTS: Record<Shift, [number, number]> = {
  early: [435, 855],
  late: [780, 1290],
  night: [1260, 1890],
};

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
}

export interface Wing {
  code: string;
  cells: { code: string; capacity: number }[];
  office: string;
}

export interface Prison {
  code: string;
  name: string;
  timezone: string;
  /** Door controllers at cell level (modern); otherwise presence is known only at wing level. */
  cellLevel: boolean;
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
): Prison {
  const code = `X${String.fromCharCode(65 + (Math.floor(index / 26) % 26))}${String.fromCharCode(65 + (index % 26))}`;
  const cellLevel = index % 2 === 0;
  const wingCount = Math.max(2, Math.round(prisonerCount / 135));
  const perWing = Math.ceil(prisonerCount / wingCount);
  const wings: Wing[] = [];
  for (let w = 0; w < wingCount; w++) {
    const wing = `${code}-${String.fromCharCode(65 + w)}`;
    const cells: Wing['cells'] = [];
    // Enough cells for the wing at about 90% occupancy, a third of them shared.
    let places = 0;
    for (let n = 1; places < perWing / 0.9; n++) {
      const landing = 1 + ((n - 1) % 3);
      const capacity = rng.chance(0.33) ? 2 : 1;
      cells.push({ code: `${wing}-${landing}-${String(Math.ceil(n / 3)).padStart(3, '0')}`, capacity });
      places += capacity;
    }
    wings.push({ code: wing, cells, office: `${wing}-OFFICE` });
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

  const staffCount = Math.round(prisonerCount * 0.375);
  const staff: StaffMember[] = [];
  let n = 0;
  for (const [role, share] of ROLE_SHARES) {
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
        nights: role === 'officer' && rng.chance(0.12),
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
  for (const wing of wings) {
    let onWing = 0;
    for (const cell of wing.cells) {
      for (let k = 0; k < cell.capacity && onWing < perWing; k++) {
        if (!rng.chance(0.92)) continue;
        prisoners.push(newPrisoner(wing, cell.code, randomDate(rng, addDays(start, -700), 690), 0));
        onWing++;
      }
    }
  }

  return {
    code,
    name: `HMP ${['Exampleton', 'Sampleford', 'Mockbridge', 'Testingham', 'Fictown', 'Dummerby', 'Placeholder Moor', 'Nowhere Vale', 'Imaginary Fen', 'Pretend Hill'][index % 10]}${index >= 10 ? ` ${Math.floor(index / 10) + 1}` : ''}`,
    timezone: 'Europe/London',
    cellLevel,
    wings,
    rooms,
    staff,
    prisoners,
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
