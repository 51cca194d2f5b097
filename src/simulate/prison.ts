import { SimContext } from './context.ts';
import type { Prison, Prisoner, StaffMember, Wing } from './estate.ts';
import type { Recorder } from './recorder.ts';
import { RollCounting } from './roll-counts.ts';
import type { ShiftDef } from './regime.ts';
import type { PlantedScenario } from './scenarios.ts';
import { addDays, weekday } from './time.ts';
import {
  fixedSearchesAndRollCounts,
  pastoralRounds,
  prisonerComms,
  searches,
  staffIntelligence,
  staffLookups,
  writePrisonersAndContacts,
} from './prison-records.ts';
import { placeOf, wingOf, type DayState } from './prison-places.ts';

export { placeOf, wingOf, type DayState } from './prison-places.ts';

function employedOn(s: StaffMember, day: string): boolean {
  return s.start <= day && (s.end === null || s.end >= day);
}

/** Where a prisoner is during the day, away from the wing: work or education, else the yard. */
const ACTIVITY: [number, number][] = [
  [510, 705],
  [840, 990],
];
const YARD: [number, number][] = [[600, 660]];

function working(p: Prisoner, day: string): boolean {
  const dow = weekday(day);
  return p.activity !== null && dow !== 0 && dow !== 6 && p.homeWing === undefined;
}

/** `windows` less the parts inside any of `away`. */
function subtract(windows: [number, number][], away: [number, number][]): [number, number][] {
  let out = windows;
  for (const [a, b] of away)
    out = out.flatMap(([lo, hi]): [number, number][] =>
      b <= lo || a >= hi
        ? [[lo, hi]]
        : (
            [
              [lo, a],
              [b, hi],
            ] as [number, number][]
          ).filter(([x, y]) => y > x),
    );
  return out;
}

/**
 * Windows within a shift when a prisoner is in their cell or on the wing (not at work or in the yard),
 * ending `margin` minutes before the window does: the lunchtime and evening lock-ups (`lock_up`), the
 * unlocked periods of a day without activity (`unlocked`), or either.
 */
export function presentWindows(
  prison: Prison,
  p: Prisoner,
  day: string,
  shift: ShiftDef,
  margin: number,
  which: 'any' | 'lock_up' | 'unlocked' = 'any',
): [number, number][] {
  const u = prison.regime.unlocked;
  const lockUps: [number, number][] = [
    [u[0]![1], u.at(-1)![0]],
    [u.at(-1)![1], 1440 + u[0]![0]],
  ];
  const unlocked = subtract(u, working(p, day) ? ACTIVITY : YARD);
  const windows = which === 'lock_up' ? lockUps : which === 'unlocked' ? unlocked : [...lockUps, ...unlocked];
  return windows
    .map(([a, b]): [number, number] => [Math.max(a, shift.from), Math.min(b, shift.to) - margin])
    .filter(([lo, hi]) => hi > lo);
}

/** The part of a day shift when prisoners are unlocked, long enough for `minutes`, or null. */
export function unlockedWithin(prison: Prison, shift: ShiftDef, minutes: number): [number, number] | null {
  for (const [a, b] of prison.regime.unlocked) {
    const lo = Math.max(a, shift.from);
    const hi = Math.min(b, shift.to) - minutes;
    if (hi > lo) return [lo, hi];
  }
  return null;
}

