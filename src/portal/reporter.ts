/**
 * The reporter's side: submit a concern (receipt code shown once), open it again with the code, add
 * to it. No audit entry: an entry's time would identify the reporter.
 */
import { randomBytes } from 'node:crypto';
import { storeAttachments, type CleanFile } from '../attachments/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { establishmentExists } from '../estate/index.ts';
import { FormError, formChecks } from '../form-error.ts';
import { CATEGORIES, REPORTERS, text, today, type PortalReport } from './labels.ts';
import { hashReceipt, newReceipt, parseReceipt } from './receipt.ts';
import { insertReport, insertReporterMessage, selectReport } from './repo.ts';
import type { ReceiptThrottle } from './throttle.ts';

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
  // Every problem at once, so the reporter corrects the form in one go.
  const form = formChecks();
  form.check(() => {
    if (!(input.category in CATEGORIES)) throw new FormError('category', 'Choose what your concern is about');
  });
  form.check(() => {
    if (!(input.reporter in REPORTERS))
      throw new FormError('reporter', 'Choose who you are, or that you would rather not say');
  });
  const what = form.check(() => {
    const t = text(input.what, 'what', 'Tell us what happened', 20_000, true)!;
    if (t.length < 10) throw new FormError('what', 'Tell us what happened, in at least 10 characters');
    return t;
  });
  const who = form.check(() => text(input.who, 'who', '', 2_000));
  const where = form.check(() => text(input.where, 'where', '', 500));
  const occurredOn = input.occurredOn?.trim() || null;
  form.check(() => {
    if (occurredOn && (!/^\d{4}-\d{2}-\d{2}$/.test(occurredOn) || Number.isNaN(Date.parse(occurredOn))))
      throw new FormError('occurredOn', 'Enter the day as YYYY-MM-DD, or leave it empty');
  });
  form.done();
  let establishment: string | null = input.establishment?.trim() || null;
  if (establishment && !(await establishmentExists(db, establishment))) establishment = null;
  const receipt = newReceipt();
  const hash = await hashReceipt(db, receipt);
  const reference = `PR-${randomBytes(4).toString('hex').toUpperCase()}`;
  await db.transaction(async (tx) => {
    await insertReport(tx, {
      reference,
      receiptHash: hash,
      category: input.category,
      reporter: input.reporter,
      onBehalf: input.onBehalf,
      what: what!, // done() has thrown unless every check passed
      who: who ?? null,
      where: where ?? null,
      occurredOn,
      establishment,
      receivedOn: today(),
      retentionDays,
    });
    await storeAttachments(tx, 'portal', reference, input.files ?? []);
  });
  return receipt;
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
  const report = await selectReport(db, 'receipt_hash', hash);
  return report ? { ok: true, report } : { ok: false, reason: 'not-found' };
}

/** The reporter adds information or answers a question; returns the report with the message added. */
export async function addReporterMessage(
  db: Database,
  report: PortalReport,
  body: string,
): Promise<PortalReport> {
  const b = text(body, 'message', 'Write your message', 20_000, true)!;
  const writtenOn = today();
  await insertReporterMessage(db, report.id, b, writtenOn);
  return {
    ...report,
    messages: [
      ...report.messages,
      { author: 'reporter', authorUser: null, question: false, body: b, writtenOn },
    ],
  };
}
