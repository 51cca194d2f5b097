/**
 * Roll counts as a prison makes them, errors and all: four counts a day per wing by its first officer on
 * duty (the false counter whenever they are), some late, a few missed, a few miscounted and recounted a
 * quarter of an hour later; a prisoner now and then out of his cell over the lunchtime lock-up with no
 * movement record (at healthcare, say: presence sees him there, an honest count is one short and stays
 * short until he is back); and in every prison one officer, not otherwise planted, who writes the
 * expected roll at every count whoever is missing (the planted `false_count`). Wings without cell-level
 * door records are the wings where presence is sparse. The choices come from a stream of their own;
 * ground truth says which discrepancies are real.
 */
import type { SimContext } from './context.ts';
import type { Prison, Prisoner, StaffMember, Wing } from './estate.ts';
import type { Recorder } from './recorder.ts';
import { Rng } from './rng.ts';
import type { ScenarioTruth } from './scenarios.ts';

/** The counts' local times (minutes after midnight): unlock, lunchtime lock-up, tea, night. */
export const COUNT_MINUTES = [480, 750, 1050, 1200];
const LUNCH = 750;
const LATE = 0.04;
const MISSED = 0.01;
/** The chance that a wing has a prisoner out of his cell at the lunchtime count without a movement record. */
const AWAY = 0.3;
/** How long before (at most, within the lock-up) and after the lunchtime count the prisoner is away (minutes). */
const AWAY_SPAN: [number, number] = [20, 40];

export interface RollCountTruth {
  establishment: string;
  false_counter: string | null;
  late: number;
  missed: number;
  /** Honest miscounts: not real discrepancies, and put right by a recount. */
  miscounts: number;
  /** Prisoners out of their cell at a count with no movement record: real discrepancies. */
  unrecorded_moves: { prison_number: string; wing: string; at: string }[];
  /** Counts the false counter wrote as matching while a prisoner of the wing was away. */
  false_counts: { wing: string; at: string }[];
}

export interface Away {
  wing: string;
  from: number;
  to: number;
  where: string;
}

export class RollCounting {
  private readonly rng: Rng;
  readonly falseCounter: StaffMember | undefined;
  readonly truth: RollCountTruth;
  private away = new Map<string, Away>();
  private pending: {
    wing: string;
    minute: number;
    counter: StaffMember;
    heldAtStart: number;
    miscount: number;
  }[] = [];
  private changes: { wing: string; at: number; change: number }[] = [];
  private readonly wingOfCell = new Map<string, string>();

  /** `exclude`: staff a planted case or decoy already uses, never made the false counter. */
  constructor(
    private readonly prison: Prison,
    byWing: Map<string, StaffMember[]>,
    exclude: ReadonlySet<string>,
  ) {
    let seed = 0;
    for (const ch of `${prison.code}|${prison.prisoners[0]?.number ?? ''}`)
      seed = (seed * 31 + ch.charCodeAt(0)) | 0;
    this.rng = new Rng(seed);
    for (const w of prison.wings) for (const c of w.cells) this.wingOfCell.set(c.code, w.code);
    const candidates = prison.wings
      .filter((w) => !w.segregation)
      .flatMap((w) => byWing.get(w.code) ?? [])
      .filter((o) => o.role === 'officer' && !o.nights && o.post === undefined && !exclude.has(o.id));
    this.falseCounter = candidates.length ? this.rng.pick(candidates) : undefined;
    this.truth = {
      establishment: prison.code,
      false_counter: this.falseCounter?.id ?? null,
      late: 0,
      missed: 0,
      miscounts: 0,
      unrecorded_moves: [],
      false_counts: [],
    };
  }

  /** Who counts a wing: the false counter on their own wing when on duty, else its first officer on duty. */
  counterFor(
    wing: Wing,
    officers: readonly StaffMember[],
    onDuty: ReadonlyMap<string, string>,
  ): StaffMember | undefined {
    const f = this.falseCounter;
    if (f && f.wing === wing.code && onDuty.has(f.id)) return f;
    return officers.find((o) => onDuty.has(o.id));
  }

  /** The planted case for ground truth's scenarios: the officer who writes counts without counting. */
  scenario(from: string, to: string): ScenarioTruth | undefined {
    const s = this.falseCounter;
    if (!s) return undefined;
    return {
      id: `${this.prison.code}-false-count`,
      kind: 'false_count',
      shape: 'writes the expected roll at every count, whoever is missing',
      establishment: this.prison.code,
      staff: [s.id],
      prisoners: [],
      people_on_probation: [],
      from,
      to,
      parameters: { wing: s.wing ?? '' },
    };
  }

