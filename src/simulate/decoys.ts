/**
 * Honest look-alikes: staff whose records look like misconduct to a naive rule, for reasons a
 * legitimate-reason rule may or may not know about. Under a drawn regime they vary as the planted
 * cases do, and some are left out; none is ever a planted case's member of staff (the stage casts
 * each person once).
 */
import type { Prisoner, StaffMember } from './estate.ts';
import { syntheticAddress, syntheticPerson, syntheticPhone } from './estate.ts';
import type { DayState } from './prison.ts';
import { between } from './regime.ts';
import type { PlantedScenario, ScenarioTruth, Stage } from './scenarios.ts';
import { addDays, weekday } from './time.ts';

/** Staff of a role not yet cast (the fixed regime's choice: no test of length of service). */
function pickFree(st: Stage, role: string, nights = false): StaffMember | undefined {
  const pool = st.prison.staff.filter(
    (x) => x.role === role && x.nights === nights && x.end === null && !st.used.has(x.id),
  );
  return pool.length ? st.rng.pick(pool) : undefined;
}

/** A prisoner somewhere in the prison currently, staying throughout, not yet cast. */
function anyPrisoner(st: Stage, wing: string | null = null): Prisoner | undefined {
  const pool = st.prison.prisoners.filter(
    (x) =>
      (wing === null || x.wing === wing) &&
      !st.used.has(x.number) &&
      (x.release === null || x.release > st.last),
  );
  return pool.length ? st.prisoner(wing) : undefined;
}

/** A healthcare worker or chaplain with a few prisoners seen often in their cells, few of them assigned. */
function caseloadDecoy(st: Stage, role: 'healthcare' | 'chaplaincy'): PlantedScenario | undefined {
  const { ctx, rng } = st;
  const s = pickFree(st, role);
  if (!s) return undefined;
  if (!st.drawn) return { truth: st.decoy(role, s, []) };
  const caseload = Array.from({ length: rng.int(3, 10) }, () => anyPrisoner(st)).filter(
    (p): p is Prisoner => p !== undefined,
  );
  const assigned = between(rng, 0, 1);
  for (const p of caseload)
    if (rng.chance(assigned))
      ctx.out.write('assignments', {
        staff_id: s.id,
        prison_number: p.number,
        kind: role === 'healthcare' ? 'healthcare' : 'chaplain',
        from: addDays(st.start, -rng.int(5, 200)),
      });
  const chance = between(rng, 0.2, 0.6);
  const minutes: [number, number] = role === 'healthcare' ? [15, 40] : [10, 30];
  const truth = st.decoy(
    role,
    s,
    caseload.map((p) => p.number),
    {
      caseload: caseload.length,
      assigned_share: assigned,
      sessions_per_weekday: chance,
    },
  );
  return {
    truth,
    onDay(state) {
      const [, def] = st.shiftOf(state, s.id);
      if (!def) return;
      for (const p of caseload) {
        if (!rng.chance(chance) || !state.occupants.get(p.cell)?.includes(p)) continue;
        st.visitWhilePresent(s, p, state.day, def, minutes, 'any', truth);
      }
    },
  };
}

/** A night officer answering the cell bell of one or two prisoners who ring night after night. */
function nightDecoy(st: Stage): PlantedScenario | undefined {
  const { rng, prison } = st;
  const fixedPick =
    !st.drawn || prison.regime.nights === 'dedicated' ? pickFree(st, 'officer', true) : undefined;
  const s = fixedPick ?? (st.drawn ? st.officer() : undefined);
  if (!s) return undefined;
  if (!st.drawn) return { truth: st.decoy('night_staff', s, []) };
  const ringers = Array.from({ length: rng.int(1, 2) }, () => anyPrisoner(st, s.wing)).filter(
    (p): p is Prisoner => p !== undefined,
  );
  const chance = between(rng, 0.3, 0.9);
  const truth = st.decoy(
    'night_staff',
    s,
    ringers.map((p) => p.number),
    { answers_per_night: chance },
  );
  return {
    truth,
    onDay(state) {
      const [, def] = st.shiftOf(state, s.id);
      if (!def?.night) return;
      for (const p of ringers)
        if (state.posts.get(s.id) === p.wing && rng.chance(chance))
          st.visitWhilePresent(s, p, state.day, def, [1, 6], 'lock_up', truth);
    },
  };
}

/** An officer with a declared and approved relative in custody, who sees and phones them. */
function declaredDecoy(st: Stage): PlantedScenario {
  const { ctx, rng } = st;
  const officer = st.officer();
  const relative = st.prisoner(officer.wing!);
  const relation = st.drawn ? rng.pick(['cousin', 'brother', 'nephew', 'sister', 'son']) : 'cousin';
  ctx.out.write('declarations', {
    staff_id: officer.id,
    declared_at: ctx.iso(ctx.at(addDays(st.start, -200), 615)),
    kind: 'relationship',
    subject: `prisoner:${relative.number}`,
    details: `${relation[0]!.toUpperCase()}${relation.slice(1)}; I do not work on their landing where it can be avoided`,
    decision: 'approved',
  });
  relative.contacts.push({
    first: officer.first,
    last: officer.last,
    relationship: relation,
    phone: officer.phone,
    address: officer.address,
    approved: true,
  });
  const shape = st.drawn
    ? { visit_chance: between(rng, 0.05, 0.4), call_chance: between(rng, 0.05, 0.3) }
    : { visit_chance: 0.25, call_chance: 0.15 };
  const truth = st.decoy(
    'declared_relationship',
    officer,
    [relative.number],
    st.drawn ? { relation, ...shape } : {},
  );
  return {
    truth,
    onDay(state) {
      const [shift, def] = st.shiftOf(state, officer.id);
      if (st.drawn) {
        if (def && !def.night && rng.chance(shape.visit_chance))
          st.visitWhilePresent(officer, relative, state.day, def, [5, 15], 'any', truth);
      } else if (shift === 'early' && rng.chance(shape.visit_chance))
        st.visit(officer, relative, ctx.at(state.day, rng.int(500, 690), 31), rng.int(5, 15), truth);
      if (rng.chance(shape.call_chance))
        ctx.call(
          relative.number,
          officer.phone,
          ctx.at(state.day, rng.int(1100, 1250), 17),
          rng.int(300, 900),
        );
    },
  };
}

