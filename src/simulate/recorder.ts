import type { SimContext } from './context.ts';
import type { Prison, Wing } from './estate.ts';

const SECOND = 1000;
const FIVE = 5 * 60 * SECOND;

/**
 * Presence as a prison's systems record it, not as it happened: the regime decides whether a shift
 * leaves a key-safe or wing-gate record, which cell entries the door system logs and for how long,
 * duplicates, and hours when a wing's door system was down. Everything a person does in a cell goes
 * through here, planted misconduct included, so it is recorded no better and no worse than the rest.
 * Under the fixed regime every method writes exactly what it is given.
 */
export class Recorder {
  private readonly outages = new Map<string, [number, number]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly prison: Prison,
  ) {}

  private get practice() {
    return this.prison.regime.presence;
  }

  /** Draws the day's door-system outages (wings down for some hours). */
  newDay(day: string): void {
    this.outages.clear();
    const rate = this.practice.outages_per_30_days;
    if (rate <= 0) return;
    const { rng } = this.ctx;
    for (const w of this.prison.wings) {
      if (!rng.chance(rate / 30)) continue;
      const from = this.ctx.at(day, rng.int(0, 1200));
      this.outages.set(w.code, [from, from + rng.int(2, 10) * 3600 * SECOND]);
    }
  }

  private down(location: string, at: number): boolean {
    const o = this.outages.get(location.split('-').slice(0, 2).join('-'));
    return o !== undefined && at >= o[0] && at < o[1];
  }

  /** One record, unless the system was down; sometimes written twice a few seconds apart. */
  write(...record: Parameters<SimContext['presence']>): boolean {
    const [type, id, location, start, end, source] = record;
    if (this.down(location, start)) return false;
    const written = this.ctx.presence(...record);
    const dup = this.practice.duplicates;
    if (written && dup > 0 && this.ctx.rng.chance(dup))
      this.ctx.presence(type, id, location, start + this.ctx.rng.int(1, 20) * SECOND, end, source);
    return written;
  }

  /** A shift on a wing: keys drawn for all of it, or wing-gate entries either side of a break. */
  shift(staffId: string, wing: string, day: string, from: number, to: number): void {
    const { ctx } = this;
    const logged = this.practice.shift_logged;
    if (logged < 1 && !ctx.rng.chance(logged)) return;
    if (this.practice.shift_record === 'keysafe') {
      this.write('staff', staffId, wing, ctx.at(day, from) + FIVE, ctx.at(day, to) - FIVE, 'keysafe');
    } else {
      const mid = from + Math.floor((to - from) / 2);
      this.write('staff', staffId, wing, ctx.at(day, from) + FIVE, ctx.at(day, mid - 15), 'door');
      this.write('staff', staffId, wing, ctx.at(day, mid + 15), ctx.at(day, to) - FIVE, 'door');
    }
  }

  /**
   * A member of staff inside a cell from `start` to `end`. Recorded only on wings with cell-level
   * door records, for the share of entries the system logs, as the time inside or only the minute
   * the door stood open. Returns the milliseconds recorded (0: none).
   */
  cellVisit(staffId: string, cell: string, wing: Wing, start: number, end: number, source = 'door'): number {
    if (!wing.cellLevel) return 0;
    const { rng } = this.ctx;
    const logged = this.practice.cell_visits_logged;
    if (logged < 1 && !rng.chance(logged)) return 0;
    const until = this.practice.cell_visit_duration === 'door_open' ? start + rng.int(30, 120) * SECOND : end;
    return this.write('staff', staffId, cell, start, until, source) ? until - start : 0;
  }
}
