/** What "who was there" reads: a location, the facts of presence around it, and people's names. */
import type { Queryable } from '../db/index.ts';

export async function locationByCode(
  db: Queryable,
  code: string,
): Promise<{ code: string; description: string | null; establishment: string } | undefined> {
  const { rows } = await db.query<{ code: string; description: string | null; establishment: string }>(
    'SELECT code, description, establishment FROM locations WHERE code = $1',
    [code],
  );
  return rows[0];
}

/** One fact of someone's presence: where, from what source, and when (`to` null while it lasts). */
export interface PresenceFact {
  kind: 'staff' | 'prisoner';
  id: string;
  source: string;
  location: string;
  from: Date | string;
  to: Date | string | null;
}

/**
 * Everyone placed in the location or anywhere inside it during [from, to), by presence records, cell
 * allocations and movements; and rostered to it, inside it or to what contains it (a roster to a wing
 * puts its officer on every landing). In order of kind, id and start.
 */
export async function presenceFacts(
  db: Queryable,
  location: string,
  from: Date,
  to: Date,
): Promise<PresenceFact[]> {
  const tree = `WITH RECURSIVE inside AS (
      SELECT code FROM locations WHERE code = $3
      UNION SELECT l.code FROM locations l JOIN inside i ON l.parent = i.code),
    above AS (
      SELECT code, parent FROM locations WHERE code = $3
      UNION SELECT l.code, l.parent FROM locations l JOIN above a ON l.code = a.parent)`;
  const { rows } = await db.query<PresenceFact>(
    `${tree}
     SELECT subject_type AS kind, subject_id AS id, source, location, start_at AS "from", end_at AS "to"
       FROM presence WHERE location IN (SELECT code FROM inside) AND start_at < $2 AND end_at > $1
     UNION ALL
     SELECT 'staff', staff_id, 'roster', post, start_at, end_at
       FROM rosters WHERE post IN (SELECT code FROM inside UNION SELECT code FROM above) AND start_at < $2 AND end_at > $1
     UNION ALL
     SELECT 'prisoner', prison_number, 'allocation', location, from_at, to_at
       FROM cell_allocations WHERE location IN (SELECT code FROM inside) AND from_at < $2 AND (to_at IS NULL OR to_at > $1)
     UNION ALL
     SELECT 'prisoner', prison_number, 'moved', coalesce(to_location, from_location), at, NULL
       FROM movements WHERE (to_location IN (SELECT code FROM inside) OR from_location IN (SELECT code FROM inside))
         AND at >= $1 AND at < $2
     ORDER BY 1, 2, 5`,
    [from, to, location],
  );
  return rows;
}

/** The full names of the given staff and prisoners. */
export async function namesOf(
  db: Queryable,
  staffIds: readonly string[],
  prisonerIds: readonly string[],
): Promise<{ kind: 'staff' | 'prisoner'; id: string; name: string }[]> {
  const { rows } = await db.query<{ kind: 'staff' | 'prisoner'; id: string; name: string }>(
    `SELECT 'staff' AS kind, staff_id AS id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)
     UNION ALL SELECT 'prisoner', prison_number, first_name || ' ' || last_name FROM prisoners WHERE prison_number = ANY($2)`,
    [staffIds, prisonerIds],
  );
  return rows;
}
