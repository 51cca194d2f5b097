/** Data access for changing a case after it was opened: its title, priority and allegations. */
import type { Queryable } from '../db/index.ts';

export interface AllegationRow {
  id: string;
  kind: string;
  staffId: string;
  /** Whether an outcome is recorded against it (it cannot then be withdrawn). */
  hasOutcome: boolean;
}

export async function allegationRows(q: Queryable, caseId: string): Promise<AllegationRow[]> {
  const { rows } = await q.query<AllegationRow>(
    `SELECT a.id::text, a.kind, a.staff_id AS "staffId",
       EXISTS (SELECT 1 FROM case_outcomes o WHERE o.allegation_id = a.id) AS "hasOutcome"
     FROM case_allegations a WHERE a.case_id = $1 ORDER BY a.id`,
    [caseId],
  );
  return rows;
}

export async function caseTitleAndPriority(
  q: Queryable,
  caseId: string,
): Promise<{ title: string; priority: string }> {
  const { rows } = await q.query<{ title: string; priority: string }>(
    'SELECT title, priority FROM cases WHERE id = $1',
    [caseId],
  );
  return rows[0]!;
}

export async function updateTitleAndPriority(
  tx: Queryable,
  caseId: string,
  title: string,
  priority: string,
): Promise<void> {
  await tx.query('UPDATE cases SET title = $2, priority = $3 WHERE id = $1', [caseId, title, priority]);
}

export async function insertAllegation(
  tx: Queryable,
  caseId: string,
  kind: string,
  staffId: string,
): Promise<void> {
  await tx.query('INSERT INTO case_allegations (case_id, kind, staff_id) VALUES ($1, $2, $3)', [
    caseId,
    kind,
    staffId,
  ]);
}

export async function deleteAllegation(tx: Queryable, allegationId: string): Promise<void> {
  await tx.query('DELETE FROM case_allegations WHERE id = $1', [allegationId]);
}
