import { SimContext } from './context.ts';
import { SHIFTS, type Prison, type Prisoner, type Shift, type StaffMember } from './estate.ts';
import type { PlantedScenario } from './scenarios.ts';
import { addDays, weekday } from './time.ts';

/** Local minutes when prisoners are unlocked (morning and afternoon/evening association). */
const UNLOCKED: [number, number][] = [
  [480, 735],
  [825, 1170],
];
const RECORD_WEIGHTS: [string, number][] = [
  ['case_notes', 0.5],
  ['sentence', 0.25],
  ['other', 0.1],
  ['contacts', 0.05],
  ['addresses', 0.05],
  ['release', 0.05],
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

export interface DayState {
  day: string;
  index: number;
  /** Shift worked today by each member of staff on duty. */
  shifts: Map<string, Shift>;
  occupants: Map<string, Prisoner[]>;
}

function employedOn(s: StaffMember, day: string): boolean {
  return s.start <= day && (s.end === null || s.end >= day);
}

/** Writes everything that happens in one prison over the period, day by day. */
export function simulatePrison(
  ctx: SimContext,
  prison: Prison,
  start: string,
  days: number,
  scenarios: PlantedScenario[],
): { keyWorkers: Map<Prisoner, StaffMember> } {
  const { rng, out } = ctx;
  const officers = prison.staff.filter((s) => s.role === 'officer' || s.role === 'senior_officer');
  const byWing = new Map(prison.wings.map((w) => [w.code, officers.filter((o) => o.wing === w.code)]));
  const place = (cell: string, wing: string) => (prison.cellLevel ? cell : wing);
  const occupants = new Map<string, Prisoner[]>();
  for (const p of prison.prisoners) occupants.set(p.cell, [...(occupants.get(p.cell) ?? []), p]);
  const current = new Set(prison.prisoners);
  const keyWorker = new Map<Prisoner, StaffMember>();

  // Key workers: each prisoner has one officer of their wing; about 45 minutes a week.
  const assignKeyWorker = (p: Prisoner, from: string) => {
    const candidates = byWing.get(p.wing)!.filter((o) => o.role === 'officer' && !o.nights && o.end === null);
    const officer = candidates[rng.int(0, candidates.length - 1)]!;
    keyWorker.set(p, officer);
    out.write('assignments', { staff_id: officer.id, prison_number: p.number, kind: 'key_worker', from });
  };
  for (const p of prison.prisoners) assignKeyWorker(p, p.reception);
  const healthcare = prison.staff.filter((s) => s.role === 'healthcare');
  const chaplains = prison.staff.filter((s) => s.role === 'chaplaincy');
  for (const p of prison.prisoners) {
    if (rng.chance(0.1))
      out.write('assignments', {
        staff_id: rng.pick(healthcare).id,
        prison_number: p.number,
        kind: 'healthcare',
        from: p.reception,
      });
    if (rng.chance(0.05))
      out.write('assignments', {
        staff_id: rng.pick(chaplains).id,
        prison_number: p.number,
        kind: 'chaplain',
        from: p.reception,
      });
  }

  const endAllocation = (p: Prisoner, at: number) => {
    out.write('cell_allocations', {
      prison_number: p.number,
      location: p.cell,
      from: ctx.iso(p.allocatedFrom),
      to: ctx.iso(at),
    });
    occupants.set(
      p.cell,
      (occupants.get(p.cell) ?? []).filter((o) => o !== p),
    );
  };
  const allocate = (p: Prisoner, cell: string, at: number) => {
    p.cell = cell;
    p.allocatedFrom = at;
    occupants.set(cell, [...(occupants.get(cell) ?? []), p]);
  };
  for (const p of prison.prisoners) p.allocatedFrom = ctx.at(p.reception, 900);

  for (let d = 0; d < days; d++) {
    const day = addDays(start, d);
    ctx.newDay();
    const dow = weekday(day);
    const shifts = new Map<string, Shift>();
    for (const s of prison.staff) {
      if (!employedOn(s, day) || s.restDays.includes(dow) || rng.chance(0.06)) continue;
      if (s.role === 'officer' || s.role === 'senior_officer')
        shifts.set(s.id, s.nights ? 'night' : rng.chance(0.5) ? 'early' : 'late');
      else if (dow !== 0 && dow !== 6) shifts.set(s.id, 'early');
      else if (s.role === 'healthcare' && rng.chance(0.4)) shifts.set(s.id, 'early');
    }
    const state: DayState = { day, index: d, shifts, occupants };

    // Rosters and the presence that door controllers, key safes and body-worn video record.
    for (const s of prison.staff) {
      const shift = shifts.get(s.id);
      if (!shift) continue;
      const [from, to] = SHIFTS[shift];
      const startMs = ctx.at(day, from);
      const endMs = ctx.at(day, to);
      if (s.wing) {
        const post = rng.chance(0.08) ? rng.pick(prison.wings).code : s.wing;
        const kind = rng.chance(0.05) ? 'overtime' : rng.chance(0.03) ? 'swap' : 'planned';
        ctx.roster(s.id, prison.code, post, startMs, endMs, kind);
        if (prison.cellLevel) {
          ctx.presence('staff', s.id, post, startMs + ctx.minutes(5), endMs - ctx.minutes(5), 'keysafe');
        } else {
          const mid = from + Math.floor((to - from) / 2);
          ctx.presence('staff', s.id, post, startMs + ctx.minutes(5), ctx.at(day, mid - 15), 'door');
          ctx.presence('staff', s.id, post, ctx.at(day, mid + 15), endMs - ctx.minutes(5), 'door');
        }
        if (!prison.cellLevel) continue;
        const wing = prison.wings.find((w) => w.code === post)!;
        if (shift === 'night') {
          // Cell bells at night: short visits at the door of whoever rang, many prisoners, no pattern.
          for (let k = rng.poisson(3); k > 0; k--) {
            const cell = rng.pick(wing.cells).code;
            const at = ctx.at(day, rng.int(1290, 1860), rng.int(0, 59));
            ctx.presence('staff', s.id, cell, at, at + rng.int(40, 200) * 1000, 'door');
          }
          continue;
        }
        for (let k = rng.poisson(10); k > 0; k--) {
          const [a, b] = rng.pick(UNLOCKED);
          const lo = Math.max(a, from);
          const hi = Math.min(b, to) - 5;
          if (hi <= lo) continue;
          const cell = rng.pick(wing.cells).code;
          const at = ctx.at(day, rng.int(lo, hi), rng.int(0, 59));
          const end = at + rng.int(60, 240) * 1000;
          ctx.presence('staff', s.id, cell, at, end, 'door');
          // A quarter of cell entries are made in pairs.
          const partner = rng.chance(0.25)
            ? byWing.get(wing.code)!.find((o) => o !== s && shifts.get(o.id) === shift)
            : undefined;
          if (partner) ctx.presence('staff', partner.id, cell, at + 15_000, end, 'door');
        }
      } else {
        const where =
          s.role === 'healthcare'
            ? prison.rooms.healthcare
            : s.role === 'chaplaincy'
              ? prison.rooms.chapel
              : s.role === 'education'
                ? prison.rooms.education
                : s.role === 'contractor'
                  ? rng.pick(prison.rooms.workshops)
                  : prison.rooms.gate;
        ctx.roster(s.id, prison.code, where, ctx.at(day, 480), ctx.at(day, 990), 'planned');
        ctx.presence('staff', s.id, where, ctx.at(day, 485), ctx.at(day, 985), 'door');
      }
    }

    const onDuty = prison.staff.filter((s) => shifts.has(s.id));
    // Healthcare medicines rounds and chaplaincy visits: legitimate one-to-one contact with many prisoners.
    if (prison.cellLevel) {
      const all = [...current];
      for (const s of onDuty.filter((x) => x.role === 'healthcare')) {
        for (let k = rng.poisson(8); k > 0; k--) {
          const p = rng.pick(all);
          const at = ctx.at(day, rng.int(495, 720), rng.int(0, 59));
          ctx.presence('staff', s.id, p.cell, at, at + rng.int(60, 150) * 1000, 'door');
        }
      }
      for (const s of onDuty.filter((x) => x.role === 'chaplaincy')) {
        for (let k = rng.poisson(4); k > 0; k--) {
          const p = rng.pick(all);
          const at = ctx.at(day, rng.int(840, 1100), rng.int(0, 59));
          ctx.presence('staff', s.id, p.cell, at, at + rng.int(8, 20) * 60_000, 'door');
        }
      }
    }

    for (const p of current) {
      const wingCode = p.wing;
      // The prisoner's day: locked in at night and at lunch, at work or education, exercise.
      if (prison.cellLevel) {
        ctx.presence('prisoner', p.number, p.cell, ctx.at(day, 735), ctx.at(day, 825), 'door');
        ctx.presence('prisoner', p.number, p.cell, ctx.at(day, 1170), ctx.at(day, 1440 + 480), 'door');
      }
      if (p.activity && dow !== 0 && dow !== 6) {
        ctx.presence('prisoner', p.number, p.activity, ctx.at(day, 510), ctx.at(day, 705), 'movement');
        ctx.presence('prisoner', p.number, p.activity, ctx.at(day, 840), ctx.at(day, 990), 'movement');
      } else {
        ctx.presence('prisoner', p.number, prison.rooms.yard, ctx.at(day, 600), ctx.at(day, 660), 'movement');
      }
      // Key work: about 45 minutes a week with the key worker, in the cell or the wing office.
      const kw = keyWorker.get(p)!;
      const kwShift = shifts.get(kw.id);
      if ((p.number.charCodeAt(3) + d) % 7 === 0 && kwShift && kwShift !== 'night') {
        const [lo, hi] = kwShift === 'early' ? [480, 690] : [840, 1110];
        const at = ctx.at(day, rng.int(lo, hi), rng.int(0, 59));
        const where = prison.cellLevel ? p.cell : prison.wings.find((w) => w.code === wingCode)!.office;
        ctx.presence(
          'staff',
          kw.id,
          where,
          at,
          at + rng.int(35, 55) * 60_000,
          prison.cellLevel ? 'door' : 'bwv',
        );
        ctx.access(kw.id, `prisoner:${p.number}`, at + 60 * 60_000, 'nomis', 'case_notes', 'edit');
      }
      // Calls, letters, money and visits with the prisoner's contacts.
      for (let k = rng.poisson(0.7); k > 0; k--) {
        const c = rng.pick(p.contacts);
        ctx.call(p.number, c.phone, ctx.at(day, rng.int(480, 1260)), rng.int(60, 900));
      }
      if (rng.chance(0.1)) {
        const c = rng.pick(p.contacts);
        out.write('correspondence', {
          prison_number: p.number,
          direction: rng.chance(0.5) ? 'in' : 'out',
          at: ctx.iso(ctx.at(day, 540)),
          correspondent_name: `${c.first} ${c.last}`,
          correspondent_address: c.address,
        });
      }
      if (rng.chance(0.04)) {
        const c = rng.pick(p.contacts);
        out.write('money', {
          prison_number: p.number,
          at: ctx.iso(ctx.at(day, rng.int(0, 1439))),
          amount_pence: rng.int(5, 60) * 100,
          sender_name: `${c.first} ${c.last}`,
          sender_address: c.address,
        });
      }
      if ([0, 2, 4, 6].includes(dow) && rng.chance(0.08)) {
        const c = rng.pick(p.contacts.filter((x) => x.approved).concat(p.contacts[0]!));
        const at = ctx.at(day, 840);
        ctx.movement(p.number, at - ctx.minutes(10), place(p.cell, wingCode), prison.rooms.visits, 'visit');
        ctx.visit(p.number, at, at + ctx.minutes(90), {
          name: `${c.first} ${c.last}`,
          address: c.address,
          phone: c.phone,
          relationship: c.relationship,
        });
        ctx.presence('prisoner', p.number, prison.rooms.visits, at, at + ctx.minutes(90), 'movement');
        ctx.movement(p.number, at + ctx.minutes(95), prison.rooms.visits, place(p.cell, wingCode), 'visit');
      }
    }

    // Look-ups of prisoners' records in the normal course of work.
    const all = [...current];
    for (const s of onDuty) {
      const [from, to] = SHIFTS[shifts.get(s.id)!];
      const n =
        s.role === 'operational_support'
          ? rng.poisson(12)
          : s.wing
            ? rng.poisson(2)
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

    // Searches: random cell and area searches with base-rate finds.
    for (const wing of prison.wings) {
      for (let k = 0; k < 2; k++) {
        if (!rng.chance(0.03)) continue;
        const cell = rng.pick(wing.cells).code;
        const occupant = occupants.get(cell)?.[0];
        out.write('finds', {
          establishment: prison.code,
          location: place(cell, wing.code),
          at: ctx.iso(ctx.at(day, rng.int(540, 1020))),
          item: rng.weighted([
            ['mobile_phone', 2],
            ['sim_card', 1],
            ['drugs', 3],
            ['weapon', 1],
            ['alcohol', 1],
            ['other', 2],
          ]),
          search: rng.chance(0.8) ? 'random' : 'cell',
          prison_number: occupant?.number,
        });
      }
      // Roll counts four times a day; very occasionally a miscount.
      for (const minute of [480, 750, 1050, 1200]) {
        const counter = byWing.get(wing.code)!.find((o) => shifts.has(o.id));
        if (!counter) continue;
        const actual = wing.cells.reduce((n, c) => n + (occupants.get(c.code)?.length ?? 0), 0);
        out.write('roll_counts', {
          establishment: prison.code,
          location: wing.code,
          at: ctx.iso(ctx.at(day, minute)),
          counted: rng.chance(0.01) ? actual + rng.pick([-1, 1]) : actual,
          counted_by: counter.id,
        });
      }
    }

    // Intelligence reports from staff, graded 3x5x2.
    for (let k = rng.poisson(1.5); k > 0; k--) {
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
    }

    // Releases, receptions and cell moves.
    for (const p of all) {
      if (p.release === day || rng.chance(0.0015)) {
        const at = ctx.at(day, 540);
        endAllocation(p, at);
        ctx.movement(p.number, at, place(p.cell, p.wing), prison.rooms.gate, 'release');
        p.release = day;
        current.delete(p);
        const wing = prison.wings.find((w) => w.code === p.wing)!;
        const incoming = prison.receive(wing, p.cell, day, 0);
        const inAt = ctx.at(day, 900);
        allocate(incoming, p.cell, inAt);
        ctx.movement(incoming.number, inAt, prison.rooms.gate, place(p.cell, p.wing), 'reception');
        prison.prisoners.push(incoming);
        current.add(incoming);
        assignKeyWorker(incoming, day);
      } else if (rng.chance(0.002)) {
        const wing = prison.wings.find((w) => w.code === p.wing)!;
        const target = wing.cells.find(
          (c) => c.code !== p.cell && (occupants.get(c.code)?.length ?? 0) < c.capacity,
        );
        if (!target) continue;
        const at = ctx.at(day, 630);
        endAllocation(p, at);
        ctx.movement(p.number, at, place(p.cell, p.wing), place(target.code, p.wing), 'other');
        allocate(p, target.code, at);
      }
    }

    for (const scenario of scenarios) scenario.onDay?.(state);
  }

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
  return { keyWorkers: keyWorker };
}
