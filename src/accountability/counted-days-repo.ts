/** Kept days of reconciled roll counts (migration 0029): read for a window, stored under an epoch. */
import type { Queryable } from '../db/index.ts';

/** A reconciled count as kept: the count and the figures it was compared with. */
export interface KeptCount {
  location: string;
  at: number;
  counted: number;
  countedBy: string;
  expected: number;
  presenceSays: number;
  status: 'matched' | 'short' | 'over';
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The establishment's epoch, which every import that changes what reconciliation reads moves on. Its row
 * is made first, so that an import under way holds it and a day read before the import is not kept.
 */
export async function countEpoch(db: Queryable, code: string): Promise<number> {
  await db.query(
    'INSERT INTO roll_count_epochs (establishment) VALUES ($1) ON CONFLICT (establishment) DO NOTHING',
    [code],
  );
  const { rows } = await db.query<{ epoch: number }>(
    'SELECT epoch FROM roll_count_epochs WHERE establishment = $1',
    [code],
  );
  return rows[0]?.epoch ?? 0;
}

/** The kept days in [from, to) made with `basis`, by their first instant (UTC, epoch milliseconds). */
export async function keptCountDays(
  db: Queryable,
  code: string,
  from: number,
  to: number,
  basis: string,
): Promise<Map<number, KeptCount[]>> {
  const { rows } = await db.query<{ day: string; reconciled: KeptCount[] }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, reconciled FROM roll_count_days
      WHERE establishment = $1 AND day >= $2::date AND day < $3::date AND basis = $4`,
    [code, isoDay(from), isoDay(to), basis],
  );
  return new Map(rows.map((r) => [Date.parse(`${r.day}T00:00:00Z`), r.reconciled]));
}

/** Keeps a day's reconciled counts unless an import has moved the epoch on since `epoch` was read. */
export async function keepCountDay(
  db: Queryable,
  code: string,
  day: number,
  basis: string,
  epoch: number,
  reconciled: KeptCount[],
): Promise<void> {
  await db.query(
    `INSERT INTO roll_count_days (establishment, day, basis, reconciled)
     SELECT $1, $2::date, $3, $4::jsonb
      WHERE (SELECT epoch FROM roll_count_epochs WHERE establishment = $1 FOR SHARE) = $5
     ON CONFLICT (establishment, day) DO UPDATE SET basis = EXCLUDED.basis, reconciled = EXCLUDED.reconciled`,
    [code, isoDay(day), basis, JSON.stringify(reconciled), epoch],
  );
}

/** Forgets every kept day of an establishment before `before` (days no window will read again). */
export async function forgetCountDaysBefore(db: Queryable, code: string, before: Date): Promise<void> {
  await db.query('DELETE FROM roll_count_days WHERE establishment = $1 AND day < $2::date', [
    code,
    before.toISOString().slice(0, 10),
  ]);
}
