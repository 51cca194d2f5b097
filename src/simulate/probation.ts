import type { SimContext } from './context.ts';
import { syntheticAddress, syntheticPerson, syntheticPhone } from './estate.ts';
import type { PlantedScenario, ScenarioSpec } from './scenarios.ts';
import { addDays, weekday } from './time.ts';

const CONDITIONS: [string, string][] = [
  ['RESIDE', 'Reside permanently at an address approved by the supervising officer'],
  ['NOCONTACT', 'Not to contact the victim directly or indirectly'],
  ['CURFEW', 'Comply with a curfew between 19:00 and 07:00'],
  ['EXCLUSION', 'Not to enter the exclusion zone shown on the attached map'],
  ['DRUGTEST', 'Attend drug testing as required'],
  ['WORK', 'Notify the supervising officer of any employment'],
];

/**
 * One probation region: officers with caseloads of people on licence, their office, home and phone
 * contacts, licence conditions and case-record look-ups; and the boundary-breach scenario.
 */
export function simulateRegion(
  ctx: SimContext,
  index: number,
  start: string,
  days: number,
  specs: ScenarioSpec[],
): { code: string; planted: PlantedScenario[]; staff: { id: string; start: string; end: null }[] } {
  const { rng, out } = ctx;
  const code = `R${String.fromCharCode(65 + (Math.floor(index / 26) % 26))}${String.fromCharCode(65 + (index % 26))}`;
  out.write('establishments', {
    code,
    name: `Example Probation Region ${index + 1}`,
    kind: 'probation_region',
    timezone: 'Europe/London',
  });
  out.write('locations', {
    code: `${code}-OFFICE`,
    establishment: code,
    kind: 'office',
    description: 'Probation office',
  });
  const officers = Array.from({ length: 25 }, (_, i) => ({
    id: `${code}${String(i + 1).padStart(4, '0')}`,
    ...syntheticPerson(rng),
    role: i < 3 ? 'probation_manager' : 'probation_officer',
    phone: syntheticPhone(rng),
    address: syntheticAddress(rng),
    start: '',
    end: null,
  }));
  for (const o of officers) {
    o.start = addDays(start, -rng.int(400, 6000));
    out.write('staff', {
      staff_id: o.id,
      first_name: o.first,
      last_name: o.last,
      role: o.role,
      establishment: code,
      start_date: o.start,
    });
    out.write('staff_identifiers', { staff_id: o.id, kind: 'phone', value: o.phone });
    out.write('staff_identifiers', { staff_id: o.id, kind: 'address', value: o.address });
  }
  const pos = officers.filter((o) => o.role === 'probation_officer');
  const people = pos.flatMap((o, oi) =>
    Array.from({ length: 30 }, (_, i) => ({
      crn: `${String.fromCharCode(65 + (index % 26))}${String(oi * 100 + i + 100000 + index * 5000).padStart(6, '0')}`,
      officer: o,
      ...syntheticPerson(rng),
      address: syntheticAddress(rng),
      phone: syntheticPhone(rng),
      // Weekly or fortnightly office appointments on a fixed weekday; a home visit about monthly.
      weekday: rng.int(1, 5),
      fortnightly: rng.chance(0.5),
      homeDay: rng.int(0, 27),
    })),
  );

  const planted: PlantedScenario[] = [];
  const breach = specs.find((s) => s.kind === 'probation_boundary');
  let target: (typeof people)[number] | undefined;
  if (breach) {
    target = rng.pick(people);
    // The person gives the officer's personal mobile as their own contact number.
    target.phone = target.officer.phone;
    const t = target;
    const firstDay = Math.floor(days * 0.15);
    planted.push({
      truth: {
        id: `${code}-probation_boundary`,
        kind: 'probation_boundary',
        strength: breach.strength,
        establishment: code,
        staff: [t.officer.id],
        prisoners: [],
        people_on_probation: [t.crn],
        from: addDays(start, firstDay),
        to: addDays(start, days - 1),
        parameters: { home_visits_per_week: 2 * breach.strength, evening: true, phone_link: true },
      },
      onDay(state) {
        if (state.index < firstDay) return;
        if (rng.chance(0.3 * breach.strength)) {
          const at = ctx.at(state.day, rng.int(1110, 1230), 13);
          out.write('probation_contacts', {
            crn: t.crn,
            staff_id: t.officer.id,
            start: ctx.iso(at),
            end: ctx.iso(at + rng.int(45, 120) * 60_000),
            kind: 'home_visit',
            address: t.address,
            outcome: 'attended',
          });
        }
        if (rng.chance(0.2 * breach.strength)) {
          const at = ctx.at(state.day, rng.int(1260, 1350), 13);
          out.write('probation_contacts', {
            crn: t.crn,
            staff_id: t.officer.id,
            start: ctx.iso(at),
            end: ctx.iso(at + rng.int(10, 40) * 60_000),
            kind: 'phone',
            outcome: 'spoke',
          });
        }
      },
    });
  }

  for (const p of people) {
    const licenceStart = addDays(start, -rng.int(10, 500));
    out.write('people_on_probation', {
      crn: p.crn,
      first_name: p.first,
      last_name: p.last,
      date_of_birth: addDays('1965-01-01', rng.int(0, 365 * 38)),
      region: code,
      supervising_staff_id: p.officer.id,
      licence_start: licenceStart,
      licence_end: addDays(start, rng.int(days + 30, 900)),
      address: p.address,
      phone: p.phone,
    });
    out.write('assignments', {
      staff_id: p.officer.id,
      crn: p.crn,
      kind: 'offender_manager',
      from: licenceStart,
    });
    for (const [c, description] of rng.sample(CONDITIONS, rng.int(2, 4)))
      out.write('licence_conditions', { crn: p.crn, code: c, description, from: licenceStart });
  }

  for (let d = 0; d < days; d++) {
    const day = addDays(start, d);
    const dow = weekday(day);
    const state = { day, index: d, shifts: new Map(), occupants: new Map() };
    if (dow >= 1 && dow <= 5) {
      for (const p of people) {
        const week = Math.floor(d / 7);
        if (dow === p.weekday && (!p.fortnightly || week % 2 === 0) && rng.chance(0.9)) {
          const at = ctx.at(day, 540 + (p.crn.charCodeAt(6) % 14) * 30);
          out.write('probation_contacts', {
            crn: p.crn,
            staff_id: p.officer.id,
            start: ctx.iso(at),
            end: ctx.iso(at + rng.int(30, 50) * 60_000),
            kind: 'office',
            outcome: rng.chance(0.92) ? 'attended' : 'failed to attend',
          });
          ctx.access(p.officer.id, `pop:${p.crn}`, at + 55 * 60_000, 'delius', 'case_notes', 'edit');
        }
        if (d % 28 === p.homeDay && dow !== p.weekday) {
          const at = ctx.at(day, rng.int(600, 930), 0);
          out.write('probation_contacts', {
            crn: p.crn,
            staff_id: p.officer.id,
            start: ctx.iso(at),
            end: ctx.iso(at + rng.int(20, 45) * 60_000),
            kind: 'home_visit',
            address: p.address,
            outcome: 'attended',
          });
        }
        if (rng.chance(0.05)) {
          const at = ctx.at(day, rng.int(560, 1000), 30);
          out.write('probation_contacts', {
            crn: p.crn,
            staff_id: p.officer.id,
            start: ctx.iso(at),
            end: ctx.iso(at + rng.int(5, 15) * 60_000),
            kind: 'phone',
            outcome: 'spoke',
          });
        }
        if (rng.chance(0.03))
          ctx.access(
            p.officer.id,
            `pop:${p.crn}`,
            ctx.at(day, rng.int(540, 1020), 5),
            'delius',
            rng.pick(['addresses', 'contacts', 'sentence']),
          );
      }
    }
    for (const s of planted) s.onDay?.(state);
  }
  return { code, planted, staff: officers };
}
