/** Data access for what is done on a case: moves between stages, ownership, plan entries, denied access. */
import type { Queryable } from '../db/index.ts';
import type { Stage } from './lifecycle.ts';

/** Moves a case to a stage and logs the decision. */
export async function recordMove(
  tx: Queryable,
  m: {
    caseId: string;
    from: Stage;
    to: Stage;
    decision: string | null;
    reason: string;
    by: string;
    stageDueOn: string | null;
  },
): Promise<void> {
  await tx.query(
    `UPDATE cases SET stage = $2, assessment_decision = coalesce($3, assessment_decision), stage_due_on = coalesce($4::date, stage_due_on),
       closed_at = CASE WHEN $2 = 'closed' THEN now() END
     WHERE id = $1`,
    [m.caseId, m.to, m.decision, m.stageDueOn],
  );
  await tx.query(
    'INSERT INTO case_decisions (case_id, at, by, from_stage, to_stage, decision, reason) VALUES ($1, now(), $2, $3, $4, $5, $6)',
    [m.caseId, m.by, m.from, m.to, m.decision, m.reason],
  );
}

export async function recordOwnershipConfirmed(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('UPDATE cases SET owner_confirmed_at = now() WHERE id = $1', [caseId]);
}

export async function insertEntry(
  tx: Queryable,
  e: { caseId: string; kind: string; body: string; owner: string | null; dueOn: string | null; by: string },
): Promise<void> {
  await tx.query(
    'INSERT INTO case_entries (case_id, kind, body, owner, due_on, written_by, written_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
    [e.caseId, e.kind, e.body, e.owner, e.dueOn, e.by],
  );
}

/** Marks one of a case's open actions done on `day`; false when it is not an open action of that case. */
export async function markActionDone(
  tx: Queryable,
  caseId: string,
  entryId: number,
  day: string,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE case_entries SET done_on = $3
     WHERE case_id = $1 AND id = $2 AND kind = 'action' AND done_on IS NULL`,
    [caseId, entryId, day],
  );
  return rowCount === 1;
}

export async function insertDenied(tx: Queryable, caseId: string, username: string): Promise<void> {
  await tx.query('INSERT INTO case_denied (case_id, username) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    caseId,
    username,
  ]);
}
