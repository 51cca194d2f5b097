/** The audit trail's search in SQL: the filters (checked in search.ts) and the subject rule as conditions. */
import type { Queryable } from '../db/index.ts';
import type { AuditFilters, AuditRow } from './search.ts';

/**
 * The subject rule, for auditors too: an auditor with a staff record never sees an entry about
 * themselves: one whose subject is their record, a case, alert or intelligence report about them, or
 * whose reason or details name their staff number.
 */
function notAbout(staffId: string, params: unknown[]): string {
  params.push(staffId);
  const me = `$${params.length}`;
  params.push(`\\m${staffId.replace(/[^A-Za-z0-9]/g, (c) => `\\${c}`)}\\M`);
  const word = `$${params.length}`;
  return `NOT (
    (subject_type = 'staff' AND subject_id = ${me})
    OR coalesce(purpose, '') ~ ${word}
    OR details::text ~ ${word}
    OR (subject_type = 'case' AND EXISTS (SELECT 1 FROM case_subjects cs
          WHERE cs.case_id::text = subject_id AND cs.subject = 'staff:' || ${me}))
    OR (subject_type = 'alert' AND EXISTS (SELECT 1 FROM alerts a WHERE a.id::text = subject_id AND a.staff_id = ${me}))
    OR (subject_type = 'intelligence' AND EXISTS (SELECT 1 FROM intelligence i
          WHERE i.report_id = subject_id AND 'staff:' || ${me} = ANY (i.subjects))))`;
}

function where(f: AuditFilters, params: unknown[], viewerStaffId: string | null): string {
  const conds: string[] = [];
  if (viewerStaffId) conds.push(notAbout(viewerStaffId, params));
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conds.push(sql.replace('?', `$${params.length}`));
  };
  if (f.actor) add('actor ILIKE ?', `%${f.actor}%`);
  if (f.action) add('action ILIKE ?', `%${f.action}%`);
  if (f.subject) add("coalesce(subject_type || ':' || subject_id, '') ILIKE ?", `%${f.subject}%`);
  if (f.from) add("at >= (?::date)::timestamp AT TIME ZONE 'Europe/London'", f.from);
  if (f.to) add("at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/London')", f.to);
  return conds.length ? `WHERE ${conds.join(' AND ')}` : '';
}

/** A page of the entries that match, newest first, and how many match in all. */
export async function searchAudit(
  db: Queryable,
  f: AuditFilters,
  page: { limit: number; offset: number },
  viewerStaffId: string | null,
): Promise<{ rows: AuditRow[]; total: number }> {
  const params: unknown[] = [];
  const w = where(f, params, viewerStaffId);
  const { rows: count } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log ${w}`,
    params,
  );
  const { rows } = await db.query<Omit<AuditRow, 'at'> & { at: Date }>(
    `SELECT id::text, at, actor, action, subject_type AS "subjectType", subject_id AS "subjectId", purpose,
       details::text AS details
     FROM audit_log ${w} ORDER BY id DESC LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`,
    params,
  );
  return { total: count[0]!.n, rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}
