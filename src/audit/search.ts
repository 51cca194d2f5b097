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

function where(f: AuditFilters, params: unknown[]): string {
  const conds: string[] = [];
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
): Promise<{ rows: AuditRow[]; total: number }> {
  const params: unknown[] = [];
  const w = where(f, params);
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
