/** A person's timeline: what was imported about them, newest first, a page at a time. */
import { can, intelligenceScope, type PersonKind, type Principal } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { viewRefs } from './refs.ts';
import { unitCondition } from './scope-sql.ts';

export interface TimelineEvent {
  at: string;
  kind: string;
  summary: string;
  /** A member of staff the event involves, as the viewer may see them. */
  staff?: { label: string; href: string };
}

export interface TimelinePage {
  events: TimelineEvent[];
  page: number;
  hasMore: boolean;
}

export const TIMELINE_PAGE_SIZE = 50;

const minutes = (from: string, to: string): string =>
  `round(extract(epoch FROM ${to} - ${from}) / 60)::int || ' min'`;

/** One SELECT per source of events, each giving (at, kind, summary, staff_id). $1 is the person's identifier. */
function sources(kind: PersonKind, viewer: Principal, params: unknown[], masked: boolean): string[] {
  if (kind === 'staff') {
    const parts = [
      `SELECT start_at, 'Shift', post || ' at ' || establishment || ' (' || kind || '), ' || ${minutes('start_at', 'end_at')}, NULL, NULL::text[]
       FROM rosters WHERE staff_id = $1`,
      `SELECT start_at, 'Presence', 'At ' || location || ' for ' || ${minutes('start_at', 'end_at')} || ' (' || source || ')', NULL, NULL::text[]
       FROM presence WHERE subject_type = 'staff' AND subject_id = $1`,
      `SELECT at, 'Record look-up', action || ' ' || record || ' of ' || subject || ' in ' || system, NULL, NULL::text[]
       FROM record_access WHERE staff_id = $1`,
      `SELECT start_at, 'Probation contact', replace(kind, '_', ' ') || ' with ' || crn, NULL, NULL::text[]
       FROM probation_contacts WHERE staff_id = $1`,
    ];
    // A declaration names the people a member of staff is connected to: not shown while they are masked.
    if (!masked) {
      parts.push(`SELECT declared_at, 'Declaration', kind || ': ' || details || ' (' || decision || ')', NULL, NULL::text[]
       FROM declarations WHERE staff_id = $1`);
    }
    return parts;
  }
  if (kind === 'prisoner') {
    const parts = [
      `SELECT from_at, 'Cell', 'Allocated to ' || location, NULL, NULL::text[] FROM cell_allocations WHERE prison_number = $1`,
      `SELECT at, 'Movement', reason || ': ' || coalesce(from_location, '—') || ' to ' || coalesce(to_location, '—'), NULL, NULL::text[]
       FROM movements WHERE prison_number = $1`,
      `SELECT start_at, 'Presence', 'At ' || location || ' for ' || ${minutes('start_at', 'end_at')} || ' (' || source || ')', NULL, NULL::text[]
       FROM presence WHERE subject_type = 'prisoner' AND subject_id = $1`,
      `SELECT start_at, 'Call', 'To ' || number || ', ' || duration_seconds || ' s', NULL, NULL::text[] FROM calls WHERE prison_number = $1`,
      `SELECT start_at, 'Visit', visitor_name || ' (' || relationship || ')', NULL, NULL::text[] FROM visits WHERE prison_number = $1`,
      `SELECT at, 'Letter', direction || ': ' || correspondent_name, NULL, NULL::text[] FROM correspondence WHERE prison_number = $1`,
      `SELECT at, 'Money', '£' || to_char(amount_pence / 100.0, 'FM999990.00') || ' from ' || sender_name, NULL, NULL::text[]
       FROM money WHERE prison_number = $1`,
      `SELECT at, 'Find', item || ' in ' || location || ' (' || search || ' search)', NULL, NULL::text[] FROM finds WHERE prison_number = $1`,
      `SELECT at, 'Record looked up', action || ' ' || record || ' in ' || system, staff_id, NULL::text[]
       FROM record_access WHERE subject = 'prisoner:' || $1`,
    ];
    if (can(viewer, 'intelligence.read')) {
      const scope = intelligenceScope(viewer);
      const inScope = unitCondition(scope.establishments, 'establishment', params);
      if (inScope) {
        params.push(scope.excludeSubject ?? '');
        parts.push(`SELECT submitted_at, 'Intelligence',
            report_id || coalesce(' graded ' || source_evaluation || intelligence_assessment || handling_code, ' (not graded yet)')
              || coalesce(' [handling conditions: ' || handling_conditions || ']', '') || ': ' || text, NULL, subjects
          FROM intelligence WHERE ('prisoner:' || $1) = ANY(subjects) AND ${inScope}
            AND NOT ($${params.length} = ANY(subjects))`);
      }
    }
    return parts;
  }
  return [
    `SELECT start_at, 'Contact', replace(kind, '_', ' ') || coalesce(': ' || outcome, ''), staff_id, NULL::text[]
     FROM probation_contacts WHERE crn = $1`,
    `SELECT from_date::timestamptz, 'Licence condition', code || ': ' || description, NULL, NULL::text[]
     FROM licence_conditions WHERE crn = $1`,
    `SELECT at, 'Record looked up', action || ' ' || record || ' in ' || system, staff_id, NULL::text[]
     FROM record_access WHERE subject = 'pop:' || $1`,
  ];
}

export async function timelineOf(
  db: Queryable,
  viewer: Principal,
  kind: PersonKind,
  id: string,
  page: number,
  opts: { masked?: boolean } = {},
): Promise<TimelinePage> {
  const params: unknown[] = [id];
  const union = sources(kind, viewer, params, opts.masked ?? false).join('\n UNION ALL ');
  params.push(TIMELINE_PAGE_SIZE + 1, (page - 1) * TIMELINE_PAGE_SIZE);
  const { rows } = await db.query<{
    at: Date | string;
    kind: string;
    summary: string;
    staff_id: string | null;
    subjects: string[] | null;
  }>(
    `SELECT at, kind, summary, staff_id, subjects FROM (${union}) AS t (at, kind, summary, staff_id, subjects)
     ORDER BY at DESC, kind, summary
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const shown = rows.slice(0, TIMELINE_PAGE_SIZE);
  // Staff an event involves, and staff named as subjects of intelligence (masked in its text).
  const refs = await viewRefs(db, viewer, [
    ...shown.filter((r) => r.staff_id).map((r) => `staff:${r.staff_id}`),
    ...shown.flatMap((r) => (r.subjects ?? []).filter((x) => x.startsWith('staff:'))),
  ]);
  return {
    page,
    hasMore: rows.length > TIMELINE_PAGE_SIZE,
    events: shown.map((r) => {
      const label = r.staff_id ? refs.labels.get(`staff:${r.staff_id}`) : undefined;
      const event: TimelineEvent = {
        at: new Date(r.at).toISOString(),
        kind: r.kind,
        summary: r.subjects ? refs.mask(r.summary) : r.summary,
      };
      if (label?.href) event.staff = { label: label.label, href: label.href };
      return event;
    }),
  };
}
