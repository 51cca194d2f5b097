/** Searching the audit trail, for auditors: the filters, checked here; search-repo.ts turns them into SQL. */

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
