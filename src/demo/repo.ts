/** What the demo estate reads of the records (accounts.ts and index.ts keep the flow). */
import type { Queryable } from '../db/index.ts';

/** How many establishments (and probation regions) there are: none on an empty database. */
export async function establishmentCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM establishments');
  return rows[0]!.n;
}

/** The prisons and probation regions, in order of code. */
export async function prisonsAndRegions(db: Queryable): Promise<{ code: string; kind: string }[]> {
  const { rows } = await db.query<{ code: string; kind: string }>(
    `SELECT code, kind FROM establishments WHERE kind IN ('prison', 'probation_region') ORDER BY code`,
  );
  return rows;
}

/** The establishment's member of staff with the lowest staff number, if it has any. */
export async function firstStaffOf(
  db: Queryable,
  establishment: string,
  role?: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ staffId: string }>(
    `SELECT staff_id AS "staffId" FROM staff WHERE establishment = $1 AND ($2::text IS NULL OR role = $2)
      ORDER BY staff_id LIMIT 1`,
    [establishment, role ?? null],
  );
  return rows[0]?.staffId;
}
