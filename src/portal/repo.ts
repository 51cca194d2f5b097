/**
 * Portal reports and their messages as rows. Nothing here decides who may read: the CCU's side checks
 * that (ccu.ts); the reporter reaches a report only through its receipt's hash.
 */
import type { Queryable } from '../db/index.ts';
import type { PortalReport } from './labels.ts';

export interface ReportRow {
  reference: string;
  receiptHash: string;
  category: string;
  reporter: string;
  onBehalf: boolean;
  what: string;
  who: string | null;
  where: string | null;
  occurredOn: string | null;
  establishment: string | null;
  receivedOn: string;
  retentionDays: number;
}

export async function insertReport(db: Queryable, r: ReportRow): Promise<void> {
  await db.query(
    `INSERT INTO portal_reports (reference, receipt_hash, category, reporter, on_behalf, what, who, where_text, occurred_on,
       establishment, received_on, delete_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $11::date + $12::int)`,
    [
      r.reference,
      r.receiptHash,
      r.category,
      r.reporter,
      r.onBehalf,
      r.what,
      r.who,
      r.where,
      r.occurredOn,
      r.establishment,
      r.receivedOn,
      r.retentionDays,
    ],
  );
}

/** A report with its messages in order, found by its receipt's hash or by its reference. */
export async function selectReport(
  db: Queryable,
  by: 'receipt_hash' | 'reference',
  value: string,
): Promise<PortalReport | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::text, reference, category, reporter, on_behalf, what, who, where_text, occurred_on::text, establishment, status,
            received_on::text, delete_after::text
     FROM portal_reports WHERE ${by} = $1`,
    [value],
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

export async function insertReporterMessage(
  db: Queryable,
  reportId: number,
  body: string,
  writtenOn: string,
): Promise<void> {
  await db.query(
    `INSERT INTO portal_messages (report_id, author, body, written_on) VALUES ($1, 'reporter', $2, $3::date)`,
    [reportId, body, writtenOn],
  );
}

export async function insertCcuMessage(
  db: Queryable,
  reportId: number,
  m: { authorUser: string; question: boolean; body: string; writtenOn: string },
): Promise<void> {
  await db.query(
    `INSERT INTO portal_messages (report_id, author, author_user, question, body, written_on) VALUES ($1, 'ccu', $2, $3, $4, $5::date)`,
    [reportId, m.authorUser, m.question, m.body, m.writtenOn],
  );
}

export interface QueueEntry {
  reference: string;
  category: string;
  status: string;
  receivedOn: string;
  messages: number;
  /** Who wrote last: null when no one has written yet. */
  lastAuthor: string | null;
}

/** The newest 500 reports, of one status or (undefined) of all. */
export async function selectQueue(db: Queryable, status: string | undefined): Promise<QueueEntry[]> {
  const params: unknown[] = [];
  let where = 'true';
  if (status !== undefined) {
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
  return rows.map((r) => ({
    reference: r.reference,
    category: r.category,
    status: r.status,
    receivedOn: r.received_on,
    messages: r.messages,
    lastAuthor: r.last_author,
  }));
}

export async function updateStatus(db: Queryable, reportId: number, status: string): Promise<void> {
  await db.query('UPDATE portal_reports SET status = $2 WHERE id = $1', [reportId, status]);
}

/** Deletes reports past their retention, recording each in portal_purged; returns their references. */
export async function deleteExpiredReports(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ reference: string }>(
    `WITH gone AS (DELETE FROM portal_reports WHERE delete_after < current_date RETURNING reference, received_on)
       INSERT INTO portal_purged (reference, received_on, purged_on) SELECT reference, received_on, current_date FROM gone
       RETURNING reference`,
  );
  return rows.map((r) => r.reference);
}

/** Reports whose last message is the reporter's, by whole days since they wrote it. */
export async function countAwaitingReply(
  db: Queryable,
  today: string,
): Promise<{ days: number; count: number }[]> {
  const { rows } = await db.query<{ days: number; count: number }>(
    `SELECT ($1::date - last.written_on)::int AS days, count(*)::int AS count
     FROM portal_reports r
     JOIN LATERAL (SELECT m.author, m.written_on FROM portal_messages m WHERE m.report_id = r.id ORDER BY m.id DESC LIMIT 1) last
       ON last.author = 'reporter'
     GROUP BY 1`,
    [today],
  );
  return rows;
}

/** Reports held, by category. */
export async function countByCategory(db: Queryable): Promise<{ category: string; count: number }[]> {
  const { rows } = await db.query<{ category: string; count: number }>(
    'SELECT category, count(*)::int AS count FROM portal_reports GROUP BY 1',
  );
  return rows;
}
