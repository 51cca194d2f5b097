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

/**
 * The kinds of event on each kind of person's timeline, in the order a filter lists them, each with the
 * words for several of them ("Showing calls and visits").
 */
export const TIMELINE_KINDS = {
  staff: {
    Shift: 'shifts',
    Presence: 'presence',
    'Record look-up': 'record look-ups',
    'Probation contact': 'probation contacts',
    Declaration: 'declarations',
  },
  prisoner: {
    Cell: 'cell allocations',
    Movement: 'movements',
    Presence: 'presence',
    Call: 'calls',
    Visit: 'visits',
    Letter: 'letters',
    Money: 'money',
    Find: 'finds',
    'Record looked up': 'record look-ups',
    Intelligence: 'intelligence',
  },
  pop: {
    Contact: 'contacts',
    'Licence condition': 'licence conditions',
    'Record looked up': 'record look-ups',
  },
} as const satisfies Record<PersonKind, Record<string, string>>;

type TimelineKind<P extends PersonKind> = keyof (typeof TIMELINE_KINDS)[P] & string;

/** One source of events: its kind, and a SELECT giving (at, kind, summary, staff_id, subjects). */
interface Source {
  kind: string;
  sql: string;
}

/**
 * Writes a person kind's sources: `source(kind, at, rest)` is `SELECT at, 'kind', rest`, the kind being
 * one of TIMELINE_KINDS (so the filter's list and the events cannot disagree).
 */
const sourcesOf =
  <P extends PersonKind>(_person: P) =>
  (kind: TimelineKind<P>, at: string, rest: string): Source => ({
    kind,
    sql: `SELECT ${at}, '${kind}', ${rest}`,
  });

const minutes = (from: string, to: string): string =>
  `round(extract(epoch FROM ${to} - ${from}) / 60)::int || ' min'`;

/**
 * Every source of events about a person. $1 is the person's identifier. Intelligence is included only
 * with the scope the viewer reads it in.
 */
