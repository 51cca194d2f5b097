import type { SimContext } from './context.ts';
import {
  SHIFTS,
  syntheticAddress,
  syntheticPerson,
  syntheticPhone,
  type Prison,
  type Prisoner,
  type StaffMember,
} from './estate.ts';
import type { DayState } from './prison.ts';
import { addDays } from './time.ts';

export const PRISON_SCENARIOS = [
  'relationship_strong',
  'relationship_subtle',
  'relationship_comms',
  'trafficking',
] as const;
export const PROBATION_SCENARIOS = ['probation_boundary'] as const;
export const SCENARIO_KINDS = [...PRISON_SCENARIOS, ...PROBATION_SCENARIOS] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

export interface ScenarioSpec {
  kind: ScenarioKind;
  /** Multiplies how often the misconduct shows in the data; 1 is the default. */
  strength: number;
}

/** One entry of ground_truth.json. */
export interface ScenarioTruth {
  id: string;
  kind: ScenarioKind | 'decoy';
  /** For decoys: why a naive rule would flag them (key_worker, healthcare, chaplaincy, night_staff, declared_relationship). */
  reason?: string;
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

/** Picks actors that no other scenario uses: day-shift officers, and prisoners of their wing who stay. */
function castFor(
  prison: Prison,
  rng: SimContext['rng'],
  used: Set<string>,
  lastDay: string,
): { officer: StaffMember; prisoner: (wing: string) => Prisoner } {
  const officer = rng.pick(
    prison.staff.filter(
      (s) =>
        s.role === 'officer' &&
        !s.nights &&
        s.end === null &&
        s.start < addDays(lastDay, -400) &&
        !used.has(s.id),
    ),
  );
  used.add(officer.id);
  return {
    officer,
    prisoner: (wing: string) => {
      const p = rng.pick(
        prison.prisoners.filter(
          (x) => x.wing === wing && !used.has(x.number) && (x.release === null || x.release > lastDay),
        ),
      );
      used.add(p.number);
      return p;
    },
  };
}

/**
 * Plants the requested misconduct in one prison, and picks the honest decoys that a naive rule would
 * flag. Each writes its supporting static records (identifiers, declarations, contacts) now and its
 * behaviour day by day through `onDay`.
 */
export function plantPrisonScenarios(
  ctx: SimContext,
  prison: Prison,
  specs: ScenarioSpec[],
  start: string,
  days: number,
): PlantedScenario[] {
  const { rng, out } = ctx;
  const last = addDays(start, days - 1);
  const used = new Set<string>();
  const planted: PlantedScenario[] = [];
  const place = (p: Prisoner) => (prison.cellLevel ? p.cell : p.wing);
  const span = (from: number) => ({ from: addDays(start, from), to: last });
  const truth = (
    kind: ScenarioKind,
    spec: ScenarioSpec,
    staff: string[],
    prisoners: string[],
    from: number,
    parameters: ScenarioTruth['parameters'],
  ): ScenarioTruth => ({
    id: `${prison.code}-${kind}`,
    kind,
    strength: spec.strength,
    establishment: prison.code,
    staff,
    prisoners,
    people_on_probation: [],
    ...span(from),
    parameters: { cell_level_presence: prison.cellLevel, ...parameters },
  });
  /** A one-to-one visit by `o` to `p`'s cell (or wing, where presence is only at wing level). */
  const visit = (o: StaffMember, p: Prisoner, at: number, minutes: number) =>
    ctx.presence('staff', o.id, place(p), at, at + minutes * 60_000 + rng.int(0, 59) * 1000, 'door');

  for (const spec of specs) {
    const s = spec.strength;
    const firstDay = Math.min(days - 1, Math.floor(days * 0.15));
    switch (spec.kind) {
      case 'relationship_strong': {
        const cast = castFor(prison, rng, used, last);
        const o = cast.officer;
        const p = cast.prisoner(o.wing!);
        const friend = syntheticPerson(rng);
        planted.push({
          truth: truth('relationship_strong', spec, [o.id], [p.number], firstDay, {
            visits_per_week: 3.5 * s,
            minutes: '10-25',
            off_roster_share: 0.3,
          }),
          onDay(state) {
            if (state.index < firstDay) return;
            const shift = state.shifts.get(o.id);
            if (rng.chance(0.5 * s)) {
              // Late in the evening after lock-up, or on a day off (off roster), or during a day shift.
              const minute =
                shift === 'late' ? rng.int(1175, 1275) : !shift ? rng.int(1200, 1350) : rng.int(500, 700);
              const at = ctx.at(state.day, minute, 31);
              if (!shift) ctx.presence('staff', o.id, p.wing, at - 5 * 60_000, at + 40 * 60_000, 'keysafe');
              visit(o, p, at, rng.int(10, 25));
            }
            if (rng.chance(0.07 * s))
              ctx.access(
                o.id,
                `prisoner:${p.number}`,
                ctx.at(state.day, rng.int(1300, 1420), 7),
                'nomis',
                rng.pick(['addresses', 'release', 'contacts']),
              );
            if (rng.chance(0.3 * s))
              ctx.call(p.number, o.phone, ctx.at(state.day, rng.int(1110, 1250), 17), rng.int(300, 1200));
            if (state.index % 14 === 7 && rng.chance(Math.min(1, 0.8 * s))) {
              const at = ctx.at(state.day, 845, 0);
              ctx.visit(p.number, at, at + 90 * 60_000, {
                name: `${friend.first} ${friend.last}`,
                address: o.address,
                relationship: 'friend',
              });
            }
          },
        });
        break;
      }
      case 'relationship_subtle': {
        const cast = castFor(prison, rng, used, last);
        const o = cast.officer;
        const p = cast.prisoner(o.wing!);
        let lookedUp = false;
        planted.push({
          truth: truth('relationship_subtle', spec, [o.id], [p.number], firstDay, {
            extra_visits_per_week: 1.2 * s,
            minutes: '5-10',
            lookups: 1,
          }),
          onDay(state) {
            if (state.index < firstDay) return;
            const shift = state.shifts.get(o.id);
            if (!shift || shift === 'night') return;
            const [, to] = SHIFTS[shift];
            // A few minutes more than the job needs, while the prisoner is locked in: at the lunchtime
            // lock-up on an early shift, after evening lock-up on a late one.
            if (rng.chance(0.3 * s))
              visit(
                o,
                p,
                ctx.at(state.day, shift === 'early' ? rng.int(740, 805) : rng.int(1175, 1270), 31),
                rng.int(5, 10),
              );
            if (!lookedUp && state.index >= firstDay + 10) {
              lookedUp = true;
              ctx.access(o.id, `prisoner:${p.number}`, ctx.at(state.day, to - 30, 7), 'nomis', 'release');
            }
          },
        });
        break;
      }
      case 'relationship_comms': {
        const cast = castFor(prison, rng, used, last);
        const o = cast.officer;
        const p = cast.prisoner(o.wing!);
        // The officer's sister, declared with her phone and address; the prisoner writes and calls there.
        const sister = {
          first: syntheticPerson(rng).first,
          last: o.last,
          phone: syntheticPhone(rng),
          address: syntheticAddress(rng),
        };
        out.write('declarations', {
          staff_id: o.id,
          declared_at: ctx.iso(ctx.at(addDays(start, -300), 600)),
          kind: 'association',
          subject: `phone:${sister.phone}`,
          details: `Mobile number of my sister ${sister.first} ${sister.last}`,
          decision: 'approved',
        });
        out.write('declarations', {
          staff_id: o.id,
          declared_at: ctx.iso(ctx.at(addDays(start, -300), 601)),
          kind: 'other',
          subject: `address:${sister.address}`,
          details: `Home address of my sister ${sister.first} ${sister.last}`,
          decision: 'approved',
        });
        p.contacts.push({
          first: rng.pick(['Jo', 'Mel', 'Sandy']),
          last: rng.pick(['Smithson', 'Wells', 'Carver']),
          relationship: 'friend',
          phone: sister.phone,
          address: sister.address,
          approved: true,
        });
        planted.push({
          truth: truth('relationship_comms', spec, [o.id], [p.number], firstDay, {
            calls_per_week: 3 * s,
            letters_per_week: 1 * s,
            via: 'declared relative',
          }),
          onDay(state) {
            if (state.index < firstDay) return;
            if (rng.chance(0.4 * s))
              ctx.call(
                p.number,
                rng.chance(0.7) ? sister.phone : o.phone,
                ctx.at(state.day, rng.int(1080, 1250), 17),
                rng.int(300, 1500),
              );
            if (rng.chance(0.15 * s)) {
              out.write('correspondence', {
                prison_number: p.number,
                direction: 'out',
                at: ctx.iso(ctx.at(state.day, 541)),
                correspondent_name: `${sister.first} ${sister.last}`,
                correspondent_address: sister.address,
              });
            }
          },
        });
        break;
      }
      case 'trafficking': {
        const cast = castFor(prison, rng, used, last);
        const t = cast.officer;
        const customers = [0, 1, 2, 3, 4, 5].map(() => cast.prisoner(t.wing!));
        const sender = syntheticPerson(rng);
        const wing = prison.wings.find((w) => w.code === t.wing)!;
        planted.push({
          truth: truth(
            'trafficking',
            spec,
            [t.id],
            customers.map((c) => c.number),
            firstDay,
            { finds_per_shift: 0.35 * s, money_senders_linked: true, contact_minutes: '2-4' },
          ),
          onDay(state) {
            if (state.index < firstDay) return;
            const shift = state.shifts.get(t.id);
            if (shift && shift !== 'night') {
              // Short contacts with several prisoners, then finds on the wing after the shift.
              for (const c of rng.sample(customers, Math.round(rng.int(1, 2) * s)))
                visit(
                  t,
                  c,
                  ctx.at(
                    state.day,
                    rng.int(shift === 'early' ? 480 : 830, shift === 'early' ? 700 : 1150),
                    31,
                  ),
                  rng.int(2, 4),
                );
              if (rng.chance(Math.min(1, 0.35 * s))) {
                const c = rng.pick(customers);
                out.write('finds', {
                  establishment: prison.code,
                  location: prison.cellLevel ? c.cell : wing.code,
                  at: ctx.iso(ctx.at(addDays(state.day, 1), rng.int(540, 700))),
                  item: rng.pick(['mobile_phone', 'drugs', 'sim_card']),
                  search: rng.pick(['random', 'intelligence_led']),
                  prison_number: c.number,
                });
              }
            }
            if (state.index % 7 === 3) {
              const c = rng.pick(customers);
              out.write('money', {
                prison_number: c.number,
                at: ctx.iso(ctx.at(state.day, rng.int(600, 1200), 3)),
                amount_pence: rng.int(20, 80) * 100,
                sender_name: `${sender.first} ${sender.last}`,
                sender_address: t.address,
              });
            }
          },
        });
        break;
      }
      default:
        break;
    }
  }

  // Honest decoys: the heaviest key worker, a chaplain, a healthcare worker, a night officer, and an
  // officer with a declared and approved relationship with a prisoner who sees and phones them.
  const decoy = (reason: string, staff: StaffMember, prisoners: string[] = []): PlantedScenario => ({
    truth: {
      id: `${prison.code}-decoy-${reason}`,
      kind: 'decoy',
      reason,
      establishment: prison.code,
      staff: [staff.id],
      prisoners,
      people_on_probation: [],
      from: start,
      to: last,
      parameters: {},
    },
  });
  const pickFree = (role: string, nights = false) => {
    const s = rng.pick(
      prison.staff.filter((x) => x.role === role && x.nights === nights && x.end === null && !used.has(x.id)),
    );
    used.add(s.id);
    return s;
  };
  planted.push(
    decoy('chaplaincy', pickFree('chaplaincy')),
    decoy('healthcare', pickFree('healthcare')),
    decoy('night_staff', pickFree('officer', true)),
  );
  const declared = castFor(prison, rng, used, last);
  const relative = declared.prisoner(declared.officer.wing!);
  out.write('declarations', {
    staff_id: declared.officer.id,
    declared_at: ctx.iso(ctx.at(addDays(start, -200), 615)),
    kind: 'relationship',
    subject: `prisoner:${relative.number}`,
    details: 'Cousin; I do not work on their landing where it can be avoided',
    decision: 'approved',
  });
  relative.contacts.push({
    first: declared.officer.first,
    last: declared.officer.last,
    relationship: 'cousin',
    phone: declared.officer.phone,
    address: declared.officer.address,
    approved: true,
  });
  planted.push({
    ...decoy('declared_relationship', declared.officer, [relative.number]),
    onDay(state) {
      const shift = state.shifts.get(declared.officer.id);
      if (shift === 'early' && rng.chance(0.25))
        visit(declared.officer, relative, ctx.at(state.day, rng.int(500, 690), 31), rng.int(5, 15));
      if (rng.chance(0.15))
        ctx.call(
          relative.number,
          declared.officer.phone,
          ctx.at(state.day, rng.int(1100, 1250), 17),
          rng.int(300, 900),
        );
    },
  });
  return planted;
}

/** Marks as a decoy the key worker with the most assigned prisoners (heavy legitimate one-to-one time). */
export function keyWorkerDecoy(
  prison: Prison,
  keyWorkerOf: Map<Prisoner, StaffMember>,
  start: string,
  last: string,
): ScenarioTruth {
  const counts = new Map<StaffMember, number>();
  for (const s of keyWorkerOf.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].id.localeCompare(b[0].id))[0]!;
  return {
    id: `${prison.code}-decoy-key_worker`,
    kind: 'decoy',
    reason: 'key_worker',
    establishment: prison.code,
    staff: [top.id],
    prisoners: [],
    people_on_probation: [],
    from: start,
    to: last,
    parameters: { assigned_prisoners: counts.get(top)! },
  };
}
