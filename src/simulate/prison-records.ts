/**
 * The records of a prison day other than presence: look-ups, searches and finds, roll counts, staff
 * intelligence, medicines and chaplaincy rounds, and each prisoner's calls, letters, money and visits.
 * Each function draws from the day's random stream in the order the day makes them.
 */
import type { SimContext } from './context.ts';
import type { Prison, Prisoner, StaffMember, Wing } from './estate.ts';
import { placeOf, wingOf, type DayState } from './prison-places.ts';
import type { Recorder } from './recorder.ts';
import { COUNT_MINUTES, type RollCounting } from './roll-counts.ts';
import { addDays, weekday } from './time.ts';

const RECORD_WEIGHTS: [string, number][] = [
  ['case_notes', 0.5],
  ['sentence', 0.25],
  ['other', 0.1],
  ['contacts', 0.05],
  ['addresses', 0.05],
  ['release', 0.05],
];
const FIND_ITEMS: [string, number][] = [
  ['mobile_phone', 2],
  ['sim_card', 1],
  ['drugs', 3],
  ['weapon', 1],
  ['alcohol', 1],
  ['other', 2],
];

const INTELLIGENCE_TEXTS = [
  'Prisoner {p} overheard arranging for items to be thrown over the fence near the yard.',
  '{p} seen passing a small package to another prisoner at the servery.',
  'Strong smell of cannabis from cell of {p} during evening association.',
  '{p} has been seen with large amounts of canteen goods not matching their spends.',
  'Information that {p} is in debt to other prisoners on the landing.',
  'Family member of {p} believed to be bringing items in on visits.',
  '{p} boasting of having a mobile phone hidden in the workshop.',
  'Staff member {s} reported to be overly familiar with {p} on the landing.',
  '{s} seen spending long periods at the cell door of {p}.',
  'Anonymous note in the complaints box naming {p} as supplying spice.',
  '{p} seen trying to trade medication with others after the medicines round.',
  'Rumour on the wing that {s} brings in tobacco for prisoners.',
];

/** Look-ups of prisoners' records in the normal course of work. */
export function staffLookups(
  ctx: SimContext,
  prison: Prison,
  onDuty: StaffMember[],
  shifts: Map<string, string>,
  all: Prisoner[],
  day: string,
): void {
  const { rng } = ctx;
  const regime = prison.regime;
  for (const s of onDuty) {
    const { from, to } = regime.shifts[shifts.get(s.id)!]!;
    const n =
      s.role === 'operational_support'
        ? rng.poisson(12)
        : s.wing
          ? rng.poisson(regime.lookups_per_shift)
          : s.role === 'healthcare'
            ? rng.poisson(2)
            : 0;
    for (let k = 0; k < n; k++) {
      const pool = s.wing ? all.filter((p) => p.wing === s.wing) : all;
      if (!pool.length) break;
      const p = rng.pick(pool);
      const record =
        s.role === 'operational_support'
          ? rng.pick(['sentence', 'release', 'addresses', 'case_notes'])
          : s.role === 'healthcare'
            ? 'other'
            : rng.weighted(RECORD_WEIGHTS);
      ctx.access(
        s.id,
        `prisoner:${p.number}`,
        ctx.at(day, rng.int(from, to - 1), rng.int(0, 59)),
        'nomis',
        record,
      );
    }
  }
}

/** The fixed regime's random searches of a wing, and its roll counts four times a day (roll-counts.ts). */
export function fixedSearchesAndRollCounts(
  ctx: SimContext,
  prison: Prison,
  wing: Wing,
  day: string,
  shifts: Map<string, string>,
  occupants: Map<string, Prisoner[]>,
  byWing: Map<string, StaffMember[]>,
  counting: RollCounting,
): void {
  const { rng, out } = ctx;
  const drawn = prison.regime.mode === 'drawn';
  // The fixed regime's searches: random cell and area searches with base-rate finds.
  for (let k = 0; k < 2 && !drawn; k++) {
    if (!rng.chance(0.03)) continue;
    const cell = rng.pick(wing.cells).code;
    const occupant = occupants.get(cell)?.[0];
    out.write('finds', {
      establishment: prison.code,
      location: wing.cellLevel ? cell : wing.code,
      at: ctx.iso(ctx.at(day, rng.int(540, 1020))),
      item: rng.weighted(FIND_ITEMS),
      search: rng.chance(0.8) ? 'random' : 'cell',
      prison_number: occupant?.number,
    });
  }
  // Roll counts four times a day by the wing's first officer on duty (written once the day's moves are
  // known); very occasionally a miscount.
  for (const minute of COUNT_MINUTES) {
    const counter = counting.counterFor(wing, byWing.get(wing.code)!, shifts);
    if (!counter) continue;
    const actual = wing.cells.reduce((n, c) => n + (occupants.get(c.code)?.length ?? 0), 0);
    const miscount = rng.chance(0.01) ? rng.pick([-1, 1]) : 0;
    counting.schedule(wing, minute, counter, actual, miscount);
  }
}

