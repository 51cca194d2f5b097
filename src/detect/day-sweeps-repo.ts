/** Kept day sweeps of presence (migration 0027): read for a window, stored if their day is unchanged. */
import type { Queryable } from '../db/index.ts';

export interface KeptDay {
  /** The day's first minute (UTC). */
  day: number;
  generation: number;
  basis: string | null;
  sweep: Uint8Array | null;
}

/** The establishment's days in [fromDay, toDay) that have a row, with their sweeps unless `bare`. */
export async function keptDays(
  db: Queryable,
  code: string,
  fromDay: Date,
  toDay: Date,
  bare = false,
): Promise<KeptDay[]> {
  const { rows } = await db.query<{
    m: number;
    generation: number;
    basis: string | null;
    sweep: Uint8Array | null;
  }>(
    `SELECT (extract(epoch FROM day::timestamp) / 60)::int AS m, generation, basis,
            ${bare ? 'NULL::bytea' : 'sweep'} AS sweep
       FROM presence_day_sweeps WHERE establishment = $1 AND day >= $2::date AND day < $3::date ORDER BY day`,
    [code, fromDay.toISOString().slice(0, 10), toDay.toISOString().slice(0, 10)],
  );
  return rows.map((r) => ({ day: r.m, generation: r.generation, basis: r.basis, sweep: r.sweep }));
}

/**
 * Keeps a day's sweep unless an import has changed the day since `generation` was read (null: the day
 * had no row). Returns whether it was kept.
 */
export async function keepDay(
  db: Queryable,
  code: string,
  day: number,
  generation: number | null,
  basis: string,
  sweep: Buffer,
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO presence_day_sweeps AS t (establishment, day, generation, basis, sweep, swept_at)
          VALUES ($1, $2::date, 0, $3, $4, now())
     ON CONFLICT (establishment, day) DO UPDATE SET basis = EXCLUDED.basis, sweep = EXCLUDED.sweep,
          swept_at = EXCLUDED.swept_at
       WHERE t.generation = $5
     RETURNING 1`,
    [code, new Date(day * 60_000).toISOString().slice(0, 10), basis, sweep, generation ?? 0],
  );
  return rows.length > 0;
}

/** Forgets every kept day of an establishment before `before` (days no window will read again). */
export async function forgetDaysBefore(db: Queryable, code: string, before: Date): Promise<void> {
  await db.query('DELETE FROM presence_day_sweeps WHERE establishment = $1 AND day < $2::date', [
    code,
    before.toISOString().slice(0, 10),
  ]);
}
