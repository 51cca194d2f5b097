/**
 * The anonymous reporting portal: anyone reports a concern and gets a receipt code; with it they
 * come back, read replies, answer questions and add information. The CCU reads and replies from its
 * queue. Nothing identifying is stored (see migrations/0007_portal.sql); the reporter's actions leave
 * no audit entry (an entry's time would identify them); the CCU's do.
 */
import { FormError } from '../form-error.ts';
import { randomBytes } from 'node:crypto';
import { can, type Principal } from '../access/index.ts';
import {
  deleteAttachments,
  listAttachments,
  readAttachment,
  storeAttachments,
  type AttachmentInfo,
  type CleanFile,
} from '../attachments/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { hashReceipt, newReceipt, parseReceipt } from './receipt.ts';
import type { ReceiptThrottle } from './throttle.ts';

export { formatReceipt, parseReceipt } from './receipt.ts';
export {
  ProofOfWork,
  solve,
  DIFFICULTY_BITS,
  NO_SCRIPT_WAIT_SECONDS,
  WAIT_VALID_MS,
  WAITED_PER_SOURCE_PER_HOUR,
  type PowVerdict,
} from './pow.ts';
export { ReceiptThrottle, SourceBuckets } from './throttle.ts';

export const CATEGORIES = {
  relationship: 'A member of staff too close to a prisoner or person on probation',
  trafficking: 'Bringing in drugs, phones or other items',
  information: 'Passing on information',
  money: 'Money, gifts or favours',
  abuse: 'Abuse of power or mistreatment',
  other: 'Something else',
} as const;

export const REPORTERS = {
  staff: 'I work in a prison or in probation',
  prisoner: 'I am in prison or on probation',
  family: 'I am a family member or friend of someone in prison or on probation',
  public: 'I am a member of the public',
  unsaid: 'I would rather not say',
} as const;

export const STATUSES = {
  new: 'New',
  graded: 'Graded',
  actioned: 'Actioned',
  no_further_action: 'No further action',
} as const;

const today = (): string => new Date().toISOString().slice(0, 10);

export interface PortalReport {
  id: number;
  reference: string;
  category: keyof typeof CATEGORIES;
  reporter: keyof typeof REPORTERS;
  onBehalf: boolean;
  what: string;
  who: string | null;
  where: string | null;
  occurredOn: string | null;
  establishment: string | null;
  status: keyof typeof STATUSES;
  receivedOn: string;
  deleteAfter: string;
  messages: {
    author: 'reporter' | 'ccu';
    authorUser: string | null;
    question: boolean;
    body: string;
    writtenOn: string;
  }[];
}

const text = (v: unknown, field: string, label: string, max: number, required = false): string | null => {
  const s = String(v ?? '').trim();
  if (!s) {
    if (required) throw new FormError(field, label);
    return null;
  }
  if (s.length > max) throw new FormError(field, `Keep it to ${max.toLocaleString('en-GB')} characters`);
  return s;
};

export interface NewPortalReport {
  category: string;
  reporter: string;
  onBehalf: boolean;
  what: string;
  who?: string;
  where?: string;
  occurredOn?: string;
  establishment?: string;
  /** Checked and cleaned already, with generic names (attachments/cleanUploads, anonymous). */
  files?: CleanFile[];
}

/** Stores a report; returns the receipt code, which is shown once and never stored. */
export async function submitPortalReport(
  db: Database,
  input: NewPortalReport,
  retentionDays: number,
): Promise<string> {
  if (!(input.category in CATEGORIES)) throw new FormError('category', 'Choose what your concern is about');
  if (!(input.reporter in REPORTERS))
    throw new FormError('reporter', 'Choose who you are, or that you would rather not say');
  const what = text(input.what, 'what', 'Tell us what happened', 20_000, true)!;
  if (what.length < 10) throw new FormError('what', 'Tell us what happened, in at least 10 characters');
  const who = text(input.who, 'who', '', 2_000);
  const where = text(input.where, 'where', '', 500);
  const occurredOn = input.occurredOn?.trim() || null;
  if (occurredOn && (!/^\d{4}-\d{2}-\d{2}$/.test(occurredOn) || Number.isNaN(Date.parse(occurredOn)))) {
    throw new FormError('occurredOn', 'Enter the day as YYYY-MM-DD, or leave it empty');
  }
  let establishment: string | null = input.establishment?.trim() || null;
  if (establishment) {
    const { rows } = await db.query('SELECT 1 FROM establishments WHERE code = $1', [establishment]);
    if (!rows.length) establishment = null;
  }
  const receipt = newReceipt();
  const hash = await hashReceipt(db, receipt);
  const reference = `PR-${randomBytes(4).toString('hex').toUpperCase()}`;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO portal_reports (reference, receipt_hash, category, reporter, on_behalf, what, who, where_text, occurred_on,
       establishment, received_on, delete_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $11::date + $12::int)`,
      [
        reference,
        hash,
        input.category,
        input.reporter,
        input.onBehalf,
        what,
        who,
        where,
        occurredOn,
        establishment,
        today(),
        retentionDays,
      ],
    );
    await storeAttachments(tx, 'portal', reference, input.files ?? []);
  });
  return receipt;
}

async function loadReport(db: Queryable, where: string, param: unknown): Promise<PortalReport | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::text, reference, category, reporter, on_behalf, what, who, where_text, occurred_on::text, establishment, status,
            received_on::text, delete_after::text
     FROM portal_reports WHERE ${where} = $1`,
    [param],
  );
  const r = rows[0];
  if (!r) return undefined;
  const { rows: msgs } = await db.query<{
    author: 'reporter' | 'ccu';
    author_user: string | null;
    question: boolean;
    body: string;
    written_on: string;
  }>(
    'SELECT author, author_user, question, body, written_on::text FROM portal_messages WHERE report_id = $1 ORDER BY id',
    [r.id],
  );
  return {
    id: Number(r.id),
    reference: r.reference as string,
    category: r.category as PortalReport['category'],
    reporter: r.reporter as PortalReport['reporter'],
    onBehalf: r.on_behalf as boolean,
    what: r.what as string,
    who: r.who as string | null,
    where: r.where_text as string | null,
    occurredOn: r.occurred_on as string | null,
    establishment: r.establishment as string | null,
    status: r.status as PortalReport['status'],
    receivedOn: r.received_on as string,
    deleteAfter: r.delete_after as string,
    messages: msgs.map((m) => ({
      author: m.author,
      authorUser: m.author_user,
      question: m.question,
      body: m.body,
      writtenOn: m.written_on,
    })),
  };
}

