/** Data access for labelling references: names of people, and what identifies masked staff in free text. */
import type { Queryable } from '../db/index.ts';

/** Names of the staff, prisoners and people on probation among the ids given, keyed `kind:id`. */
export async function namesOf(
  db: Queryable,
  ids: { staff: string[]; prisoner: string[]; pop: string[] },
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ kind: string; id: string; name: string }>(
    `SELECT 'staff' AS kind, staff_id AS id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)
     UNION ALL SELECT 'prisoner', prison_number, first_name || ' ' || last_name FROM prisoners WHERE prison_number = ANY($2)
     UNION ALL SELECT 'pop', crn, first_name || ' ' || last_name FROM people_on_probation WHERE crn = ANY($3)`,
    [ids.staff, ids.prisoner, ids.pop],
  );
  return new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.name]));
}

export interface StaffIdentifier {
  staffId: string;
  /** `phone`, `address`, … or `name` for the normalised name. */
  kind: string;
  value: string;
  valueNorm: string;
}

/** The identifiers of members of staff, as recorded and as normalised, and their normalised names. */
export async function identifiersOf(db: Queryable, staffIds: readonly string[]): Promise<StaffIdentifier[]> {
  const { rows } = await db.query<{ staff_id: string; kind: string; value: string; value_norm: string }>(
    `SELECT staff_id, kind, value, value_norm FROM staff_identifiers WHERE staff_id = ANY($1)
     UNION ALL SELECT staff_id, 'name', name_norm, name_norm FROM staff WHERE staff_id = ANY($1)`,
    [staffIds],
  );
  return rows.map((r) => ({ staffId: r.staff_id, kind: r.kind, value: r.value, valueNorm: r.value_norm }));
}
