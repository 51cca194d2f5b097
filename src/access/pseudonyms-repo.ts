/** Pseudonyms, subjects and who unmasked whom, as rows (pseudonyms.ts keeps the rules). */
import type { Queryable } from '../db/index.ts';

/** Of the given staff, those who are subjects (and so masked for anyone who has not unmasked them). */
export async function subjectsAmong(db: Queryable, staffIds: readonly string[]): Promise<Set<string>> {
  if (staffIds.length === 0) return new Set();
  const { rows } = await db.query<{ staffId: string }>(
    'SELECT staff_id AS "staffId" FROM staff_subjects WHERE staff_id = ANY($1)',
    [staffIds],
  );
  return new Set(rows.map((r) => r.staffId));
}

/** The pseudonyms the given staff already have. */
export async function selectPseudonyms(
  db: Queryable,
  staffIds: readonly string[],
): Promise<{ staffId: string; pseudonym: string }[]> {
  const { rows } = await db.query<{ staffId: string; pseudonym: string }>(
    'SELECT staff_id AS "staffId", pseudonym FROM pseudonyms WHERE staff_id = ANY($1)',
    [staffIds],
  );
  return rows;
}

/** Gives a member of staff a pseudonym; inserts nothing when they have one, or another has this one. */
export async function insertPseudonym(db: Queryable, staffId: string, pseudonym: string): Promise<void> {
  await db.query('INSERT INTO pseudonyms (staff_id, pseudonym) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    staffId,
    pseudonym,
  ]);
}

export async function staffIdOfPseudonym(db: Queryable, pseudonym: string): Promise<string | undefined> {
  const { rows } = await db.query<{ staffId: string }>(
    'SELECT staff_id AS "staffId" FROM pseudonyms WHERE pseudonym = $1',
    [pseudonym],
  );
  return rows[0]?.staffId;
}

/** Of the given staff, those whom `username` has unmasked. */
export async function unmaskedBy(
  db: Queryable,
  username: string,
  staffIds: readonly string[],
): Promise<Set<string>> {
  if (staffIds.length === 0) return new Set();
  const { rows } = await db.query<{ staffId: string }>(
    'SELECT staff_id AS "staffId" FROM unmasked_subjects WHERE username = $1 AND staff_id = ANY($2)',
    [username, staffIds],
  );
  return new Set(rows.map((r) => r.staffId));
}

/** Records an unmasking; a second one of the same subject by the same user keeps the first reason. */
export async function insertUnmasking(
  tx: Queryable,
  username: string,
  staffId: string,
  reason: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO unmasked_subjects (username, staff_id, reason) VALUES ($1, $2, $3)
     ON CONFLICT (username, staff_id) DO NOTHING`,
    [username, staffId, reason],
  );
}

/**
 * Of the given staff, the subjects masked to `username` (not unmasked by them, and not their own staff
 * record), each with their pseudonym or null when they have none yet: one query, as a page view makes
 * several such calls.
 */
export async function maskedTo(
  db: Queryable,
  username: string,
  staffIds: readonly string[],
): Promise<{ staffId: string; pseudonym: string | null }[]> {
  const { rows } = await db.query<{ staffId: string; pseudonym: string | null }>(
    `SELECT s.staff_id AS "staffId", p.pseudonym
     FROM unnest($1::text[]) AS s (staff_id)
     LEFT JOIN pseudonyms p ON p.staff_id = s.staff_id
     WHERE EXISTS (SELECT 1 FROM staff_subjects ss WHERE ss.staff_id = s.staff_id)
       AND NOT EXISTS (SELECT 1 FROM unmasked_subjects u WHERE u.username = $2 AND u.staff_id = s.staff_id)
       AND NOT EXISTS (SELECT 1 FROM users v WHERE v.username = $2 AND v.staff_id = s.staff_id)`,
    [staffIds, username],
  );
  return rows;
}
