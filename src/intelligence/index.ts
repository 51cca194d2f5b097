/**
 * Intelligence reports: staff submit them, security analysts and the CCU grade them 3x5x2 and decide
 * what happens next. Imported reports (intelligence.csv) are the same records. Reads are scoped by the
 * access policy (never a report naming the reader) and every look and change is audited.
 */
import { FormError } from '../form-error.ts';
import {
  listAttachments,
  readAttachment,
  storeAttachments,
  type AttachmentInfo,
  type CleanFile,
} from '../attachments/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { can, intelligenceScope, PSEUDONYM, staffIdOfPseudonym, type Principal } from '../access/index.ts';
import { unitCondition } from '../people/scope-sql.ts';
import { parseSubjects, SubjectError } from './subjects.ts';

export { parseSubjects, SubjectError, suggestRecords } from './subjects.ts';

export const SOURCE_EVALUATIONS = { '1': 'Reliable', '2': 'Untested', '3': 'Not reliable' } as const;
export const ASSESSMENTS = {
  A: 'Known directly to the source',
  B: 'Known indirectly to the source but corroborated',
  C: 'Known indirectly to the source',
  D: 'Not known',
  E: 'Suspected to be false',
} as const;
export const HANDLING = {
  P: 'Lawful sharing permitted',
  C: 'Lawful sharing permitted with conditions',
} as const;
export const STATUSES = {
  new: 'New',
  graded: 'Graded',
  actioned: 'Actioned',
  no_further_action: 'No further action',
} as const;
export type ReportStatus = keyof typeof STATUSES;

export interface Report {
  id: string;
  establishment: string;
  submittedAt: Date;
  submittedBy: string | null;
  submittedByUser: string | null;
  origin: 'import' | 'staff';
  status: ReportStatus;
  text: string;
  sanitisedText: string | null;
  subjects: string[];
  location: string | null;
  occurredOn: string | null;
  sourceEvaluation: string | null;
  assessment: string | null;
  handlingCode: string | null;
  handlingConditions: string | null;
  gradedBy: string | null;
  outcomeNote: string | null;
}

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

export interface NewReport {
  establishment: string;
  text: string;
  subjects: string;
  location?: string;
  occurredOn?: string;
  /** Checked and cleaned already (attachments/cleanUploads). */
  files?: CleanFile[];
}

export async function submitReport(db: Database, user: Principal, input: NewReport): Promise<string> {
  const text = input.text.trim();
  if (text.length < 10) throw new FormError('text', 'Say what happened, in at least 10 characters');
  if (text.length > 20_000) throw new FormError('text', 'Keep the report to 20,000 characters');
  const { rows: est } = await db.query('SELECT 1 FROM establishments WHERE code = $1', [input.establishment]);
  if (!est.length) throw new FormError('establishment', 'Choose the establishment or region it is about');
  if (input.occurredOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.occurredOn)) {
    throw new FormError('occurredOn', 'Enter the day it happened as YYYY-MM-DD, or leave it empty');
  }
  let subjects: string[];
  try {
    subjects = await parseSubjects(db, input.subjects);
  } catch (err) {
    if (err instanceof SubjectError) throw new FormError('subjects', err.message);
    throw err;
  }
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: string }>("SELECT nextval('intelligence_report_number')::text AS n");
    const id = `IR-${new Date().getUTCFullYear()}-${rows[0]!.n.padStart(6, '0')}`;
    await tx.query(
      `INSERT INTO intelligence (report_id, establishment, submitted_at, submitted_by, submitted_by_user, origin, status,
         text, subjects, location_text, occurred_on)
       VALUES ($1, $2, now(), $3, $4, 'staff', 'new', $5, $6, $7, $8)`,
      [
        id,
        input.establishment,
        user.staffId,
        user.username,
        text,
        subjects,
        input.location?.trim() || null,
        input.occurredOn || null,
      ],
    );
    await storeAttachments(tx, 'intelligence', id, input.files ?? []);
    await appendAudit(tx, {
      actor: actorOf(user.username),
      action: 'intelligence.submit',
      subjectType: 'intelligence',
      subjectId: id,
      details: { subjects: subjects.length, attachments: input.files?.length ?? 0 },
    });
    return id;
  });
}

/** The reader's scope as SQL, or undefined when they may read no reports. */
function scoped(viewer: Principal, params: unknown[]): string | undefined {
  const scope = intelligenceScope(viewer);
  const inScope = unitCondition(scope.establishments, 'establishment', params);
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

export async function listReports(
  db: Database,
  viewer: Principal,
  filters: { status?: ReportStatus | 'all'; q?: string },
): Promise<Report[]> {
  const params: unknown[] = [];
  const inScope = scoped(viewer, params);
  if (!inScope) return [];
  let where = inScope;
  if (filters.status && filters.status !== 'all') {
    params.push(filters.status);
    where += ` AND status = $${params.length}`;
  }
  if (filters.q) {
    const q = filters.q.trim();
    params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const like = `$${params.length}`;
    // Staff subjects are matched by pseudonym only, never by staff number: a search for a number must
    // not tell who is a subject. A pseudonym finds the reports about its subject.
    const staffId = PSEUDONYM.test(q) ? await staffIdOfPseudonym(db, q) : undefined;
    params.push(staffId ? `staff:${staffId}` : '');
    where += ` AND (text ILIKE ${like} OR report_id ILIKE ${like}
      OR EXISTS (SELECT 1 FROM unnest(subjects) AS s (ref) WHERE s.ref NOT LIKE 'staff:%' AND s.ref ILIKE ${like})
      OR $${params.length} = ANY(subjects))`;
  }
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intelligence WHERE ${where} ORDER BY submitted_at DESC LIMIT 200`,
    params,
  );
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'intelligence.list',
    details: { ...filters, results: rows.length },
  });
  return rows.map(toReport);
}

/** The reports a user submitted themselves (all a reporter may see). */
export async function myReports(db: Queryable, user: Principal): Promise<Report[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intelligence WHERE submitted_by_user = $1 ORDER BY submitted_at DESC`,
    [user.username],
  );
  return rows.map(toReport);
}

