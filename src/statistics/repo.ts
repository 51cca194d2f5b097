/** Data access for the misconduct figures: cases (imported and probity's own) and the staff in post. */
import type { Queryable } from '../db/index.ts';
import type { ConductRecord, StaffSpan } from './definitions.ts';

/**
 * Every case, member of staff and allegation: the imported `conduct_cases` and probity's own cases alike,
 * a probity case's disciplinary outcome being the latest one decided for that member of staff (a case
 * with none is pending) and its police outcome the furthest one reached. Leaves out every case about
 * `staffId` (a figure that moved when their own case opened would tell them of it).
 */
export async function conductRecords(q: Queryable, staffId: string | null): Promise<ConductRecord[]> {
  const { rows } = await q.query<ConductRecord>(
    `SELECT staff_id AS "staffId", opened::text AS opened, allegation, outcome,
            outcome_date::text AS "outcomeDate", coalesce(police, 'none') AS police,
            'imported' AS source
     FROM conduct_cases WHERE staff_id IS DISTINCT FROM $1::text
     UNION ALL
     SELECT a.staff_id, (c.opened_at AT TIME ZONE 'Europe/London')::date::text, a.kind,
            CASE WHEN d.result IS NULL THEN 'pending'
                 WHEN d.result = 'left_before_outcome' THEN 'resigned_before_outcome' ELSE d.result END,
            d.decided_on::text,
            CASE WHEN p.result IS NULL THEN 'none' WHEN p.result = 'no_further_action' THEN 'referred'
                 ELSE p.result END,
            'probity'
     FROM cases c JOIN case_allegations a ON a.case_id = c.id
     LEFT JOIN LATERAL (
       SELECT o.result, o.decided_on FROM case_outcomes o
       WHERE o.case_id = c.id AND o.staff_id = a.staff_id AND o.track = 'disciplinary'
       ORDER BY o.decided_on DESC, o.id DESC LIMIT 1) d ON true
     LEFT JOIN LATERAL (
       SELECT o.result FROM case_outcomes o
       WHERE o.case_id = c.id AND o.staff_id = a.staff_id AND o.track = 'police'
       ORDER BY CASE o.result WHEN 'convicted' THEN 1 WHEN 'acquitted' THEN 2 WHEN 'charged' THEN 3 ELSE 4 END
       LIMIT 1) p ON true
     WHERE NOT EXISTS (
       SELECT 1 FROM case_subjects s WHERE s.case_id = c.id AND s.subject = 'staff:' || coalesce($1::text, ''))`,
    [staffId],
  );
  return rows;
}

/** Every member of staff, ever, with the kind of their establishment. */
export async function staffSpans(q: Queryable): Promise<StaffSpan[]> {
  const { rows } = await q.query<StaffSpan>(
    `SELECT s.staff_id AS "staffId", s.start_date::text AS start, s.end_date::text AS "end",
            s.establishment, s.role, e.kind
     FROM staff s JOIN establishments e ON e.code = s.establishment`,
  );
  return rows;
}

/** Establishments' names by code, for the breakdown's labels. */
export async function establishmentNames(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ code: string; name: string }>('SELECT code, name FROM establishments');
  return new Map(rows.map((r) => [r.code, r.name]));
}

export interface Commentary {
  commentary: string;
  writtenBy: string;
  writtenAt: Date;
}

/** A manager's commentary on an annual report, by its scope (a code, or `estate`) and year. */
export async function commentaryOf(
  q: Queryable,
  scope: string,
  year: string,
): Promise<Commentary | undefined> {
  const { rows } = await q.query<Commentary>(
    `SELECT commentary, written_by AS "writtenBy", written_at AS "writtenAt"
     FROM annual_report_commentary WHERE scope = $1 AND year = $2`,
    [scope, year],
  );
  return rows[0];
}

export async function saveCommentaryRow(
  q: Queryable,
  scope: string,
  year: string,
  commentary: string,
  by: string,
): Promise<void> {
  await q.query(
    `INSERT INTO annual_report_commentary (scope, year, commentary, written_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, year) DO UPDATE SET commentary = $3, written_by = $4, written_at = now()`,
    [scope, year, commentary, by],
  );
}
