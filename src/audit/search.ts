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

/** Words for a details key written as code (`caseRef`, `staff_id`). */
const words = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();

function readable(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.map(readable).join(', ') : 'none';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${words(k)} ${readable(v)}`)
      .join(', ');
  return String(value as string | number | boolean);
}

/**
 * An entry's details (JSON) as lines a person reads: `{"filters":{"action":"sign-in"},"results":3}`
 * becomes "filters: action sign-in" and "results: 3". Anything that is not a JSON object is shown as is.
 */
export function readableDetails(details: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details ? [details] : [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [readable(parsed)];
  return Object.entries(parsed as Record<string, unknown>).map(([k, v]) => `${words(k)}: ${readable(v)}`);
}