async function load(
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
  // Their own submission: its text and status, not its grading.
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM intelligence WHERE report_id = $1 AND submitted_by_user = $2`,
    [id, viewer.username],
  );
  return rows[0] ? { report: toReport(rows[0]), full: false } : undefined;
}

/** A report as the viewer may see it, audited; undefined when they may not (the caller answers 404). */
export async function viewReport(
  db: Database,
  viewer: Principal,
  id: string,
): Promise<{ report: Report; full: boolean } | undefined> {
  const found = await load(db, viewer, id);
  if (!found) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'intelligence.view',
    subjectType: 'intelligence',
    subjectId: id,
  });
  return found;
}

export interface Grading {
  sourceEvaluation: string;
  assessment: string;
  handlingCode: string;
  handlingConditions?: string;
  sanitisedText?: string;
  subjects?: string;
}

export async function gradeReport(db: Database, viewer: Principal, id: string, g: Grading): Promise<boolean> {
  if (!can(viewer, 'intelligence.grade')) return false;
  if (!(g.sourceEvaluation in SOURCE_EVALUATIONS))
    throw new FormError('sourceEvaluation', 'Choose how reliable the source is (1, 2 or 3)');
  if (!(g.assessment in ASSESSMENTS))
    throw new FormError('assessment', 'Choose the intelligence assessment (A to E)');
  if (!(g.handlingCode in HANDLING)) throw new FormError('handlingCode', 'Choose the handling code (P or C)');
  const conditions = g.handlingConditions?.trim() || null;
  if (g.handlingCode === 'C' && !conditions)
    throw new FormError('handlingConditions', 'Handling code C needs its conditions');
  const found = await load(db, viewer, id);
  if (!found?.full) return false;
  let subjects = found.report.subjects;
  if (g.subjects !== undefined) {
    try {
      subjects = await parseSubjects(db, g.subjects);
    } catch (err) {
      if (err instanceof SubjectError) throw new FormError('subjects', err.message);
      throw err;
    }
  }
  await db.transaction(async (tx) => {
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
        g.handlingCode === 'C' ? conditions : null,
        g.sanitisedText?.trim() || null,
        subjects,
        actorOf(viewer.username),
      ],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'intelligence.grade',
      subjectType: 'intelligence',
      subjectId: id,
      details: { grade: `${g.sourceEvaluation}${g.assessment}${g.handlingCode}`, subjects: subjects.length },
    });
  });
  return true;
}

export async function setOutcome(
  db: Database,
  viewer: Principal,
  id: string,
  status: string,
  note: string,
): Promise<boolean> {
  if (status !== 'actioned' && status !== 'no_further_action')
    throw new FormError('outcome', 'Choose what happens next');
  const why = note.trim();
  if (why.length < 5) throw new FormError('note', 'Say what was done, or why nothing more is needed');
  const found = await load(db, viewer, id);
  if (!found?.full || !can(viewer, 'intelligence.grade')) return false;
  if (found.report.status === 'new') throw new FormError('outcome', 'Grade the report first');
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE intelligence SET status = $2, outcome_note = $3, outcome_by = $4, outcome_at = now() WHERE report_id = $1',
      [id, status, why, actorOf(viewer.username)],
    );
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'intelligence.outcome',
      subjectType: 'intelligence',
      subjectId: id,
      purpose: why,
      details: { status },
    });
  });
  return true;
}

export interface Corroboration {
  subject: string;
  reports: number;
  sources: number;
  /** Reports by grade (source evaluation and assessment, e.g. "2B"). */
  byGrade: Record<string, number>;
  reportIds: string[];
}

/** Subjects named by reports from two or more independent submitters, within the viewer's scope. */
export async function corroboration(db: Database, viewer: Principal): Promise<Corroboration[]> {
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
  const by = new Map<string, { reports: string[]; sources: Set<string>; byGrade: Record<string, number> }>();
  for (const r of rows) {
    const c = by.get(r.subject) ?? { reports: [], sources: new Set(), byGrade: {} };
    c.reports.push(r.report_id);
    c.sources.add(r.submitter);
    const g = r.grade ?? 'ungraded';
    c.byGrade[g] = (c.byGrade[g] ?? 0) + 1;
    by.set(r.subject, c);
  }
  const out = [...by]
    .filter(([, c]) => c.sources.size >= 2)
    .map(([subject, c]) => ({
      subject,
      reports: c.reports.length,
      sources: c.sources.size,
      byGrade: c.byGrade,
      reportIds: c.reports.sort(),
    }))
    .sort((a, b) => b.sources - a.sources || b.reports - a.reports || a.subject.localeCompare(b.subject));
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'intelligence.corroboration',
    details: { results: out.length },
  });
  return out;
}

export async function reportAttachments(db: Queryable, id: string): Promise<AttachmentInfo[]> {
  return listAttachments(db, 'intelligence', id);
}

/** An attachment of a report the viewer may see (as viewReport decides), audited. */
export async function downloadReportAttachment(
  db: Database,
  viewer: Principal,
  id: string,
  attachmentId: number,
) {
  const found = await load(db, viewer, id);
  if (!found) return undefined;
  const file = await readAttachment(db, 'intelligence', id, attachmentId);
  if (!file) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'attachment.download',
    subjectType: 'intelligence',
    subjectId: id,
    details: { attachment: attachmentId },
  });
  return file;
}
