/**
 * Intelligence reports as rows: the reader's scope as SQL (a report never reaches someone it names),
 * reads, and the writes of submission, grading and outcome.
 */
import { intelligenceScope, type Principal, type UnitFilter } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { unitCondition } from '../people/index.ts';
import type { Report, ReportStatus } from './labels.ts';

interface Row {
  report_id: string;
  establishment: string;
  submitted_at: Date | string;
  submitted_by: string | null;
  submitted_by_user: string | null;
  origin: 'import' | 'staff';
  status: ReportStatus;
  text: string;
  sanitised_text: string | null;
  subjects: string[];
  location_text: string | null;
  occurred_on: string | null;
  source_evaluation: string | null;
  intelligence_assessment: string | null;
  handling_code: string | null;
  handling_conditions: string | null;
  graded_by: string | null;
  outcome_note: string | null;
}

const COLUMNS = `report_id, establishment, submitted_at, submitted_by, submitted_by_user, origin, status, text, sanitised_text,
  subjects, location_text, occurred_on::text AS occurred_on, source_evaluation, intelligence_assessment, handling_code,
  handling_conditions, graded_by, outcome_note`;

const toReport = (r: Row): Report => ({
  id: r.report_id,
  establishment: r.establishment,
  submittedAt: new Date(r.submitted_at),
  submittedBy: r.submitted_by,
  submittedByUser: r.submitted_by_user,
  origin: r.origin,
  status: r.status,
  text: r.text,
  sanitisedText: r.sanitised_text,
  subjects: r.subjects,
  location: r.location_text,
  occurredOn: r.occurred_on,
  sourceEvaluation: r.source_evaluation,
  assessment: r.intelligence_assessment,
  handlingCode: r.handling_code,
  handlingConditions: r.handling_conditions,
  gradedBy: r.graded_by,
  outcomeNote: r.outcome_note,
});

/**
 * The reader's scope as SQL, or undefined when they may read no reports. `establishments` widens it for
 * aggregate counts (the statistics page); a report naming the reader stays out whatever it is.
 */
function scoped(
  viewer: Principal,
  params: unknown[],
  establishments: UnitFilter = intelligenceScope(viewer).establishments,
): string | undefined {
  const scope = intelligenceScope(viewer);
  const inScope = unitCondition(establishments, 'establishment', params);
  if (!inScope) return undefined;
  params.push(scope.excludeSubject ?? '');
  const self = `$${params.length}`;
  // A name typed as free text that no one has linked to a record yet counts as the viewer's when it
  // holds their surname: a report naming "Officer Ashdown" is never shown to an Ashdown.
  params.push(viewer.staffId ?? '');
  const me = `$${params.length}`;
  return `${inScope} AND NOT (${self} = ANY(subjects))
    AND NOT EXISTS (
      SELECT 1 FROM staff v, unnest(subjects) AS named (ref)
      WHERE v.staff_id = ${me} AND named.ref LIKE 'person:%'
        AND ' ' || regexp_replace(lower(replace(replace(substr(named.ref, 8), '''', ''), '’', '')), '[^a-z0-9]+', ' ', 'g') || ' '
            LIKE '% ' || regexp_replace(v.name_norm, '^.* ', '') || ' %')`;
}

export interface ReportFilters {
  status?: ReportStatus | 'all';
  q?: string;
  /** The staff member whose pseudonym the search text is, if it is one. */
  pseudonymOf?: string;
  /** Only reports naming this subject (`staff:…`, `prisoner:…`, `pop:…`). */
  subject?: string;
}

/** The filters as a condition on `intelligence`, or undefined when the viewer may read no reports. */
function reportWhere(viewer: Principal, filters: ReportFilters, params: unknown[]): string | undefined {
  const inScope = scoped(viewer, params);
  if (!inScope) return undefined;
  let where = inScope;
  if (filters.status && filters.status !== 'all') {
    params.push(filters.status);
    where += ` AND status = $${params.length}`;
  }
  if (filters.subject) {
    params.push(filters.subject);
    where += ` AND $${params.length} = ANY(subjects)`;
  }
  if (filters.q) {
    const q = filters.q.trim();
    params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const like = `$${params.length}`;
    // Staff subjects are matched by pseudonym only, never by staff number: a search for a number must
    // not tell who is a subject. A pseudonym finds the reports about its subject.
    params.push(filters.pseudonymOf ? `staff:${filters.pseudonymOf}` : '');
    where += ` AND (text ILIKE ${like} OR report_id ILIKE ${like}
      OR EXISTS (SELECT 1 FROM unnest(subjects) AS s (ref) WHERE s.ref NOT LIKE 'staff:%' AND s.ref ILIKE ${like})
      OR $${params.length} = ANY(subjects))`;
  }
  return where;
}

/** A page of the reports in the viewer's scope that match the filters, newest first. */
export async function selectReports(
  db: Queryable,
  viewer: Principal,
  filters: ReportFilters,
  page: { limit: number; offset: number } = { limit: 200, offset: 0 },
): Promise<Report[]> {
  const params: unknown[] = [];
  const where = reportWhere(viewer, filters, params);
  if (!where) return [];
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intelligence WHERE ${where} ORDER BY submitted_at DESC, report_id
     LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`,
    params,
  );
  return rows.map(toReport);
}

/** How many reports in the viewer's scope match the filters. */
export async function countReports(
  db: Queryable,
  viewer: Principal,
  filters: ReportFilters,
): Promise<number> {
  const params: unknown[] = [];
  const where = reportWhere(viewer, filters, params);
  if (!where) return 0;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM intelligence WHERE ${where}`,
    params,
  );
  return rows[0]!.n;
}