/** An officer of the segregation unit, where every unlock is one prisoner at a time, spending long with its few. */
function segregationDecoy(st: Stage): PlantedScenario | undefined {
  const { rng, prison } = st;
  const seg = prison.wings.find((w) => w.segregation);
  const pool = st.free((x) => x.post === 'segregation');
  if (!seg || !pool.length) return undefined;
  const s = rng.pick(pool);
  const extra = between(rng, 1, 5, 1);
  const truth = st.decoy('segregation_unit', s, [], { extra_visits_per_shift: extra });
  return {
    truth,
    onDay(state: DayState) {
      const [, def] = st.shiftOf(state, s.id);
      if (!def || def.night || state.posts.get(s.id) !== seg.code) return;
      const held = seg.cells.flatMap((c) => state.occupants.get(c.code) ?? []);
      for (let k = rng.poisson(extra); k > 0 && held.length; k--)
        st.visitWhilePresent(s, rng.pick(held), state.day, def, [5, 20], 'any', truth);
    },
  };
}

/** A member of the search team: finds follow their shifts because they make them. */
function searchTeamDecoy(st: Stage): PlantedScenario | undefined {
  const pool = st.free((x) => x.post === 'search_team');
  if (!pool.length) return undefined;
  return { truth: st.decoy('search_team', st.rng.pick(pool), []) };
}

/** An officer posted to a different wing most days (detached duty), as the roaming trafficker is. */
function floaterDecoy(st: Stage): PlantedScenario | undefined {
  const pool = st.free((x) => x.post === 'floater');
  if (!pool.length) return undefined;
  return { truth: st.decoy('floater', st.rng.pick(pool), []) };
}

/** A member of staff whose surname is shared by a prisoner's visitor: no relation, a common name. */
function surnameDecoy(st: Stage): PlantedScenario | undefined {
  const { ctx, rng, prison } = st;
  const pool = st.free((x) => x.role !== 'contractor');
  const p = anyPrisoner(st);
  if (!pool.length || !p) return undefined;
  const s = rng.pick(pool);
  const visitor = {
    first: syntheticPerson(rng).first,
    last: s.last,
    phone: syntheticPhone(rng),
    address: syntheticAddress(rng),
  };
  p.contacts.push({
    ...visitor,
    relationship: rng.pick(['mother', 'partner', 'friend', 'aunt']),
    approved: true,
  });
  const visitChance = between(rng, 0.1, 0.4);
  const callChance = between(rng, 0.05, 0.4);
  const truth = st.decoy('common_surname', s, [p.number], { visit_chance: visitChance });
  return {
    truth,
    onDay(state) {
      if (prison.regime.comms.visit_days.includes(weekday(state.day)) && rng.chance(visitChance / 2)) {
        st.socialVisit(p, state.day, 840, visitor, 'family');
      }
      if (rng.chance(callChance))
        ctx.call(p.number, visitor.phone, ctx.at(state.day, rng.int(1000, 1250), 23), rng.int(200, 900));
    },
  };
}

/**
 * The honest look-alikes of a prison. The fixed regime has its five (a chaplain, a healthcare worker,
 * a night officer, a declared relationship, and the busiest key worker, chosen after the days are
 * simulated); a drawn regime has each with some probability, plus the segregation unit, the search
 * team, a floater and a shared surname where the prison has them.
 */
export function plantDecoys(st: Stage): PlantedScenario[] {
  const { rng } = st;
  const out: (PlantedScenario | undefined)[] = [];
  const include = (p: number) => !st.drawn || rng.chance(p);
  if (include(0.7)) out.push(caseloadDecoy(st, 'chaplaincy'));
  if (include(0.7)) out.push(caseloadDecoy(st, 'healthcare'));
  if (include(0.8)) out.push(nightDecoy(st));
  if (include(0.8)) out.push(declaredDecoy(st));
  if (st.drawn) {
    out.push(segregationDecoy(st));
    out.push(searchTeamDecoy(st));
    if (rng.chance(0.7)) out.push(floaterDecoy(st));
    if (rng.chance(0.7)) out.push(surnameDecoy(st));
  }
  return out.filter((d): d is PlantedScenario => d !== undefined);
}

/**
 * Marks as a decoy the key worker with the most assigned prisoners (heavy legitimate one-to-one time),
 * leaving out anyone already cast in a planted case or as another look-alike.
 */
export function keyWorkerDecoy(
  code: string,
  keyWorkerOf: Map<Prisoner, StaffMember>,
  used: Set<string>,
  start: string,
  last: string,
): ScenarioTruth {
  const counts = new Map<StaffMember, number>();
  for (const s of keyWorkerOf.values()) if (!used.has(s.id)) counts.set(s, (counts.get(s) ?? 0) + 1);
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].id.localeCompare(b[0].id))[0]!;
  return {
    id: `${code}-decoy-key_worker`,
    kind: 'decoy',
    reason: 'key_worker',
    establishment: code,
    staff: [top.id],
    prisoners: [],
    people_on_probation: [],
    from: start,
    to: last,
    parameters: { assigned_prisoners: counts.get(top)! },
  };
}
