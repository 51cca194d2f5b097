/** The records a report's subjects are matched against: staff, prisoners and people on probation. */
import type { Queryable } from '../db/index.ts';

/** References (`staff:ID`, `prisoner:…`, `pop:…`) of records with this folded name; at most two. */
export async function refsNamed(db: Queryable, nameNorm: string): Promise<string[]> {
  const { rows } = await db.query<{ ref: string }>(
    `SELECT 'staff:' || staff_id AS ref FROM staff WHERE name_norm = $1
     UNION ALL SELECT 'prisoner:' || prison_number FROM prisoners WHERE name_norm = $1
     UNION ALL SELECT 'pop:' || crn FROM people_on_probation WHERE name_norm = $1
     LIMIT 2`,
    [nameNorm],
  );
  return rows.map((r) => r.ref);
}

const RECORD_EXISTS = {
  prisoner: 'SELECT 1 FROM prisoners WHERE prison_number = $1',
  staff: 'SELECT 1 FROM staff WHERE staff_id = $1',
  pop: 'SELECT 1 FROM people_on_probation WHERE crn = $1',
} as const;

/** Whether a prisoner, member of staff or person on probation has this identifier. */
export async function recordExists(
  db: Queryable,
  kind: keyof typeof RECORD_EXISTS,
  id: string,
): Promise<boolean> {
  return (await db.query(RECORD_EXISTS[kind], [id])).rows.length > 0;
}

/** Every record of an establishment (or probation region) with its folded name. */
export async function namedRecordsOf(
  db: Queryable,
  establishment: string,
): Promise<{ ref: string; name: string }[]> {
  const { rows } = await db.query<{ ref: string; name: string }>(
    `SELECT 'staff:' || staff_id AS ref, name_norm AS name FROM staff WHERE establishment = $1
     UNION ALL SELECT 'prisoner:' || prison_number, name_norm FROM prisoners WHERE establishment = $1
     UNION ALL SELECT 'pop:' || crn, name_norm FROM people_on_probation WHERE region = $1`,
    [establishment],
  );
  return rows;
}