/** The reports a user submitted themselves. */
export async function selectOwnReports(db: Queryable, username: string): Promise<Report[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intelligence WHERE submitted_by_user = $1 ORDER BY submitted_at DESC`,
    [username],
  );
  return rows.map(toReport);
}

/** A report in the viewer's scope (`full`), or else one they submitted themselves (its text and status only). */
export async function selectReport(
  db: Queryable,
  viewer: Principal,
  id: string,
): Promise<{ report: Report; full: boolean } | undefined> {
  const params: unknown[] = [id];
  const inScope = scoped(viewer, params);
  if (inScope) {
    const { rows } = await db.query<Row>(
      `SELECT ${COLUMNS} FROM intelligence WHERE report_id = $1 AND ${inScope}`,
      params,
    );
    if (rows[0]) return { report: toReport(rows[0]), full: true };
  }
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intelligence WHERE report_id = $1 AND submitted_by_user = $2`,
    [id, viewer.username],
  );
  return rows[0] ? { report: toReport(rows[0]), full: false } : undefined;
}

export interface ReportInsert {
  establishment: string;
  staffId: string | null;
  username: string;
  text: string;
  subjects: string[];
  location: string | null;
  occurredOn: string | null;
}

/** Stores a staff member's report under the next IR-YYYY-NNNNNN number; returns the number. */
export async function insertReport(tx: Queryable, r: ReportInsert): Promise<string> {
  const { rows } = await tx.query<{ n: string }>("SELECT nextval('intelligence_report_number')::text AS n");
  const id = `IR-${new Date().getUTCFullYear()}-${rows[0]!.n.padStart(6, '0')}`;
  await tx.query(
    `INSERT INTO intelligence (report_id, establishment, submitted_at, submitted_by, submitted_by_user, origin, status,
       text, subjects, location_text, occurred_on)
     VALUES ($1, $2, now(), $3, $4, 'staff', 'new', $5, $6, $7, $8)`,
    [id, r.establishment, r.staffId, r.username, r.text, r.subjects, r.location, r.occurredOn],
  );
  return id;
}

export interface GradingUpdate {
  sourceEvaluation: string;
  assessment: string;
  handlingCode: string;
  handlingConditions: string | null;
  sanitisedText: string | null;
  subjects: string[];
  gradedBy: string;
}

/** Records a grading; a new report becomes graded, a later status stays. */
export async function updateGrading(tx: Queryable, id: string, g: GradingUpdate): Promise<void> {
  await tx.query(
    `UPDATE intelligence SET source_evaluation = $2, intelligence_assessment = $3, handling_code = $4,
       handling_conditions = $5, sanitised_text = $6, subjects = $7, graded_by = $8, graded_at = now(),
       status = CASE WHEN status = 'new' THEN 'graded' ELSE status END
     WHERE report_id = $1`,
    [
      id,
      g.sourceEvaluation,
      g.assessment,
      g.handlingCode,
      g.handlingConditions,
      g.sanitisedText,
      g.subjects,
      g.gradedBy,
    ],
  );
}

export async function updateOutcome(
  tx: Queryable,
  id: string,
  status: string,
  note: string,
  by: string,
): Promise<void> {
  await tx.query(
    'UPDATE intelligence SET status = $2, outcome_note = $3, outcome_by = $4, outcome_at = now() WHERE report_id = $1',
    [id, status, note, by],
  );
}

export interface SubjectMention {
  subject: string;
  reportId: string;
  /** Who submitted the report (staff number or account; empty when unknown). */
  submitter: string;
  /** Source evaluation and assessment (e.g. "2B"), null before grading. */
  grade: string | null;
}

/** Every subject named by every report in the viewer's scope. */
export async function selectSubjectMentions(db: Queryable, viewer: Principal): Promise<SubjectMention[]> {
  const params: unknown[] = [];
  const inScope = scoped(viewer, params);
  if (!inScope) return [];
  const { rows } = await db.query<{
    subject: string;
    report_id: string;
    submitter: string;
    grade: string | null;
  }>(
    `SELECT s AS subject, report_id, coalesce(submitted_by, submitted_by_user, '') AS submitter,
            source_evaluation || intelligence_assessment AS grade
     FROM intelligence, unnest(subjects) AS s WHERE ${inScope}`,
    params,
  );
  return rows.map((r) => ({
    subject: r.subject,
    reportId: r.report_id,
    submitter: r.submitter,
    grade: r.grade,
  }));
}

/** Reports by source evaluation and assessment (both null before grading), within the scope. */
export async function countByGrade(
  db: Queryable,
  viewer: Principal,
  establishments: UnitFilter,
): Promise<{ evaluation: string | null; assessment: string | null; count: number }[]> {
  const params: unknown[] = [];
  const inScope = scoped(viewer, params, establishments);
  if (!inScope) return [];
  const { rows } = await db.query<{ evaluation: string | null; assessment: string | null; count: number }>(
    `SELECT source_evaluation AS evaluation, intelligence_assessment AS assessment, count(*)::int AS count
     FROM intelligence WHERE ${inScope} GROUP BY 1, 2`,
    params,
  );
  return rows;
}
