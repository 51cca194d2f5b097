/** Searching the audit trail, for auditors: filters checked and turned into SQL here, in the data layer. */
import type { Queryable } from '../db/index.ts';

export interface AuditFilters {
  actor?: string;
  action?: string;
  subject?: string;
  from?: string;
  to?: string;
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  purpose: string | null;
  details: string;
}

export class AuditFilterError extends Error {
  constructor(
    readonly field: keyof AuditFilters,
    message: string,
  ) {
    super(message);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads filters from a query string, refusing a malformed date with the field it came from. */
export function parseAuditFilters(q: Record<string, unknown>): AuditFilters {
  const f: AuditFilters = {};
  for (const key of ['actor', 'action', 'subject', 'from', 'to'] as const) {
    const v = typeof q[key] === 'string' ? (q[key] as string).trim().slice(0, 200) : '';
    if (v) f[key] = v;
  }
  for (const key of ['from', 'to'] as const) {
    const v = f[key];
    if (v && (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      throw new AuditFilterError(
        key,
        `Enter the ${key === 'from' ? 'first' : 'last'} day as YYYY-MM-DD, for example 2024-03-01`,
      );
    }
  }
  return f;
}

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
  if (f.action) add('action ILIKE ?', `${f.action}%`);
  if (f.subject) add("coalesce(subject_type || ':' || subject_id, '') ILIKE ?", `%${f.subject}%`);
  if (f.from) add("at >= (?::date)::timestamp AT TIME ZONE 'Europe/London'", f.from);
  if (f.to) add("at < ((?::date + 1)::timestamp AT TIME ZONE 'Europe/London')", f.to);
  return conds.length ? `WHERE ${conds.join(' AND ')}` : '';
}

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
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::text, at, actor, action, subject_type, subject_id, purpose, details::text AS details
     FROM audit_log ${w} ORDER BY id DESC LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`,
    params,
  );
  return {
    total: count[0]!.n,
    rows: rows.map((r) => ({
      id: r.id as string,
      at: new Date(r.at as string).toISOString(),
      actor: r.actor as string,
      action: r.action as string,
      subjectType: r.subject_type as string | null,
      subjectId: r.subject_id as string | null,
      purpose: r.purpose as string | null,
      details: r.details as string,
    })),
  };
}