function sources(kind: PersonKind, params: unknown[], opts: TimelineSources): Source[] {
  if (kind === 'staff') {
    const source = sourcesOf(kind);
    const parts = [
      source(
        'Shift',
        'start_at',
        `post || ' at ' || establishment || ' (' || kind || '), ' || ${minutes('start_at', 'end_at')}, NULL, NULL::text[]
       FROM rosters WHERE staff_id = $1`,
      ),
      source(
        'Presence',
        'start_at',
        `'At ' || location || ' for ' || ${minutes('start_at', 'end_at')} || ' (' || source || ')', NULL, NULL::text[]
       FROM presence WHERE subject_type = 'staff' AND subject_id = $1`,
      ),
      source(
        'Record look-up',
        'at',
        `action || ' ' || record || ' of ' || subject || ' in ' || system, NULL, NULL::text[]
       FROM record_access WHERE staff_id = $1`,
      ),
      source(
        'Probation contact',
        'start_at',
        `replace(kind, '_', ' ') || ' with ' || crn, NULL, NULL::text[] FROM probation_contacts WHERE staff_id = $1`,
      ),
    ];
    // A declaration names the people a member of staff is connected to: not shown while they are masked.
    if (!opts.masked) {
      parts.push(
        source(
          'Declaration',
          'declared_at',
          `kind || ': ' || details || ' (' || decision || ')', NULL, NULL::text[] FROM declarations WHERE staff_id = $1`,
        ),
      );
    }
    return parts;
  }
  if (kind === 'prisoner') {
    const source = sourcesOf(kind);
    const parts = [
      source(
        'Cell',
        'from_at',
        `'Allocated to ' || location, NULL, NULL::text[] FROM cell_allocations WHERE prison_number = $1`,
      ),
      source(
        'Movement',
        'at',
        `reason || ': ' || coalesce(from_location, '—') || ' to ' || coalesce(to_location, '—'), NULL, NULL::text[]
       FROM movements WHERE prison_number = $1`,
      ),
      source(
        'Presence',
        'start_at',
        `'At ' || location || ' for ' || ${minutes('start_at', 'end_at')} || ' (' || source || ')', NULL, NULL::text[]
       FROM presence WHERE subject_type = 'prisoner' AND subject_id = $1`,
      ),
      source(
        'Call',
        'start_at',
        `'To ' || number || ', ' || duration_seconds || ' s', NULL, NULL::text[] FROM calls WHERE prison_number = $1`,
      ),
      source(
        'Visit',
        'start_at',
        `visitor_name || ' (' || relationship || ')', NULL, NULL::text[] FROM visits WHERE prison_number = $1`,
      ),
      source(
        'Letter',
        'at',
        `direction || ': ' || correspondent_name, NULL, NULL::text[] FROM correspondence WHERE prison_number = $1`,
      ),
      source(
        'Money',
        'at',
        `'£' || to_char(amount_pence / 100.0, 'FM999990.00') || ' from ' || sender_name, NULL, NULL::text[]
       FROM money WHERE prison_number = $1`,
      ),
      source(
        'Find',
        'at',
        `item || ' in ' || location || ' (' || search || ' search)', NULL, NULL::text[] FROM finds WHERE prison_number = $1`,
      ),
      source(
        'Record looked up',
        'at',
        `action || ' ' || record || ' in ' || system, staff_id, NULL::text[] FROM record_access WHERE subject = 'prisoner:' || $1`,
      ),
    ];
    if (opts.intelligence) {
      const scope = opts.intelligence;
      const inScope = unitCondition(scope.establishments, 'establishment', params);
      if (inScope) {
        params.push(scope.excludeSubject ?? '');
        parts.push(
          source(
            'Intelligence',
            'submitted_at',
            `report_id || coalesce(' graded ' || source_evaluation || intelligence_assessment || handling_code, ' (not graded yet)')
              || coalesce(' [handling conditions: ' || handling_conditions || ']', '') || ': ' || text, NULL, subjects
          FROM intelligence WHERE ('prisoner:' || $1) = ANY(subjects) AND ${inScope}
            AND NOT ($${params.length} = ANY(subjects))`,
          ),
        );
      }
    }
    return parts;
  }
  const source = sourcesOf(kind);
  return [
    source(
      'Contact',
      'start_at',
      `replace(kind, '_', ' ') || coalesce(': ' || outcome, ''), staff_id, NULL::text[] FROM probation_contacts WHERE crn = $1`,
    ),
    source(
      'Licence condition',
      'from_date::timestamptz',
      `code || ': ' || description, NULL, NULL::text[] FROM licence_conditions WHERE crn = $1`,
    ),
    source(
      'Record looked up',
      'at',
      `action || ' ' || record || ' in ' || system, staff_id, NULL::text[] FROM record_access WHERE subject = 'pop:' || $1`,
    ),
  ];
}

/**
 * The kinds of event a timeline can hold with these options: a masked member of staff's has no
 * declarations, and intelligence is there only for a viewer who reads it.
 */
export const timelineKindsFor = (kind: PersonKind, opts: TimelineSources): string[] =>
  sources(kind, [], opts).map((s) => s.kind);

/** What to keep of a timeline: some kinds of event (all when none), from and before instants. */
export interface TimelineRowFilter {
  kinds: readonly string[];
  from?: Date | undefined;
  /** Exclusive: the first instant not shown. */
  before?: Date | undefined;
}

/**
 * One page of the events about a person that pass the filter, newest first; `limit` + 1 rows tell
 * whether there are more. The filter applies to the whole union, before the page is cut from it.
 */
export async function timelineRows(
  db: Queryable,
  kind: PersonKind,
  id: string,
  opts: TimelineSources,
  filter: TimelineRowFilter,
  limit: number,
  offset: number,
): Promise<TimelineRow[]> {
  const params: unknown[] = [id];
  const union = sources(kind, params, opts)
    .map((s) => s.sql)
    .join('\n UNION ALL ');
  const conditions: string[] = [];
  if (filter.kinds.length) {
    params.push([...filter.kinds]);
    conditions.push(`kind = ANY($${params.length}::text[])`);
  }
  if (filter.from) {
    params.push(filter.from.toISOString());
    conditions.push(`at >= $${params.length}::timestamptz`);
  }
  if (filter.before) {
    params.push(filter.before.toISOString());
    conditions.push(`at < $${params.length}::timestamptz`);
  }
  params.push(limit, offset);
  const { rows } = await db.query<{
    at: Date | string;
    kind: string;
    summary: string;
    staff_id: string | null;
    subjects: string[] | null;
  }>(
    `SELECT at, kind, summary, staff_id, subjects FROM (${union}) AS t (at, kind, summary, staff_id, subjects)
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
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