  private lockedThrough(from: number, to: number): boolean {
    return !this.prison.regime.unlocked.some(([a, b]) => from < b && to > a);
  }

  /**
   * Starts a day: draws the prisoners away from their cells at the lunchtime count without a movement
   * record (keyed by prison number), when the regime has everyone locked in from before it to well after.
   */
  planDay(ctx: SimContext, day: string, current: Iterable<Prisoner>): Map<string, Away> {
    this.away = new Map();
    this.pending = [];
    this.changes = [];
    const unlockedUntil = Math.max(
      0,
      ...this.prison.regime.unlocked.filter(([a]) => a < LUNCH).map(([, b]) => b),
    );
    const from = Math.max(LUNCH - AWAY_SPAN[0], unlockedUntil + 5);
    const to = LUNCH + AWAY_SPAN[1];
    if (from > LUNCH - 5 || !this.lockedThrough(from, to)) return this.away;
    const byWing = new Map<string, Prisoner[]>();
    for (const p of current) {
      if (p.homeWing) continue;
      const list = byWing.get(p.wing);
      if (list) list.push(p);
      else byWing.set(p.wing, [p]);
    }
    for (const [wing, prisoners] of byWing) {
      if (!this.rng.chance(AWAY)) continue;
      const p = this.rng.pick(prisoners);
      this.away.set(p.number, {
        wing,
        from: ctx.at(day, from),
        to: ctx.at(day, to),
        where: this.prison.rooms.healthcare,
      });
    }
    return this.away;
  }

  /**
   * The prisoner's lunchtime lock-up in his cell (recorded on wings with cell-level door records) or,
   * when he is away over the count, where presence sees him instead.
   */
  lunchtime(rec: Recorder, p: Prisoner, cellLevel: boolean, from: number, to: number): void {
    const out = this.away.get(p.number);
    if (out) rec.write('prisoner', p.number, out.where, out.from, out.to, 'door');
    if (!cellLevel) return;
    if (!out) rec.write('prisoner', p.number, p.cell, from, to, 'door');
    else {
      rec.write('prisoner', p.number, p.cell, from, out.from, 'door');
      rec.write('prisoner', p.number, p.cell, out.to, to, 'door');
    }
  }

  /** A cell allocation begun (+1) or ended (−1) during the day: the wing's roll changes at `at`. */
  allocationChanged(cell: string, at: number, change: 1 | -1): void {
    const wing = this.wingOfCell.get(cell);
    if (wing) this.changes.push({ wing, at, change });
  }

  /**
   * A count due on a wing at its usual minute: `heldAtStart` is who its cells held as the day began (the
   * roll board), `miscount` an honest counter's error. Written by writeDay, once the day's moves are known.
   */
  schedule(wing: Wing, minute: number, counter: StaffMember, heldAtStart: number, miscount: number): void {
    this.pending.push({ wing: wing.code, minute, counter, heldAtStart, miscount });
  }

  /** Writes the day's counts: each against who the wing's cells held at its moment, and a recount after a miscount. */
  writeDay(ctx: SimContext, day: string): void {
    const { rng, truth } = this;
    for (const c of this.pending) {
      if (rng.chance(MISSED)) {
        truth.missed++;
        continue;
      }
      let minute = c.minute;
      const late = rng.int(20, 50);
      if (rng.chance(LATE) && this.lockedThrough(minute, minute + late + 15)) {
        minute += late;
        truth.late++;
      }
      const when = ctx.at(day, minute);
      let held = c.heldAtStart;
      for (const x of this.changes) if (x.wing === c.wing && x.at <= when) held += x.change;
      const away = [...this.away].filter(([, a]) => a.wing === c.wing && a.from <= when && when < a.to);
      const write = (t: number, counted: number) =>
        ctx.out.write('roll_counts', {
          establishment: this.prison.code,
          location: c.wing,
          at: ctx.iso(t),
          counted,
          counted_by: c.counter.id,
        });
      if (c.counter === this.falseCounter) {
        write(when, held);
        if (away.length) truth.false_counts.push({ wing: c.wing, at: ctx.iso(when) });
        continue;
      }
      write(when, held - away.length + c.miscount);
      for (const [number] of away)
        truth.unrecorded_moves.push({ prison_number: number, wing: c.wing, at: ctx.iso(when) });
      if (c.miscount !== 0) {
        truth.miscounts++;
        write(when + 15 * 60_000, held - away.length);
      }
    }
  }
}
