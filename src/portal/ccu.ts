/** The CCU's side of the portal: its queue, reading, replying, status, retention. Every act is audited. */
import { can, type Principal } from '../access/index.ts';
import {
  deleteAttachments,
  listAttachments,
  readAttachment,
  type AttachmentInfo,
} from '../attachments/index.ts';
import { actorOf, appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { FormError } from '../form-error.ts';
import { STATUSES, text, today, type PortalReport } from './labels.ts';
import { deleteExpiredReports, insertCcuMessage, selectQueue, selectReport, updateStatus } from './repo.ts';

export async function portalQueue(
  db: Database,
  viewer: Principal,
  status: string,
  purpose: 'list' | 'export' = 'list',
): Promise<
  {
    reference: string;
    category: string;
    status: string;
    receivedOn: string;
    messages: number;
    unanswered: boolean;
  }[]
> {
  if (!can(viewer, 'portal.read')) return [];
  const rows = await selectQueue(db, status === 'all' ? undefined : status);
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: `portal.${purpose}`,
    details: { status, results: rows.length },
  });
  return rows.map((r) => ({
    reference: r.reference,
    category: r.category,
    status: r.status,
    receivedOn: r.receivedOn,
    messages: r.messages,
    unanswered: r.lastAuthor === 'reporter',
  }));
}

export async function viewPortalReport(
  db: Database,
  viewer: Principal,
  reference: string,
): Promise<PortalReport | undefined> {
  if (!can(viewer, 'portal.read')) return undefined;
  const report = await selectReport(db, 'reference', reference);
  if (!report) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'portal.view',
    subjectType: 'portal_report',
    subjectId: reference,
  });
  return report;
}

export async function replyToPortalReport(
  db: Database,
  viewer: Principal,
  reference: string,
  body: string,
  question: boolean,
): Promise<boolean> {
  const b = text(body, 'reply', 'Write your reply', 20_000, true)!;
  const report = await selectReport(db, 'reference', reference);
  if (!report || !can(viewer, 'portal.read')) return false;
  await db.transaction(async (tx) => {
    await insertCcuMessage(tx, report.id, {
      authorUser: viewer.username,
      question,
      body: b,
      writtenOn: today(),
    });
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'portal.reply',
      subjectType: 'portal_report',
      subjectId: reference,
      details: { question },
    });
  });
  return true;
}

export async function setPortalStatus(
  db: Database,
  viewer: Principal,
  reference: string,
  status: string,
): Promise<boolean> {
  if (!(status in STATUSES)) throw new FormError('status', 'Choose a status');
  const report = await selectReport(db, 'reference', reference);
  if (!report || !can(viewer, 'portal.read')) return false;
  await db.transaction(async (tx) => {
    await updateStatus(tx, report.id, status);
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'portal.status',
      subjectType: 'portal_report',
      subjectId: reference,
      details: { from: report.status, to: status },
    });
  });
  return true;
}

/** Deletes reports past their retention, keeping a record that each existed. */
export async function purgeExpired(db: Database, actor: string): Promise<number> {
  return db.transaction(async (tx) => {
    const references = await deleteExpiredReports(tx);
    await deleteAttachments(tx, 'portal', references);
    if (references.length)
      await appendAudit(tx, { actor, action: 'portal.purge', details: { deleted: references.length } });
    return references.length;
  });
}

export async function portalAttachments(db: Queryable, reference: string): Promise<AttachmentInfo[]> {
  return listAttachments(db, 'portal', reference);
}

/** An attachment of an anonymous report, for the CCU, audited. */
export async function downloadPortalAttachment(
  db: Database,
  viewer: Principal,
  reference: string,
  attachmentId: number,
) {
  if (!can(viewer, 'portal.read')) return undefined;
  const file = await readAttachment(db, 'portal', reference, attachmentId);
  if (!file) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'attachment.download',
    subjectType: 'portal_report',
    subjectId: reference,
    details: { attachment: attachmentId },
  });
  return file;
}
