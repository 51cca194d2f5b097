/** Data access for restrictions on subjects, outcomes per allegation, and the figures built on them. */
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

export interface YearCounts {
  year: number;
  investigated: number;
  dismissals: number;
  convictions: number;
}

/** Staff investigated, dismissed and convicted by year a case opened, leaving out cases naming `excludeSubject`. */
export async function countsByYear(q: Queryable, excludeSubject: string): Promise<YearCounts[]> {
  const { rows } = await q.query<YearCounts>(
    `SELECT extract(year FROM c.opened_at)::int AS year,
            count(DISTINCT a.staff_id)::int AS investigated,
            count(DISTINCT o.staff_id) FILTER (WHERE o.result = 'dismissal')::int AS dismissals,
            count(DISTINCT o.staff_id) FILTER (WHERE o.result = 'convicted')::int AS convictions
     FROM cases c JOIN case_allegations a ON a.case_id = c.id LEFT JOIN case_outcomes o ON o.case_id = c.id
     WHERE NOT EXISTS (SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND s.subject = $1)
     GROUP BY 1 ORDER BY 1`,
    [excludeSubject],
  );
  return rows;
}

/** Staff in post now or at some time in the last year. */
export async function staffInPostLastYear(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM staff WHERE end_date IS NULL OR end_date >= current_date - 365`,
  );
  return rows[0]?.n ?? 0;
}