/** Intelligence reports from staff, graded 3x5x2; now and then a search follows one. */
export function staffIntelligence(
  ctx: SimContext,
  prison: Prison,
  day: string,
  onDuty: StaffMember[],
  all: Prisoner[],
  officers: StaffMember[],
): void {
  const { rng, out } = ctx;
  const regime = prison.regime;
  const drawn = regime.mode === 'drawn';
  for (let k = rng.poisson(regime.intelligence_per_day); k > 0; k--) {
    const by = rng.pick(onDuty.length ? onDuty : prison.staff);
    const p = rng.pick(all);
    const s = rng.pick(officers);
    const text = rng.pick(INTELLIGENCE_TEXTS);
    const namesStaff = text.includes('{s}');
    const handling = rng.chance(0.15) ? 'C' : 'P';
    out.write('intelligence', {
      report_id: `${prison.code}-IR-${day.replaceAll('-', '')}-${String(k).padStart(2, '0')}`,
      establishment: prison.code,
      submitted_at: ctx.iso(ctx.at(day, rng.int(480, 1260))),
      submitted_by: by.id,
      source_evaluation: rng.weighted([
        ['1', 2],
        ['2', 6],
        ['3', 2],
      ]),
      intelligence_assessment: rng.weighted([
        ['A', 1],
        ['B', 3.5],
        ['C', 3.5],
        ['D', 1.5],
        ['E', 0.5],
      ]),
      handling_code: handling,
      handling_conditions:
        handling === 'C' ? 'Not to be disclosed outside the security department' : undefined,
      text: text.replace('{p}', p.number).replace('{s}', `officer ${s.id}`),
      subjects: [`prisoner:${p.number}`, ...(namesStaff ? [`staff:${s.id}`] : [])].join(';'),
    });
    // Now and then a search follows the report and finds something in the prisoner's cell.
    if (drawn && rng.chance(0.1)) {
      out.write('finds', {
        establishment: prison.code,
        location: p.cell,
        at: ctx.iso(ctx.at(addDays(day, 1), rng.int(540, 960))),
        item: rng.weighted(FIND_ITEMS),
        search: 'intelligence_led',
        prison_number: p.number,
      });
    }
  }
}

/** Healthcare medicines rounds and chaplaincy visits: legitimate one-to-one contact with many prisoners. */
export function pastoralRounds(
  ctx: SimContext,
  rec: Recorder,
  prison: Prison,
  onDuty: StaffMember[],
  current: Set<Prisoner>,
  day: string,
): void {
  const { rng } = ctx;
  const regime = prison.regime;
  const drawn = regime.mode === 'drawn';
  if (prison.cellLevel) {
    const all = drawn ? [...current].filter((p) => wingOf(prison, p).cellLevel) : [...current];
    for (const s of onDuty.filter((x) => x.role === 'healthcare')) {
      for (let k = rng.poisson(regime.healthcare_rounds); k > 0; k--) {
        const p = rng.pick(all);
        const at = ctx.at(day, rng.int(495, 720), rng.int(0, 59));
        rec.cellVisit(s.id, p.cell, wingOf(prison, p), at, at + rng.int(60, 150) * 1000);
      }
    }
    for (const s of onDuty.filter((x) => x.role === 'chaplaincy')) {
      for (let k = rng.poisson(regime.chaplaincy_rounds); k > 0; k--) {
        const p = rng.pick(all);
        const at = ctx.at(day, rng.int(840, 1100), rng.int(0, 59));
        rec.cellVisit(s.id, p.cell, wingOf(prison, p), at, at + rng.int(8, 20) * 60_000);
      }
    }
  }
}

