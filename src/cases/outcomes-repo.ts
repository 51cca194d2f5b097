/** Data access for restrictions on subjects and outcomes per allegation. */
import type { Queryable } from '../db/index.ts';

export interface Restriction {
  staffId: string;
  kind: string;
  fromDate: string;
  toDate: string | null;
}

export interface Outcome {
  staffId: string;
  track: string;
  result: string;
  decidedOn: string;
}

export async function insertRestriction(tx: Queryable, caseId: string, r: Restriction): Promise<void> {
  await tx.query(
    'INSERT INTO case_restrictions (case_id, staff_id, kind, from_date, to_date) VALUES ($1, $2, $3, $4, $5)',
    [caseId, r.staffId, r.kind, r.fromDate, r.toDate],
  );
}

/** The id of the case's first allegation against a member of staff, if any. */
export async function firstAllegationAgainst(
  q: Queryable,
  caseId: string,
  staffId: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id::text FROM case_allegations WHERE case_id = $1 AND staff_id = $2 ORDER BY id LIMIT 1',
    [caseId, staffId],
  );
  return rows[0]?.id;
}

export async function insertOutcome(
  tx: Queryable,
  caseId: string,
  allegationId: string,
  o: Outcome,
): Promise<void> {
  await tx.query(
    'INSERT INTO case_outcomes (case_id, staff_id, allegation_id, track, result, decided_on) VALUES ($1, $2, $3, $4, $5, $6)',
    [caseId, o.staffId, allegationId, o.track, o.result, o.decidedOn],
  );
}

export async function restrictionsOf(q: Queryable, caseId: string): Promise<Restriction[]> {
  const { rows } = await q.query<{
    staff_id: string;
    kind: string;
    from_date: string;
    to_date: string | null;
  }>(
    'SELECT staff_id, kind, from_date::text, to_date::text FROM case_restrictions WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((r) => ({ staffId: r.staff_id, kind: r.kind, fromDate: r.from_date, toDate: r.to_date }));
}

export async function outcomesOf(q: Queryable, caseId: string): Promise<Outcome[]> {
  const { rows } = await q.query<{ staff_id: string; track: string; result: string; decided_on: string }>(
    'SELECT staff_id, track, result, decided_on::text FROM case_outcomes WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((o) => ({
    staffId: o.staff_id,
    track: o.track,
    result: o.result,
    decidedOn: o.decided_on,
  }));
}
