/**
 * Intelligence reports: staff submit them, security analysts and the CCU grade them 3x5x2 and decide
 * what happens next. Reads are scoped by the access policy (never a report naming the reader, see
 * repo.ts) and every look and change is audited.
 */
import { can, PSEUDONYM, staffIdOfPseudonym, type Principal } from '../access/index.ts';
import {
  listAttachments,
  readAttachment,
  storeAttachments,
  type AttachmentInfo,
  type CleanFile,
} from '../attachments/index.ts';
import { actorOf, appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { establishmentExists } from '../estate/index.ts';
import { FormError } from '../form-error.ts';
import { ASSESSMENTS, HANDLING, SOURCE_EVALUATIONS, type Report, type ReportStatus } from './labels.ts';
import {
  insertReport,
  selectOwnReports,
  selectReport,
  countReports,
  selectReports,
  updateGrading,
  updateOutcome,
} from './repo.ts';
import { parseSubjects, SubjectError } from './subjects.ts';

export interface NewReport {
  establishment: string;
  text: string;
  subjects: string;
  location?: string;
  occurredOn?: string;
  /** Checked and cleaned already (attachments/cleanUploads). */
  files?: CleanFile[];
}

/** Subjects typed in a form as references, or a FormError on the given field. */
async function subjectsOf(db: Queryable, text: string): Promise<string[]> {
  try {
    return await parseSubjects(db, text);
  } catch (err) {
    if (err instanceof SubjectError) throw new FormError('subjects', err.message);
    throw err;
  }
}

export async function submitReport(db: Database, user: Principal, input: NewReport): Promise<string> {
  const text = input.text.trim();
  if (text.length < 10) throw new FormError('text', 'Say what happened, in at least 10 characters');
  if (text.length > 20_000) throw new FormError('text', 'Keep the report to 20,000 characters');
  if (!(await establishmentExists(db, input.establishment)))
    throw new FormError('establishment', 'Choose the establishment or region it is about');
  if (input.occurredOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.occurredOn)) {
    throw new FormError('occurredOn', 'Enter the day it happened as YYYY-MM-DD, or leave it empty');
  }
  const subjects = await subjectsOf(db, input.subjects);
  return db.transaction(async (tx) => {
    const id = await insertReport(tx, {
      establishment: input.establishment,
      staffId: user.staffId,
      username: user.username,
      text,
      subjects,
      location: input.location?.trim() || null,
      occurredOn: input.occurredOn || null,
    });
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

/** Reports listed per page. */
export const REPORTS_PAGE_SIZE = 50;

/** The most reports one CSV export holds; a larger export is refused, to be narrowed by its filters. */
export const REPORTS_EXPORT_LIMIT = 10_000;

/** The filters with a staff pseudonym searched for resolved to whom it stands for. */
async function resolvedFilters(db: Database, filters: { status?: ReportStatus | 'all'; q?: string }) {
  const q = filters.q?.trim();
  const pseudonymOf = q && PSEUDONYM.test(q) ? await staffIdOfPseudonym(db, q) : undefined;
  return { ...filters, ...(pseudonymOf ? { pseudonymOf } : {}) };
}

export async function listReports(
  db: Database,
  viewer: Principal,
  filters: { status?: ReportStatus | 'all'; q?: string },
  page = 1,
): Promise<{ reports: Report[]; total: number; page: number; pages: number }> {
  const f = await resolvedFilters(db, filters);
  const total = await countReports(db, viewer, f);
  const pages = Math.max(1, Math.ceil(total / REPORTS_PAGE_SIZE));
  const shown = Math.min(Math.max(1, page), pages);
  const reports = await selectReports(db, viewer, f, {
    limit: REPORTS_PAGE_SIZE,
    offset: (shown - 1) * REPORTS_PAGE_SIZE,
  });
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'intelligence.list',
    details: { ...filters, page: shown, results: reports.length },
  });
  return { reports, total, page: shown, pages };
}

/** Every report the list's filters match, for a CSV export (audited as one); undefined when too many. */
export async function exportReports(
  db: Database,
  viewer: Principal,
  filters: { status?: ReportStatus | 'all'; q?: string },
): Promise<Report[] | undefined> {
  const f = await resolvedFilters(db, filters);
  const reports = await selectReports(db, viewer, f, { limit: REPORTS_EXPORT_LIMIT + 1, offset: 0 });
  if (reports.length > REPORTS_EXPORT_LIMIT) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'intelligence.export',
    details: { ...filters, results: reports.length },
  });
  return reports;
}

/** The reports in the viewer's scope that name a subject, for that person's page (whose look is audited). */
export async function reportsAbout(db: Queryable, viewer: Principal, subject: string): Promise<Report[]> {
  return selectReports(db, viewer, { status: 'all', subject });
}

/** The reports a user submitted themselves (all a reporter may see). */
export async function myReports(db: Queryable, user: Principal): Promise<Report[]> {
  return selectOwnReports(db, user.username);
}

/** A report as the viewer may see it, audited; undefined when they may not (the caller answers 404). */
export async function viewReport(
  db: Database,
  viewer: Principal,
  id: string,
): Promise<{ report: Report; full: boolean } | undefined> {
  const found = await selectReport(db, viewer, id);
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
  const found = await selectReport(db, viewer, id);
  if (!found?.full) return false;
  const subjects = g.subjects === undefined ? found.report.subjects : await subjectsOf(db, g.subjects);
  await db.transaction(async (tx) => {
    await updateGrading(tx, id, {
      sourceEvaluation: g.sourceEvaluation,
      assessment: g.assessment,
      handlingCode: g.handlingCode,
      handlingConditions: g.handlingCode === 'C' ? conditions : null,
      sanitisedText: g.sanitisedText?.trim() || null,
      subjects,
      gradedBy: actorOf(viewer.username),
    });
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
  const found = await selectReport(db, viewer, id);
  if (!found?.full || !can(viewer, 'intelligence.grade')) return false;
  if (found.report.status === 'new') throw new FormError('outcome', 'Grade the report first');
  await db.transaction(async (tx) => {
    await updateOutcome(tx, id, status, why, actorOf(viewer.username));
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
  const found = await selectReport(db, viewer, id);
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
