/** Alerts' assignments as rows: who an alert is assigned to, changing it, and an analyst's count. */
import type { AlertScope } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { scoped } from './alerts-repo.ts';

/** What deciding an assignment needs to know of an alert. */
export interface AssignableAlert {
  id: number;
  establishment: string;
  staffId: string;
  assignee: string | null;
  assigneeName: string | null;
}

/**
 * The engine alerts among `ids` that the scope sees, each with its current assignee. With `lock`, inside
 * a transaction, the rows are locked until it ends: two analysts taking the same alert at once are
 * decided one after the other, the second seeing the first's assignment.
 */
export async function selectAssignable(
  db: Queryable,
  scope: AlertScope,
  ids: readonly number[],
  opts: { lock?: boolean } = {},
): Promise<AssignableAlert[]> {
  const params: unknown[] = [ids.filter((id) => Number.isSafeInteger(id)).map(String)];
  const inScope = scoped(scope, params);
  if (!inScope) return [];
  const { rows } = await db.query<Omit<AssignableAlert, 'id'> & { id: string }>(
    `SELECT a.id::text, a.establishment, a.staff_id AS "staffId", a.assignee, u.display_name AS "assigneeName"
     FROM alerts a LEFT JOIN users u ON u.username = a.assignee
     WHERE a.id = ANY($1::bigint[]) AND a.method = 'engine' AND ${inScope}
     ORDER BY a.id${opts.lock ? ' FOR UPDATE OF a' : ''}`,
    params,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Sets (or, with null, clears) an alert's assignee, with who did it and when. */
export async function updateAssignment(
  tx: Queryable,
  id: number,
  assignee: string | null,
  by: string,
): Promise<void> {
  await tx.query(
    `UPDATE alerts SET assignee = $2::text,
       assigned_by = CASE WHEN $2::text IS NULL THEN NULL ELSE $3 END,
       assigned_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END
     WHERE id = $1`,
    [id, assignee, by],
  );
}

/** How many raised engine alerts in scope awaiting review are assigned to `username`. */
export async function countAssigned(db: Queryable, scope: AlertScope, username: string): Promise<number> {
  const params: unknown[] = [username];
  const inScope = scoped(scope, params);
  if (!inScope) return 0;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM alerts a
     WHERE a.assignee = $1 AND a.method = 'engine' AND a.raised AND a.status = 'needs_review' AND ${inScope}`,
    params,
  );
  return rows[0]!.n;
}