/** Writes everything that happens in one prison over the period, day by day. */
export function simulatePrison(
  ctx: SimContext,
  prison: Prison,
  rec: Recorder,
  start: string,
  days: number,
  scenarios: PlantedScenario[],
): { keyWorkers: Map<Prisoner, StaffMember>; rollCounting: RollCounting } {
  const { rng, out } = ctx;
  const regime = prison.regime;
  const drawn = regime.mode === 'drawn';
  const officers = prison.staff.filter((s) => s.role === 'officer' || s.role === 'senior_officer');
  const byWing = new Map(prison.wings.map((w) => [w.code, officers.filter((o) => o.wing === w.code)]));
  const wingByCode = new Map(prison.wings.map((w) => [w.code, w]));
  const rollCounting = new RollCounting(prison, byWing, new Set(scenarios.flatMap((s) => s.truth.staff)));
  const residential = prison.wings.filter((w) => !w.segregation);
  const seg = prison.wings.find((w) => w.segregation);
  const searchTeam = officers.filter((o) => o.post === 'search_team');
  const place = (p: Prisoner) => placeOf(prison, p);
  const occupants = new Map<string, Prisoner[]>();
  for (const p of prison.prisoners) occupants.set(p.cell, [...(occupants.get(p.cell) ?? []), p]);
  const current = new Set(prison.prisoners);
  const keyWorker = new Map<Prisoner, StaffMember>();
  const nightCycle = Math.max(2, Math.round(1 / regime.night_staff_share));
  const dayShift = regime.shifts.office ? 'office' : 'early';

  // Key workers: each prisoner has one officer of their wing; about 45 minutes a week.
  const assignKeyWorker = (p: Prisoner, from: string) => {
    const candidates = byWing
      .get(p.wing)!
      .filter((o) => o.role === 'officer' && !o.nights && o.end === null && o.post === undefined);
    // A drawn regime may load a few officers with many prisoners.
    const i = drawn
      ? Math.floor(candidates.length * rng.float() ** (1 + 4 * regime.key_work.concentration))
      : rng.int(0, candidates.length - 1);
    const officer = candidates[i]!;
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
    rollCounting.allocationChanged(p.cell, at, -1);
    // Moved on at the moment they arrived (two moves clamped to one time): no allocation to record.
    if (at > p.allocatedFrom)
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
    rollCounting.allocationChanged(cell, at, 1);
    p.cell = cell;
    p.allocatedFrom = at;
    occupants.set(cell, [...(occupants.get(cell) ?? []), p]);
  };
  const freeCell = (wing: Wing, except?: string) =>
    wing.cells.find((c) => c.code !== except && (occupants.get(c.code)?.length ?? 0) < c.capacity);
  /** Moves a prisoner to another cell (and wing), with the allocation and movement records. */
  const move = (p: Prisoner, wing: Wing, cell: string, at: number) => {
    const from = place(p);
    endAllocation(p, at);
    p.wing = wing.code;
    allocate(p, cell, at);
    ctx.movement(p.number, at, from, place(p), 'other');
  };
  for (const p of prison.prisoners) p.allocatedFrom = ctx.at(p.reception, 900);

  /** Whether a member of staff is not rostered today by their pattern (rest days or the off part of a cycle). */
  const offDuty = (s: StaffMember, d: number, dow: number) =>
    s.pattern === 'long_day' ? (d + s.offset!) % 8 >= 4 : s.restDays.includes(dow);
  const officerShift = (s: StaffMember, d: number): string => {
    const long = s.pattern === 'long_day';
    const nightWeek =
      regime.nights === 'rotating' &&
      s.post === undefined &&
      Math.floor((d + s.offset!) / 7) % nightCycle === 0;
    if (s.nights || nightWeek) return long ? 'long_night' : 'night';
    if (long) return 'long_day';
    return rng.chance(0.5) ? 'early' : 'late';
  };
  const postOf = (s: StaffMember, d: number): string => {
    if (s.post === 'search_team') return residential[(d + searchTeam.indexOf(s)) % residential.length]!.code;
    if (s.post === 'floater') return rng.pick(residential).code;
    return rng.chance(regime.cross_deployment) ? rng.pick(prison.wings).code : s.wing!;
  };

  for (let d = 0; d < days; d++) {
    const day = addDays(start, d);
    ctx.newDay();
    rec.newDay(day);
    const dow = weekday(day);
    const shifts = new Map<string, string>();
    const posts = new Map<string, string>();
    for (const s of prison.staff) {
      if (!employedOn(s, day) || offDuty(s, d, dow) || rng.chance(regime.absence)) continue;
      if (s.wing) shifts.set(s.id, officerShift(s, d));
      else if (dow !== 0 && dow !== 6) shifts.set(s.id, dayShift);
      else if (s.role === 'healthcare' && rng.chance(0.4)) shifts.set(s.id, dayShift);
    }
    const state: DayState = { day, index: d, shifts, posts, occupants };
    rollCounting.planDay(ctx, day, current);
    const nights = [...current]; // the night in the cell is recorded once the day's moves are known

    // Rosters and the presence that door controllers, key safes and body-worn video record.
    for (const s of prison.staff) {
      const shift = shifts.get(s.id);
      if (!shift) continue;
      const def = regime.shifts[shift]!;
      const { from, to } = def;
      const startMs = ctx.at(day, from);
      const endMs = ctx.at(day, to);
      if (s.wing) {
        const post = postOf(s, d);
        const kind = rng.chance(0.05) ? 'overtime' : rng.chance(0.03) ? 'swap' : 'planned';
        ctx.roster(s.id, prison.code, post, startMs, endMs, kind);
        posts.set(s.id, post);
        rec.shift(s.id, post, day, from, to);
        const wing = wingByCode.get(post)!;
        if (!wing.cellLevel) continue;
        if (def.night) {
          // Cell bells at night: short visits at the door of whoever rang, many prisoners, no pattern.
          for (let k = rng.poisson(regime.cell_bells_per_night); k > 0; k--) {
            const cell = rng.pick(wing.cells).code;
            const at = ctx.at(day, rng.int(from + 30, to - 30), rng.int(0, 59));
            const end = at + rng.int(40, 200) * 1000;
            rec.cellVisit(s.id, cell, wing, at, end);
            if (regime.presence.night_entries_paired) {
              const partner = byWing.get(wing.code)!.find((o) => o !== s && shifts.get(o.id) === shift);
              if (partner) rec.cellVisit(partner.id, cell, wing, at + 20_000, end);
            }
          }
          continue;
        }
        // The segregation unit unlocks its few prisoners one at a time, many times a day.
        const cells =
          wing.segregation && drawn ? wing.cells.filter((c) => occupants.get(c.code)?.length) : wing.cells;
        const visits = regime.cell_visits_per_shift * (wing.segregation && drawn ? 2 : 1);
        for (let k = rng.poisson(visits); k > 0 && cells.length; k--) {
          const [a, b] = rng.pick(regime.unlocked);
          const lo = Math.max(a, from);
          const hi = Math.min(b, to) - 5;
          if (hi <= lo) continue;
          const cell = rng.pick(cells).code;
          const at = ctx.at(day, rng.int(lo, hi), rng.int(0, 59));
          const end = at + rng.int(60, 240) * 1000;
          rec.cellVisit(s.id, cell, wing, at, end);
          // Some cell entries are made in pairs.
          const partner = rng.chance(regime.presence.paired_entries)
            ? byWing.get(wing.code)!.find((o) => o !== s && shifts.get(o.id) === shift)
            : undefined;
          if (partner) rec.cellVisit(partner.id, cell, wing, at + 15_000, end);
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
        rec.write('staff', s.id, where, ctx.at(day, 485), ctx.at(day, 985), 'door');
      }
    }

    const onDuty = prison.staff.filter((s) => shifts.has(s.id));
    pastoralRounds(ctx, rec, prison, onDuty, current, day);

    const [morning, afternoon] = [regime.unlocked[0]!, regime.unlocked.at(-1)!];
    for (const p of current) {
      const wing = wingOf(prison, p);
      const segregated = p.homeWing !== undefined;
      // The prisoner's day: locked in at night and at lunch, at work or education, exercise.
      rollCounting.lunchtime(rec, p, wing.cellLevel, ctx.at(day, morning[1]), ctx.at(day, afternoon[0]));
      const [where, periods] = working(p, day) ? [p.activity!, ACTIVITY] : [prison.rooms.yard, YARD];
      for (const [from, to] of periods)
        ctx.presence('prisoner', p.number, where, ctx.at(day, from), ctx.at(day, to), 'movement');
      // Key work: about 45 minutes a week with the key worker, in the cell or the wing office.
      const kw = keyWorker.get(p)!;
      const kwShift = shifts.get(kw.id);
      const kwDef = kwShift ? regime.shifts[kwShift]! : undefined;
      if ((p.number.charCodeAt(3) + d) % 7 === 0 && kwDef && !kwDef.night && !segregated) {
        const kwork = regime.key_work;
        // In the core day: key work does not happen late in the evening.
        const windows = drawn
          ? presentWindows(prison, p, day, kwDef, kwork.minutes[1])
              .map(([a, b]): [number, number] => [a, Math.min(b, 1080 - kwork.minutes[1])])
              .filter(([a, b]) => b > a)
          : [];
        const [lo, hi] = drawn
          ? windows.length
            ? rng.pick(windows)
            : [0, 0]
          : kwShift === 'early'
            ? [480, 690]
            : [840, 1110];
        if (hi > lo && (kwork.delivered >= 1 || rng.chance(kwork.delivered))) {
          const at = ctx.at(day, rng.int(lo, hi), rng.int(0, 59));
          const end = at + rng.int(kwork.minutes[0], kwork.minutes[1]) * 60_000;
          if (wing.cellLevel && (kwork.in_cell >= 1 || rng.chance(kwork.in_cell)))
            rec.cellVisit(kw.id, p.cell, wing, at, end);
          else rec.write('staff', kw.id, wing.office, at, end, 'bwv');
          ctx.access(kw.id, `prisoner:${p.number}`, at + 60 * 60_000, 'nomis', 'case_notes', 'edit');
        }
      }
      prisonerComms(ctx, prison, p, day, dow);
    }

    const all = [...current];
    staffLookups(ctx, prison, onDuty, shifts, all, day);

    if (drawn) searches(ctx, prison, state, searchTeam);
    for (const wing of prison.wings)
      fixedSearchesAndRollCounts(ctx, prison, wing, day, shifts, occupants, byWing, rollCounting);

    staffIntelligence(ctx, prison, day, onDuty, all, officers);

    // Releases, receptions and cell moves.
    for (const p of all) {
      if (p.release === day || rng.chance(0.0015)) {
        const at = ctx.at(day, 540);
        const into = p.homeWing ? wingByCode.get(p.homeWing)! : wingOf(prison, p);
        const intoCell = p.homeWing ? freeCell(into)?.code : p.cell;
        endAllocation(p, at);
        ctx.movement(p.number, at, place(p), prison.rooms.gate, 'release');
        p.release = day;
        current.delete(p);
        if (!intoCell) continue;
        const incoming = prison.receive(into, intoCell, day, 0);
        const inAt = ctx.at(day, 900);
        allocate(incoming, intoCell, inAt);
        ctx.movement(incoming.number, inAt, prison.rooms.gate, place(incoming), 'reception');
        prison.prisoners.push(incoming);
        current.add(incoming);
        assignKeyWorker(incoming, day);
      } else if (rng.chance(0.002) && !p.homeWing) {
        const wing = wingOf(prison, p);
        const target = freeCell(wing, p.cell);
        if (!target) continue;
        const at = ctx.at(day, 630);
        endAllocation(p, at);
        ctx.movement(p.number, at, place(p), wing.cellLevel ? target.code : wing.code, 'other');
        allocate(p, target.code, at);
      }
    }
    // The segregation unit: stays of days to weeks, then back to the wing. Moves come after the day's
    // visits are over (a visit's return movement, written earlier, goes to the cell the prisoner left)
    // and before the evening lock-up, so that the night is spent in the new cell.
    const afterVisits = (minute: number) => Math.min(1040, Math.max(960, minute));
    if (seg && drawn) {
      for (const p of [...current].filter((x) => x.homeWing !== undefined)) {
        if (!rng.chance(d === 0 ? 0 : 0.1)) continue;
        const home = wingByCode.get(p.homeWing!)!;
        const cell = freeCell(home);
        if (!cell) continue;
        delete p.homeWing;
        move(p, home, cell.code, ctx.at(day, afterVisits(rng.int(600, 960))));
      }
      for (const cell of seg.cells) {
        if (occupants.get(cell.code)?.length || !rng.chance(d === 0 ? 0.6 : 0.12)) continue;
        const p = rng.pick(all);
        if (!current.has(p) || p.homeWing || prison.pinned.has(p)) continue;
        p.homeWing = p.wing;
        move(p, seg, cell.code, ctx.at(day, afterVisits(rng.int(600, 1100))));
      }
    }

    // The night in the cell each prisoner holds after the day's moves, for those still here.
    const [night, dawn] = [ctx.at(day, afternoon[1]), ctx.at(day, 1440 + morning[0])];
    for (const p of nights)
      if (current.has(p) && wingOf(prison, p).cellLevel)
        rec.write('prisoner', p.number, p.cell, night, dawn, 'door');
    for (const scenario of scenarios) scenario.onDay?.(state);
    rollCounting.writeDay(ctx, day);
  }

  writePrisonersAndContacts(ctx, prison, current);
  return { keyWorkers: keyWorker, rollCounting };
}