/** Calls, letters, money and visits with the prisoner's contacts. */
export function prisonerComms(ctx: SimContext, prison: Prison, p: Prisoner, day: string, dow: number): void {
  const { rng, out } = ctx;
  const regime = prison.regime;
  const place = (x: Prisoner) => placeOf(prison, x);
  const comms = regime.comms;
  for (let k = rng.poisson(comms.calls_per_day); k > 0; k--) {
    const c = rng.pick(p.contacts);
    ctx.call(p.number, c.phone, ctx.at(day, rng.int(480, 1260)), rng.int(60, 900));
  }
  if (rng.chance(comms.letter_chance)) {
    const c = rng.pick(p.contacts);
    out.write('correspondence', {
      prison_number: p.number,
      direction: rng.chance(0.5) ? 'in' : 'out',
      at: ctx.iso(ctx.at(day, 540)),
      correspondent_name: `${c.first} ${c.last}`,
      correspondent_address: c.address,
    });
  }
  if (rng.chance(comms.money_chance)) {
    const c = rng.pick(p.contacts);
    out.write('money', {
      prison_number: p.number,
      at: ctx.iso(ctx.at(day, rng.int(0, 1439))),
      amount_pence: rng.int(5, 60) * 100,
      sender_name: `${c.first} ${c.last}`,
      sender_address: c.address,
    });
  }
  if (comms.visit_days.includes(dow) && rng.chance(comms.visit_chance)) {
    const c = rng.pick(p.contacts.filter((x) => x.approved).concat(p.contacts[0]!));
    const at = ctx.at(day, 840);
    ctx.movement(p.number, at - ctx.minutes(10), place(p), prison.rooms.visits, 'visit');
    ctx.visit(p.number, at, at + ctx.minutes(90), {
      name: `${c.first} ${c.last}`,
      address: c.address,
      phone: c.phone,
      relationship: c.relationship,
    });
    ctx.presence('prisoner', p.number, prison.rooms.visits, at, at + ctx.minutes(90), 'movement');
    ctx.movement(p.number, at + ctx.minutes(95), prison.rooms.visits, place(p), 'visit');
  }
}

/**
 * Searches and finds under a drawn regime: at a rate per prisoner, made by wing staff during their
 * shifts, at fixed times on weekdays, or mostly by a dedicated search team on the wing it is posted to.
 */
export function searches(ctx: SimContext, prison: Prison, state: DayState, team: StaffMember[]): void {
  const { rng, out } = ctx;
  const regime = prison.regime;
  const search = regime.search;
  const dow = weekday(state.day);
  const people = [...state.occupants.values()].flat();
  if (!people.length) return;
  let n = rng.poisson((search.finds_per_100_per_week / 100 / 7) * people.length);
  if (search.practice === 'fixed_times' && (dow === 0 || dow === 6)) n = 0;
  const teamOnDuty = team.filter((s) => state.shifts.has(s.id));
  const [first, last] = [regime.unlocked[0]![0], regime.unlocked.at(-1)![1]];
  for (; n > 0; n--) {
    let p = rng.pick(people);
    let minute = rng.int(first + 30, last - 30);
    let kind = rng.pick(['cell', 'random', 'area']);
    if (search.practice === 'fixed_times') {
      minute = rng.int(search.window[0], search.window[1]);
    } else if (search.practice === 'search_team' && teamOnDuty.length && rng.chance(0.8)) {
      const member = rng.pick(teamOnDuty);
      const wing = state.posts.get(member.id);
      const onWing = people.filter((x) => x.wing === wing);
      const def = regime.shifts[state.shifts.get(member.id)!]!;
      if (onWing.length) p = rng.pick(onWing);
      minute = rng.int(def.from + 30, Math.min(def.to, 1439) - 30);
      kind = rng.pick(['cell', 'area', 'random']);
    }
    out.write('finds', {
      establishment: prison.code,
      location: p.cell,
      at: ctx.iso(ctx.at(state.day, minute, rng.int(0, 59))),
      item: rng.weighted(FIND_ITEMS),
      search: kind,
      prison_number: kind === 'area' ? undefined : p.number,
    });
  }
}

/** The prisoners held over the period, their last cell allocations, and their contact lists. */
export function writePrisonersAndContacts(ctx: SimContext, prison: Prison, current: Set<Prisoner>): void {
  const { out } = ctx;
  for (const p of current)
    out.write('cell_allocations', {
      prison_number: p.number,
      location: p.cell,
      from: ctx.iso(p.allocatedFrom),
    });
  for (const p of prison.prisoners) {
    out.write('prisoners', {
      prison_number: p.number,
      first_name: p.first,
      last_name: p.last,
      date_of_birth: p.dob,
      establishment: prison.code,
      reception_date: p.reception,
      release_date: p.release,
    });
    // One contact per name: a scenario's contact, added last, wins over a random one of the same name.
    const byName = new Map(p.contacts.map((c) => [`${c.first} ${c.last}`, c]));
    for (const c of byName.values()) {
      out.write('prisoner_contacts', {
        prison_number: p.number,
        name: `${c.first} ${c.last}`,
        relationship: c.relationship,
        phone: c.phone,
        address: c.address,
        approved: String(c.approved),
      });
    }
  }
}
