/**
 * The alert queue as analysts see it: within their scope from the access policy, never about
 * themselves, staff under pseudonyms; every list, look and disposition audited.
 */
import { alertScope, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { viewRefs, type RefLabel } from '../people/index.ts';
import type { AlertRow, AlertStatus } from './alerts.ts';
import {
  decidedPerIndicator,
  queueEstablishments,
  selectAlertDetail,
  selectQueue,
  updateDisposition,
} from './alerts-repo.ts';
import type { Reason } from './engine.ts';

export const STATUSES: AlertStatus[] = ['needs_review', 'confirmed', 'dismissed', 'resolved'];

export interface QueueItem extends AlertRow {
  staff: RefLabel;
  subjectLabel: RefLabel | null;
  /** Days since it was raised, while it waits for review. */
  untriagedDays: number | null;
}

export interface AlertDetail extends QueueItem {
  reasons: Reason[];
  legitimate: string[];
  pairs: { subject: string; score: number }[];
  configVersion: string;
  dispositionReason: string | null;
  disposedBy: string | null;
  disposedAt: Date | null;
  window: { from: Date; to: Date };
}

async function decorate(db: Queryable, viewer: Principal, rows: AlertRow[]): Promise<QueueItem[]> {
  const { labels } = await viewRefs(db, viewer, [
    ...rows.map((r) => `staff:${r.staffId}`),
    ...rows.flatMap((r) => (r.subject ? [r.subject] : [])),
  ]);
  const now = Date.now();
  return rows.map((r) => ({
    ...r,
    staff: labels.get(`staff:${r.staffId}`)!,
    subjectLabel: r.subject ? labels.get(r.subject)! : null,
    untriagedDays:
      r.status === 'needs_review' && r.firstRaisedAt
        ? Math.floor((now - r.firstRaisedAt.getTime()) / 86_400_000)
        : null,
  }));
}

export async function alertQueue(
  db: Database,
  viewer: Principal,
  filters: { establishment?: string; status?: AlertStatus | 'all' },
): Promise<{ items: QueueItem[]; establishments: string[] }> {
  const scope = alertScope(viewer);
  if (scope.establishments === 'none') return { items: [], establishments: [] };
  const rows = await selectQueue(db, scope, filters);
  const units = await queueEstablishments(db, scope);
  const items = await decorate(db, viewer, rows);
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'alerts.list',
    details: { ...filters, results: items.length },
  });
  return { items, establishments: units };
}

async function loadDetail(db: Queryable, viewer: Principal, id: number): Promise<AlertDetail | undefined> {
  const row = await selectAlertDetail(db, alertScope(viewer), id);
  if (!row) return undefined;
  const [item] = await decorate(db, viewer, [row.alert]);
  const { explanation } = row;
  // Evidence written at detection time names the officer's own phone or address: a masked officer's
  // are withheld like their name.
  const { mask } = await viewRefs(db, viewer, [`staff:${item!.staffId}`]);
  return {
    ...item!,
    reasons: explanation.reasons.map((r) => ({
      ...r,
      explanation: mask(r.explanation),
      evidence: r.evidence.map((e) => ({ ...e, what: mask(e.what) })),
    })),
    legitimate: explanation.legitimate.map(mask),
    pairs: explanation.pairs,
    configVersion: row.configVersion,
    dispositionReason: row.dispositionReason,
    disposedBy: row.disposedBy,
    disposedAt: row.disposedAt,
    window: row.window,
  };
}

/** An alert's page, audited; undefined when the viewer may not see it (the caller answers 404). */
export async function viewAlert(
  db: Database,
  viewer: Principal,
  id: number,
): Promise<AlertDetail | undefined> {
  const alert = await loadDetail(db, viewer, id);
  if (!alert) return undefined;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'alert.view',
    subjectType: 'alert',
    subjectId: String(id),
    details: { staff: alert.staffId },
  });
  return alert;
}

export class DispositionError extends Error {}

/** Records an analyst's decision on an alert, with its audit entry in the same transaction. */
export async function disposeAlert(
  db: Database,
  viewer: Principal,
  id: number,
  status: string,
  reason: string,
): Promise<boolean> {
  if (!(STATUSES as string[]).includes(status))
    throw new DispositionError('Choose what to do with the alert');
  const why = reason.trim();
  if (status === 'dismissed' && why.length < 5) throw new DispositionError('Say why the alert is dismissed');
  if (why.length > 2000) throw new DispositionError('Keep the reason to 2,000 characters');
  const alert = await loadDetail(db, viewer, id);
  if (!alert) return false;
  await db.transaction(async (tx) => {
    await updateDisposition(tx, id, { status, reason: why || null, by: actorOf(viewer.username) });
    await appendAudit(tx, {
      actor: actorOf(viewer.username),
      action: 'alert.disposition',
      subjectType: 'alert',
      subjectId: String(id),
      ...(why ? { purpose: why } : {}),
      details: { from: alert.status, to: status, staff: alert.staffId },
    });
  });
  return true;
}

/** Feedback: of the alerts analysts have decided on, how many were confirmed, per indicator. */
export async function feedback(
  db: Queryable,
  viewer: Principal,
): Promise<{ indicator: string; decided: number; confirmed: number }[]> {
  const scope = alertScope(viewer);
  if (scope.establishments === 'none') return [];
  return decidedPerIndicator(db, scope);
}
