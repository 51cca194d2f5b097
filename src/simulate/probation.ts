import type { SimContext } from './context.ts';
import { syntheticAddress, syntheticPerson, syntheticPhone } from './estate.ts';
import { between, type RegionRegime } from './regime.ts';
import type { PlantedScenario, ScenarioSpec, ScenarioTruth } from './scenarios.ts';
import { addDays, weekday } from './time.ts';

const CONDITIONS: [string, string][] = [
  ['RESIDE', 'Reside permanently at an address approved by the supervising officer'],
  ['NOCONTACT', 'Not to contact the victim directly or indirectly'],
  ['CURFEW', 'Comply with a curfew between 19:00 and 07:00'],
  ['EXCLUSION', 'Not to enter the exclusion zone shown on the attached map'],
  ['DRUGTEST', 'Attend drug testing as required'],
  ['WORK', 'Notify the supervising officer of any employment'],
];

interface Officer {
  id: string;
  first: string;
  last: string;
  role: string;
  phone: string;
  address: string;
  start: string;
  end: null;
}

type Risk = 'low' | 'medium' | 'high' | 'very_high';

/** Risk of serious harm levels of a caseload: most people medium, a few very high. */
function drawRisk(rng: SimContext['rng']): Risk {
  const x = rng.float();
  return x < 0.25 ? 'low' : x < 0.75 ? 'medium' : x < 0.95 ? 'high' : 'very_high';
}

interface Person {
  crn: string;
  officer: Officer;
  risk: Risk;
  first: string;
  last: string;
  address: string;
  phone: string;
  weekday: number;
  fortnightly: boolean;
  /** Days between home visits (more often at a higher risk level) and the day in that cycle. */
  homeEvery: number;
  homeDay: number;
  /** From this day on the person fails to attend office appointments (a breach of keeping in touch). */
  missFrom: number;
  /** On a curfew condition, checked at the door in the evening. */
  curfew?: boolean;
}

/**
 * One probation region: officers with caseloads of people on licence, their office, home and phone
 * contacts, licence conditions and case-record look-ups; boundary breaches, and under a drawn regime
 * an officer covering a colleague's caseload (an honest look-alike).
 */
