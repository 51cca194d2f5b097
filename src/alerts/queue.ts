/**
 * The alert queue as analysts see it: within their scope from the access policy, never about
 * themselves, staff under pseudonyms; every list, look and disposition audited.
 */
import { alertScope, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { viewRefs, type RefLabel } from '../people/index.ts';
import type { AlertStatus, AssignedAlertRow } from './alerts.ts';
import {
  decidedPerIndicator,
  queueEstablishments,
  selectAlertDetail,
  selectQueue,
  updateDisposition,
} from './alerts-repo.ts';
import type { Reason } from '../detect/index.ts';

export const STATUSES: AlertStatus[] = ['needs_review', 'confirmed', 'dismissed', 'resolved'];

export interface QueueItem extends AssignedAlertRow {
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

async function decorate(db: Queryable, viewer: Principal, rows: AssignedAlertRow[]): Promise<QueueItem[]> {
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

/** How the queue can be narrowed and ordered, beyond status and establishment (applied in memory: a queue is small). */
export interface QueueFilters {
  establishment?: string;
  status?: AlertStatus | 'all';
  severity?: 'high' | 'medium' | 'low';
  indicator?: string;
  /** Only alerts waiting for review at least this many days. */
  waitingDays?: number;
  sort?: 'score' | 'waiting' | 'establishment';
  /** Only alerts assigned to this user, or with null only those assigned to nobody. */
  assignee?: string | null;
}

export const QUEUE_SORTS = ['score', 'waiting', 'establishment'] as const;

/** Alerts awaiting review by how long they have waited. */
export const AGE_BANDS = [
  { label: 'Under a week', from: 0, to: 7 },
  { label: '1 to 4 weeks', from: 7, to: 28 },
  { label: '4 weeks or more', from: 28, to: Infinity },
] as const;

export interface QueueCounts {
  byStatus: Record<AlertStatus, number>;
  /** Alerts awaiting review in each of AGE_BANDS. */
  byAge: number[];
}

/** Narrows and orders decorated alerts (pure, so the rules are tested alone). */
export function filterQueue(items: readonly QueueItem[], f: QueueFilters): QueueItem[] {
  const out = items.filter(
    (a) =>
      (!f.status || f.status === 'all' || a.status === f.status) &&
      (!f.severity || a.severity === f.severity) &&
      (!f.indicator || a.indicators.includes(f.indicator)) &&
      (f.waitingDays === undefined || (a.untriagedDays ?? -1) >= f.waitingDays) &&
      (f.assignee === undefined || (a.assignment?.username ?? null) === f.assignee),
  );
  if (f.sort === 'waiting')
    out.sort((a, b) => (b.untriagedDays ?? -1) - (a.untriagedDays ?? -1) || b.score - a.score);
  else if (f.sort === 'establishment')
    out.sort((a, b) => a.establishment.localeCompare(b.establishment) || b.score - a.score);
  return out;
}

export function countQueue(items: readonly QueueItem[]): QueueCounts {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  const byAge = AGE_BANDS.map(() => 0);
  for (const a of items) {
    byStatus[a.status]++;
    if (a.untriagedDays !== null) byAge[AGE_BANDS.findIndex((b) => a.untriagedDays! < b.to)]!++;
  }
  return { byStatus, byAge };
}

export async function alertQueue(
  db: Database,
  viewer: Principal,
  filters: QueueFilters,
  purpose: 'list' | 'export' = 'list',
): Promise<{ items: QueueItem[]; establishments: string[]; counts: QueueCounts; indicators: string[] }> {
  const scope = alertScope(viewer);
  const none = { byStatus: countQueue([]).byStatus, byAge: AGE_BANDS.map(() => 0) };
  if (scope.establishments === 'none') return { items: [], establishments: [], counts: none, indicators: [] };
  // Every status of the establishment chosen, for the counts; the filters then narrow what is listed.
  const rows = await selectQueue(db, scope, {
    status: 'all',
    ...(filters.establishment ? { establishment: filters.establishment } : {}),
  });
  const units = await queueEstablishments(db, scope);
  const all = await decorate(db, viewer, rows);
  const items = filterQueue(all, filters);
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: `alerts.${purpose}`,
    details: { ...filters, results: items.length },
  });
  return {
    items,
    establishments: units,
    counts: countQueue(all),
    indicators: [...new Set(all.flatMap((a) => a.indicators))].sort(),
  };
}

/** The alerts the viewer may see about a person (as the member of staff or the pair's other person), for their page. */
export async function alertsAbout(db: Database, viewer: Principal, subject: string): Promise<QueueItem[]> {
  const scope = alertScope(viewer);
  if (scope.establishments === 'none') return [];
  return decorate(db, viewer, await selectQueue(db, scope, { status: 'all', subject }));
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

function checkDecision(status: string, reason: string): string {
  if (!(STATUSES as string[]).includes(status))
    throw new DispositionError('Choose what to do with the alert');
  const why = reason.trim();
  if (status === 'dismissed' && why.length < 5) throw new DispositionError('Say why the alert is dismissed');
  if (why.length > 2000) throw new DispositionError('Keep the reason to 2,000 characters');
  return why;
}

/** Records an analyst's decision on an alert, with its audit entry in the same transaction. */
export async function disposeAlert(
  db: Database,
  viewer: Principal,
  id: number,
  status: string,
  reason: string,
): Promise<boolean> {
  return (await disposeAlerts(db, viewer, [id], status, reason)).decided.length === 1;
}

/**
 * One decision with one reason on several alerts (bulk triage): each alert the viewer may see is
 * decided, with its own audit entry, all in one transaction; the others are returned as not found.
 */
export async function disposeAlerts(
  db: Database,
  viewer: Principal,
  ids: readonly number[],
  status: string,
  reason: string,
): Promise<{ decided: number[]; notFound: number[] }> {
  const why = checkDecision(status, reason);
  if (!ids.length) throw new DispositionError('Select the alerts to decide on');
  if (ids.length > 500) throw new DispositionError('Decide on at most 500 alerts at a time');
  const found: AlertDetail[] = [];
  const notFound: number[] = [];
  for (const id of new Set(ids)) {
    const alert = await loadDetail(db, viewer, id);
    if (alert) found.push(alert);
    else notFound.push(id);
  }
  await db.transaction(async (tx) => {
    for (const alert of found) {
      await updateDisposition(tx, alert.id, { status, reason: why || null, by: actorOf(viewer.username) });
      await appendAudit(tx, {
        actor: actorOf(viewer.username),
        action: 'alert.disposition',
        subjectType: 'alert',
        subjectId: String(alert.id),
        ...(why ? { purpose: why } : {}),
        details: {
          from: alert.status,
          to: status,
          staff: alert.staffId,
          ...(ids.length > 1 ? { bulk: ids.length } : {}),
        },
      });
    }
  });
  return { decided: found.map((a) => a.id), notFound };
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
