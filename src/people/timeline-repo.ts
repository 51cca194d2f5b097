/** Data access for a person's timeline: every source of events about them, newest first. */
import type { IntelligenceScope, PersonKind } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { unitCondition } from './scope-sql.ts';

export interface TimelineSources {
  /** Leave out what would identify a masked member of staff (their declarations). */
  masked: boolean;
  /** Intelligence naming the person, in the scope the viewer reads it; none when undefined. */
  intelligence?: IntelligenceScope | undefined;
}

export interface TimelineRow {
  at: string;
  kind: string;
  summary: string;
  /** A member of staff the event involves. */
  staffId: string | null;
  /** The subjects of an intelligence report, whose text may name them. */
  subjects: string[] | null;
}

const minutes = (from: string, to: string): string =>
  `round(extract(epoch FROM ${to} - ${from}) / 60)::int || ' min'`;

/**
 * One SELECT per source of events, each giving (at, kind, summary, staff_id, subjects). $1 is the person's
 * identifier. Intelligence is included only with the scope the viewer reads it in.
 */
function sources(kind: PersonKind, params: unknown[], opts: TimelineSources): string[] {
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
    if (!opts.masked) {
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
    if (opts.intelligence) {
      const scope = opts.intelligence;
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

/** One page of events about a person; `limit` + 1 rows tell whether there are more. */
export async function timelineRows(
  db: Queryable,
  kind: PersonKind,
  id: string,
  opts: TimelineSources,
  limit: number,
  offset: number,
): Promise<TimelineRow[]> {
  const params: unknown[] = [id];
  const union = sources(kind, params, opts).join('\n UNION ALL ');
  params.push(limit, offset);
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
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    summary: r.summary,
    staffId: r.staff_id,
    subjects: r.subjects,
  }));
}