export function simulateRegion(
  ctx: SimContext,
  index: number,
  start: string,
  days: number,
  specs: ScenarioSpec[],
  regime: RegionRegime,
): { code: string; planted: PlantedScenario[]; staff: Officer[] } {
  const { rng, out } = ctx;
  const drawn = regime.mode === 'drawn';
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
  const officers: Officer[] = Array.from({ length: regime.managers + regime.officers }, (_, i) => ({
    id: `${code}${String(i + 1).padStart(4, '0')}`,
    ...syntheticPerson(rng),
    role: i < regime.managers ? 'probation_manager' : 'probation_officer',
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
  const people: Person[] = pos.flatMap((o, oi) =>
    Array.from({ length: regime.caseload }, (_, i) => {
      const risk = drawRisk(rng);
      // Higher risk: weekly appointments and home visits two (high) or four (very high) times as often.
      const homeEvery = Math.max(
        7,
        Math.round(regime.home_visit_every_days / (risk === 'very_high' ? 4 : risk === 'high' ? 2 : 1)),
      );
      return {
        crn: `${String.fromCharCode(65 + (index % 26))}${String(oi * 100 + i + 100000 + index * 5000).padStart(6, '0')}`,
        officer: o,
        risk,
        ...syntheticPerson(rng),
        address: syntheticAddress(rng),
        phone: syntheticPhone(rng),
        // Weekly or fortnightly office appointments on a fixed weekday; home visits every `homeEvery` days.
        weekday: rng.int(1, 5),
        fortnightly: (risk === 'low' || risk === 'medium') && rng.chance(regime.fortnightly_share),
        homeEvery,
        homeDay: rng.int(0, homeEvery - 1),
        missFrom: Infinity,
      };
    }),
  );

  const planted: PlantedScenario[] = [];
  const used = new Set<Officer>();
  const contact = (
    p: Person,
    staffId: string,
    at: number,
    minutes: number,
    kind: string,
    outcome: string,
    address?: string,
  ) =>
    out.write('probation_contacts', {
      crn: p.crn,
      staff_id: staffId,
      start: ctx.iso(at),
      end: ctx.iso(at + minutes * 60_000),
      kind,
      address,
      outcome,
    });

  const breaches = specs.filter((s) => s.kind === 'probation_boundary');
  for (const [n, breach] of breaches.entries()) {
    const free = people.filter((p) => !used.has(p.officer));
    if (!free.length) break;
    const target = rng.pick(free);
    used.add(target.officer);
    const shape = drawn
      ? {
          home_visit_chance: between(rng, 0.1, 0.45),
          evening: rng.chance(0.7),
          phone_chance: rng.chance(0.7) ? between(rng, 0.05, 0.3) : 0,
          phone_link: rng.chance(0.6),
          first_day: rng.int(0, Math.floor(days * 0.4)),
        }
      : {
          home_visit_chance: 0.3,
          evening: true,
          phone_chance: 0.2,
          phone_link: true,
          first_day: Math.floor(days * 0.15),
        };
    // The person gives the officer's personal mobile as their own contact number; over the last three
    // weeks they stop coming to the office, so a recall falls to the officer they are linked to.
    if (shape.phone_link) {
      target.phone = target.officer.phone;
      target.missFrom = Math.max(shape.first_day, days - 21);
    }
    const t = target;
    const s = breach.strength;
    const firstDay = shape.first_day;
    planted.push({
      truth: {
        id: `${code}-probation_boundary${n ? `-${n + 1}` : ''}`,
        kind: 'probation_boundary',
        shape: `home visits ${(shape.home_visit_chance * 7 * s).toFixed(1)}/week${shape.evening ? ' in the evening' : ' in office hours'}${shape.phone_chance ? ', phone calls' : ''}${shape.phone_link ? "; the person's phone is the officer's" : ''}`,
        strength: breach.strength,
        establishment: code,
        staff: [t.officer.id],
        prisoners: [],
        people_on_probation: [t.crn],
        from: addDays(start, firstDay),
        to: addDays(start, days - 1),
        parameters: {
          home_visits_per_week: Number((shape.home_visit_chance * 7 * s).toFixed(2)),
          evening: shape.evening,
          phone_calls_per_week: Number((shape.phone_chance * 7 * s).toFixed(2)),
          phone_link: shape.phone_link,
          fails_to_attend_from: shape.phone_link ? addDays(start, target.missFrom) : '',
        },
      },
      onDay(state) {
        if (state.index < firstDay) return;
        if (rng.chance(shape.home_visit_chance * s)) {
          const at = ctx.at(state.day, shape.evening ? rng.int(1110, 1230) : rng.int(600, 960), 13);
          contact(t, t.officer.id, at, rng.int(45, 120), 'home_visit', 'attended', t.address);
        }
        if (shape.phone_chance > 0 && rng.chance(shape.phone_chance * s)) {
          const at = ctx.at(state.day, shape.evening ? rng.int(1260, 1350) : rng.int(720, 1020), 13);
          contact(t, t.officer.id, at, rng.int(10, 40), 'phone', 'spoke');
        }
      },
    });
  }

  // A colleague's leave: another officer covers their caseload's highest-risk people with frequent
  // home visits, some of them curfew checks in the evening, recorded as an assignment or not at all.
  let leave: { officer: Officer; from: number; to: number } | undefined;
  if (drawn && rng.chance(0.8)) {
    const [away, cover] = rng.sample(
      pos.filter((o) => !used.has(o)),
      2,
    );
    if (away && cover) {
      used.add(away).add(cover);
      const from = rng.int(0, Math.floor(days / 3));
      leave = { officer: away, from, to: from + rng.int(14, 35) };
      const covered = rng.sample(
        people.filter((p) => p.officer === away),
        rng.int(5, 12),
      );
      const recorded = rng.chance(0.5);
      if (recorded)
        for (const p of covered)
          out.write('assignments', {
            staff_id: cover.id,
            crn: p.crn,
            kind: 'other',
            from: addDays(start, from),
          });
      const weekly = between(rng, 0.6, 1.5);
      const evenings = between(rng, 0, 0.4);
      const cutoff = leave.to;
      planted.push({
        truth: {
          id: `${code}-decoy-probation_cover`,
          kind: 'decoy',
          reason: 'probation_cover',
          establishment: code,
          staff: [cover.id],
          prisoners: [],
          people_on_probation: covered.map((p) => p.crn),
          from: addDays(start, from),
          to: addDays(start, Math.min(days - 1, cutoff)),
          parameters: {
            colleague: away.id,
            assignment_recorded: recorded,
            home_visits_per_week: weekly,
            evening_share: evenings,
          },
        } satisfies ScenarioTruth,
        onDay(state) {
          if (state.index < from || state.index > cutoff) return;
          const dow = weekday(state.day);
          if (dow === 0 || dow === 6) return;
          for (const p of covered) {
            if (!rng.chance(weekly / 5)) continue;
            const evening = rng.chance(evenings);
            const at = ctx.at(state.day, evening ? rng.int(1140, 1260) : rng.int(570, 990), 0);
            contact(p, cover.id, at, rng.int(20, 60), 'home_visit', 'attended', p.address);
            if (rng.chance(0.5))
              ctx.access(cover.id, `pop:${p.crn}`, at - 30 * 60_000, 'delius', 'addresses');
          }
        },
      });
    }
  }

  // A very high risk person on a curfew: besides the frequent contacts of their risk level, their officer
  // checks the curfew at the door in the evening once or twice a week (an honest look-alike).
  const highRisk = people.find((p) => p.risk === 'very_high' && !used.has(p.officer));
  if (highRisk && (!drawn || rng.chance(0.7))) {
    used.add(highRisk.officer);
    highRisk.curfew = true;
    const perWeek = drawn ? between(rng, 1, 2) : 1.5;
    planted.push({
      truth: {
        id: `${code}-decoy-probation_high_risk`,
        kind: 'decoy',
        reason: 'probation_high_risk',
        establishment: code,
        staff: [highRisk.officer.id],
        prisoners: [],
        people_on_probation: [highRisk.crn],
        from: start,
        to: addDays(start, days - 1),
        parameters: { curfew_checks_per_week: perWeek },
      } satisfies ScenarioTruth,
      onDay(state) {
        if (!rng.chance(perWeek / 7)) return;
        const at = ctx.at(state.day, rng.int(1150, 1290), 0);
        contact(
          highRisk,
          highRisk.officer.id,
          at,
          rng.int(5, 15),
          'home_visit',
          'curfew check',
          highRisk.address,
        );
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
      risk_level: p.risk,
    });
    out.write('assignments', {
      staff_id: p.officer.id,
      crn: p.crn,
      kind: 'offender_manager',
      from: licenceStart,
    });
    const conditions = rng.sample(CONDITIONS, rng.int(2, 4));
    if (p.curfew && !conditions.some(([c]) => c === 'CURFEW')) conditions.push(CONDITIONS[2]!);
    for (const [c, description] of conditions)
      out.write('licence_conditions', { crn: p.crn, code: c, description, from: licenceStart });
  }

  for (let d = 0; d < days; d++) {
    const day = addDays(start, d);
    const dow = weekday(day);
    const state = { day, index: d, shifts: new Map(), posts: new Map(), occupants: new Map() };
    if (dow >= 1 && dow <= 5) {
      for (const p of people) {
        if (leave && p.officer === leave.officer && d >= leave.from && d <= leave.to) continue;
        const week = Math.floor(d / 7);
        if (dow === p.weekday && (!p.fortnightly || week % 2 === 0) && rng.chance(0.9)) {
          const at = ctx.at(day, 540 + (p.crn.charCodeAt(6) % 14) * 30);
          contact(
            p,
            p.officer.id,
            at,
            rng.int(30, 50),
            'office',
            d < p.missFrom && rng.chance(regime.attendance) ? 'attended' : 'failed to attend',
          );
          ctx.access(p.officer.id, `pop:${p.crn}`, at + 55 * 60_000, 'delius', 'case_notes', 'edit');
        }
        if (d % p.homeEvery === p.homeDay && dow !== p.weekday) {
          const at = ctx.at(day, rng.int(600, 930), 0);
          contact(p, p.officer.id, at, rng.int(20, 45), 'home_visit', 'attended', p.address);
        }
        if (rng.chance(regime.phone_contact_chance)) {
          const at = ctx.at(day, rng.int(560, 1000), 30);
          contact(p, p.officer.id, at, rng.int(5, 15), 'phone', 'spoke');
        }
        if (rng.chance(regime.lookup_chance))
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
