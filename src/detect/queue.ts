/**
 * The alert queue as analysts see it: within their scope from the access policy, never about
 * themselves, staff under pseudonyms; every list, look and disposition audited.
 */
import { alertScope, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { unitCondition, viewRefs, type RefLabel } from '../people/index.ts';
import { toAlert, type AlertRow, type AlertStatus } from './alerts.ts';
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

function scoped(viewer: Principal, params: unknown[]): string | undefined {
  const scope = alertScope(viewer);
  const inScope = unitCondition(scope.establishments, 'a.establishment', params);
  if (!inScope) return undefined;
  if (!scope.excludeStaffId) return inScope;
  params.push(scope.excludeStaffId);
  return `${inScope} AND a.staff_id <> $${params.length}`;
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

const COLUMNS = `a.id::text, a.method, a.establishment, a.staff_id, a.subject, a.rank, a.score, a.severity, a.indicators,
  a.summary, a.raised, a.status, a.first_raised_at`;

export async function alertQueue(
  db: Database,
  viewer: Principal,
  filters: { establishment?: string; status?: AlertStatus | 'all' },
): Promise<{ items: QueueItem[]; establishments: string[] }> {
  const params: unknown[] = [];
  const inScope = scoped(viewer, params);
  if (!inScope) return { items: [], establishments: [] };
  let where = `a.method = 'engine' AND a.raised AND ${inScope}`;
  if (filters.establishment) {
    params.push(filters.establishment);
    where += ` AND a.establishment = $${params.length}`;
  }
  if (filters.status && filters.status !== 'all') {
    params.push(filters.status);
    where += ` AND a.status = $${params.length}`;
  }
  const { rows } = await db.query<never>(
    `SELECT ${COLUMNS} FROM alerts a WHERE ${where} ORDER BY a.score DESC, a.id`,
    params,
  );
  const scopeParams: unknown[] = [];
  const units = await db.query<{ establishment: string }>(
    `SELECT DISTINCT a.establishment FROM alerts a WHERE a.method = 'engine' AND ${scoped(viewer, scopeParams)} ORDER BY 1`,
    scopeParams,
  );
  const items = await decorate(db, viewer, (rows as never[]).map(toAlert));
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'alerts.list',
    details: { ...filters, results: items.length },
  });
  return { items, establishments: units.rows.map((r) => r.establishment) };
}

async function loadDetail(db: Queryable, viewer: Principal, id: number): Promise<AlertDetail | undefined> {
  const params: unknown[] = [id];
  const inScope = scoped(viewer, params);
  if (!inScope || !Number.isSafeInteger(id)) return undefined;
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS}, a.explanation, a.config_version, a.disposition_reason, a.disposed_by, a.disposed_at,
            r.window_from, r.window_to
     FROM alerts a JOIN detection_runs r ON r.id = a.run_id
     WHERE a.id = $1 AND a.method = 'engine' AND ${inScope}`,
    params,
  );
  const row = rows[0];
  if (!row) return undefined;
  const [item] = await decorate(db, viewer, [toAlert(row as never)]);
  // jsonb arrives parsed from both databases.
  const explanation = row.explanation as {
    reasons: Reason[];
    legitimate: string[];
    pairs: { subject: string; score: number }[];
  };
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
    configVersion: row.config_version as string,
    dispositionReason: row.disposition_reason as string | null,
    disposedBy: row.disposed_by as string | null,
    disposedAt: row.disposed_at ? new Date(row.disposed_at as string) : null,
    window: { from: new Date(row.window_from as string), to: new Date(row.window_to as string) },
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
    await tx.query(
      `UPDATE alerts SET status = $2, disposition_reason = $3, disposed_by = $4, disposed_at = now() WHERE id = $1`,
      [id, status, why || null, actorOf(viewer.username)],
    );
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
  const params: unknown[] = [];
  const inScope = scoped(viewer, params);
  if (!inScope) return [];
  const { rows } = await db.query<{ indicator: string; decided: number; confirmed: number }>(
    `SELECT i AS indicator, count(*)::int AS decided, count(*) FILTER (WHERE a.status = 'confirmed')::int AS confirmed
     FROM alerts a, unnest(a.indicators) AS i
     WHERE a.method = 'engine' AND a.status <> 'needs_review' AND ${inScope}
     GROUP BY i ORDER BY i`,
    params,
  );
  return rows;
}