export type ReceiptResult =
  { ok: true; report: PortalReport } | { ok: false; reason: 'throttled' | 'not-found' | 'malformed' };

/** Opens a report with its receipt code, within the throttle's limits. */
export async function openWithReceipt(
  db: Queryable,
  throttle: ReceiptThrottle,
  input: string,
  /** The client's address: only its bucket is counted (see throttle.ts), and it is not kept. */
  address: string,
): Promise<ReceiptResult> {
  const code = parseReceipt(input);
  if (!code) return { ok: false, reason: 'malformed' };
  if (!throttle.attemptFrom(address)) return { ok: false, reason: 'throttled' };
  const hash = await hashReceipt(db, code);
  if (!throttle.attemptCode(hash)) return { ok: false, reason: 'throttled' };
  const report = await loadReport(db, 'receipt_hash', hash);
  return report ? { ok: true, report } : { ok: false, reason: 'not-found' };
}

/** The reporter adds information or answers a question. */
/** The reporter adds information or answers a question; returns the report with the message added. */
export async function addReporterMessage(
  db: Database,
  report: PortalReport,
  body: string,
): Promise<PortalReport> {
  const b = text(body, 'message', 'Write your message', 20_000, true)!;
  const writtenOn = today();
  await db.query(
    `INSERT INTO portal_messages (report_id, author, body, written_on) VALUES ($1, 'reporter', $2, $3::date)`,
    [report.id, b, writtenOn],
  );
  return {
    ...report,
    messages: [
      ...report.messages,
      { author: 'reporter', authorUser: null, question: false, body: b, writtenOn },
    ],
  };
}

// The CCU's side.

export async function portalQueue(
  db: Database,
  viewer: Principal,
  status: string,
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
  const params: unknown[] = [];
  let where = 'true';
  if (status !== 'all') {
    params.push(status);
    where = 'status = $1';
  }
  const { rows } = await db.query<{
    reference: string;
    category: string;
    status: string;
    received_on: string;
    messages: number;
    last_author: string | null;
  }>(
    `SELECT reference, category, status, received_on::text, (SELECT count(*)::int FROM portal_messages m WHERE m.report_id = r.id) AS messages,
            (SELECT author FROM portal_messages m WHERE m.report_id = r.id ORDER BY id DESC LIMIT 1) AS last_author
     FROM portal_reports r WHERE ${where} ORDER BY id DESC LIMIT 500`,
    params,
  );
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'portal.list',
    details: { status, results: rows.length },
  });
  return rows.map((r) => ({
    reference: r.reference,
    category: r.category,
    status: r.status,
    receivedOn: r.received_on,
    messages: r.messages,
    unanswered: r.last_author === 'reporter',
  }));
}

export async function viewPortalReport(
  db: Database,
  viewer: Principal,
  reference: string,
): Promise<PortalReport | undefined> {
  if (!can(viewer, 'portal.read')) return undefined;
  const report = await loadReport(db, 'reference', reference);
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
  const report = await loadReport(db, 'reference', reference);
  if (!report || !can(viewer, 'portal.read')) return false;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO portal_messages (report_id, author, author_user, question, body, written_on) VALUES ($1, 'ccu', $2, $3, $4, $5::date)`,
      [report.id, viewer.username, question, b, today()],
    );
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
  const report = await loadReport(db, 'reference', reference);
  if (!report || !can(viewer, 'portal.read')) return false;
  await db.transaction(async (tx) => {
    await tx.query('UPDATE portal_reports SET status = $2 WHERE id = $1', [report.id, status]);
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
    const { rows } = await tx.query<{ reference: string }>(
      `WITH gone AS (DELETE FROM portal_reports WHERE delete_after < current_date RETURNING reference, received_on)
       INSERT INTO portal_purged (reference, received_on, purged_on) SELECT reference, received_on, current_date FROM gone
       RETURNING reference`,
    );
    await deleteAttachments(
      tx,
      'portal',
      rows.map((r) => r.reference),
    );
    if (rows.length)
      await appendAudit(tx, { actor, action: 'portal.purge', details: { deleted: rows.length } });
    return rows.length;
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
