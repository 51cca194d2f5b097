/** Reads of the imported estate that pages need as lists: establishments, staff names, record counts. */
import { RECORD_TYPES } from '../dataset/index.ts';
import type { Queryable } from '../db/index.ts';

export interface Establishment {
  code: string;
  name: string;
}

/** Establishments a report can be about (every prison and probation region; not the CCU itself). */
export async function reportableEstablishments(db: Queryable): Promise<Establishment[]> {
  return (
    await db.query<Establishment>(`SELECT code, name FROM establishments WHERE kind <> 'ccu' ORDER BY name`)
  ).rows;
}

/** The kind (prison, probation_region, ccu…) of each of the given establishment codes that exists. */
export async function establishmentKinds(
  db: Queryable,
  codes: string[],
): Promise<{ code: string; kind: string }[]> {
  return (
    await db.query<{ code: string; kind: string }>(
      'SELECT code, kind FROM establishments WHERE code = ANY($1)',
      [codes],
    )
  ).rows;
}

/** A prison's time zone, or undefined when no prison has the code. */
export async function prisonTimezone(db: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await db.query<{ timezone: string }>(
    `SELECT timezone FROM establishments WHERE code = $1 AND kind = 'prison'`,
    [code],
  );
  return rows[0]?.timezone;
}

/** Full names of the given members of staff, for labelling (which may mask them). */
export async function staffNames(
  db: Queryable,
  staffIds: string[],
): Promise<{ staffId: string; name: string }[]> {
  const { rows } = await db.query<{ staff_id: string; name: string }>(
    `SELECT staff_id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)`,
    [staffIds],
  );
  return rows.map((r) => ({ staffId: r.staff_id, name: r.name }));
}

/** How many records of each record type are held, in the dataset format's order. */
export async function recordCounts(db: Queryable): Promise<{ table: string; count: number }[]> {
  const { rows } = await db.query<{ t: string; n: number }>(
    RECORD_TYPES.map((t) => `SELECT '${t.table}' AS t, count(*)::int AS n FROM ${t.table}`).join(
      ' UNION ALL ',
    ),
  );
  return rows.map((r) => ({ table: r.t, count: r.n }));
}

/** How many establishments of each kind are held. */
export async function establishmentsByKind(db: Queryable): Promise<{ kind: string; count: number }[]> {
  const { rows } = await db.query<{ kind: string; n: number }>(
    'SELECT kind, count(*)::int AS n FROM establishments GROUP BY kind ORDER BY kind',
  );
  return rows.map((r) => ({ kind: r.kind, count: r.n }));
}

export async function establishmentExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM establishments WHERE code = $1', [code])).rows.length > 0;
}
