/**
 * Alerts as rows: storing a run's ranking, the ranked lists, and the analysts' queue, detail and
 * dispositions. The reader's scope comes in from the access policy (queue.ts asks it) and becomes SQL here.
 */
import type { AlertScope } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { unitCondition } from '../people/index.ts';
import type { AlertRow, AlertStatus, AssignedAlertRow, Method, Severity } from './alerts.ts';
import type { Reason } from '../detect/index.ts';

/** An alert row as read: columns aliased to the names of AlertRow; ids, scores and times as the drivers give them. */
type Row = Omit<AlertRow, 'id' | 'score' | 'firstRaisedAt'> & {
  id: string;
  score: number | string;
  firstRaisedAt: Date | string | null;
};

const toAlert = (r: Row): AlertRow => ({
  ...r,
  id: Number(r.id),
  score: Number(r.score),
  firstRaisedAt: r.firstRaisedAt === null ? null : new Date(r.firstRaisedAt),
});

const COLUMNS = `a.id::text, a.method, a.establishment, a.staff_id AS "staffId", a.subject, a.rank, a.score, a.severity,
  a.indicators, a.summary, a.raised, a.status, a.first_raised_at AS "firstRaisedAt"`;

/** The assignment's columns, read from `alerts a` joined with ASSIGNED. */
const ASSIGNMENT = `a.assignee, au.display_name AS "assigneeName", a.assigned_by AS "assignedBy",
  ab.display_name AS "assignedByName", a.assigned_at AS "assignedAt"`;
const ASSIGNED = `LEFT JOIN users au ON au.username = a.assignee LEFT JOIN users ab ON ab.username = a.assigned_by`;

type AssignedRow = Row & {
  assignee: string | null;
  assigneeName: string | null;
  assignedBy: string | null;
  assignedByName: string | null;
  assignedAt: Date | string | null;
};

const toAssignedAlert = ({
  assignee,
  assigneeName,
  assignedBy,
  assignedByName,
  assignedAt,
  ...row
}: AssignedRow): AssignedAlertRow => ({
  ...toAlert(row),
  assignment:
    assignee === null
      ? null
      : {
          username: assignee,
          displayName: assigneeName!,
          by: assignedBy!,
          byName: assignedByName!,
          at: new Date(assignedAt!),
        },
});

/** One candidate of a ranking as stored (explanation as written at detection time). */
export interface RankedRow {
  staff_id: string;
  subject: string | null;
  rank: number;
  score: number;
  severity: Severity;
  indicators: string[];
  summary: string;
  explanation: object;
  raised: boolean;
}

/**
 * Upserts a method's ranking in one statement (hundreds of candidates, not one round trip each),
 * keeping an existing alert's status, disposition and first raise, then lowers (not deletes) the alerts
 * of that method and establishment this run no longer ranks.
 */
export async function upsertRanking(
  tx: Queryable,
  run: { id: number; establishment: string; method: Method; configVersion: string },
  rows: RankedRow[],
  now: Date,
): Promise<void> {
  if (rows.length) {
    await tx.query(
      `INSERT INTO alerts (method, establishment, staff_id, subject, rank, score, severity, indicators, summary,
         explanation, config_version, run_id, raised, first_raised_at, updated_at)
       SELECT $1, $2, r.staff_id, r.subject, r.rank, r.score, r.severity,
              ARRAY(SELECT jsonb_array_elements_text(r.indicators)), r.summary, r.explanation, $3, $4, r.raised,
              CASE WHEN r.raised THEN $5::timestamptz END, $5
       FROM jsonb_to_recordset($6::text::jsonb) AS r (staff_id text, subject text, rank integer, score double precision,
         severity text, indicators jsonb, summary text, explanation jsonb, raised boolean)
       ON CONFLICT (method, establishment, staff_id) DO UPDATE SET
         subject = EXCLUDED.subject, rank = EXCLUDED.rank, score = EXCLUDED.score, severity = EXCLUDED.severity,
         indicators = EXCLUDED.indicators, summary = EXCLUDED.summary, explanation = EXCLUDED.explanation,
         config_version = EXCLUDED.config_version, run_id = EXCLUDED.run_id, raised = EXCLUDED.raised,
         first_raised_at = coalesce(alerts.first_raised_at, EXCLUDED.first_raised_at), updated_at = EXCLUDED.updated_at`,
      [run.method, run.establishment, run.configVersion, run.id, now, JSON.stringify(rows)],
    );
  }
  await tx.query(
    `UPDATE alerts SET raised = false, rank = 100000, updated_at = $4
     WHERE establishment = $1 AND method = $2 AND run_id <> $3`,
    [run.establishment, run.method, run.id, now],
  );
}

/** Ranked alerts of one method (raised only, unless `all`), optionally for one establishment. */
export async function rankedAlerts(
  db: Queryable,
  opts: { method: Method; establishment?: string; all?: boolean; limit?: number },
): Promise<AlertRow[]> {
  const params: unknown[] = [opts.method];
  let where = 'method = $1';
  if (opts.establishment) {
    params.push(opts.establishment);
    where += ` AND establishment = $${params.length}`;
  }
  // Every candidate of the latest run (those a later run no longer ranks are kept at rank 100000), or the raised.
  where += opts.all ? ' AND rank < 100000' : ' AND raised';
  params.push(opts.limit ?? 1_000_000);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM alerts a WHERE ${where} ORDER BY a.establishment, a.rank LIMIT $${params.length}`,
    params,
  );
  return rows.map(toAlert);
}

/** The scope as SQL on an `alerts` row aliased `a`; undefined when it sees nothing. */
export function scoped(scope: AlertScope, params: unknown[]): string | undefined {
  const inScope = unitCondition(scope.establishments, 'a.establishment', params);
  if (!inScope) return undefined;
  if (!scope.excludeStaffId) return inScope;
  params.push(scope.excludeStaffId);
  return `${inScope} AND a.staff_id <> $${params.length}`;
}

/** The engine's raised alerts in scope, highest score first, with their assignments. */
export async function selectQueue(
  db: Queryable,
  scope: AlertScope,
  filters: { establishment?: string; status?: AlertStatus | 'all'; subject?: string },
): Promise<AssignedAlertRow[]> {
  const params: unknown[] = [];
  const inScope = scoped(scope, params);
  if (!inScope) return [];
  let where = `a.method = 'engine' AND a.raised AND ${inScope}`;
  if (filters.establishment) {
    params.push(filters.establishment);
    where += ` AND a.establishment = $${params.length}`;
  }
  if (filters.status && filters.status !== 'all') {
    params.push(filters.status);
    where += ` AND a.status = $${params.length}`;
  }
  if (filters.subject) {
    params.push(filters.subject);
    where += ` AND ('staff:' || a.staff_id = $${params.length} OR a.subject = $${params.length})`;
  }
  const { rows } = await db.query<AssignedRow>(
    `SELECT ${COLUMNS}, ${ASSIGNMENT} FROM alerts a ${ASSIGNED} WHERE ${where} ORDER BY a.score DESC, a.id`,
    params,
  );
  return rows.map(toAssignedAlert);
}

/** The establishments with engine alerts in scope, in order. */
export async function queueEstablishments(db: Queryable, scope: AlertScope): Promise<string[]> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ establishment: string }>(
    `SELECT DISTINCT a.establishment FROM alerts a WHERE a.method = 'engine' AND ${scoped(scope, params)} ORDER BY 1`,
    params,
  );
  return rows.map((r) => r.establishment);
}

export interface StoredExplanation {
  reasons: Reason[];
  legitimate: string[];
  pairs: { subject: string; score: number }[];
}

export interface AlertDetailRow {
  alert: AssignedAlertRow;
  explanation: StoredExplanation;
  configVersion: string;
  dispositionReason: string | null;
  disposedBy: string | null;
  disposedAt: Date | null;
  window: { from: Date; to: Date };
}

/** An engine alert in scope with its explanation, disposition and run's window. */
export async function selectAlertDetail(
  db: Queryable,
  scope: AlertScope,
  id: number,
): Promise<AlertDetailRow | undefined> {
  const params: unknown[] = [id];
  const inScope = scoped(scope, params);
  if (!inScope || !Number.isSafeInteger(id)) return undefined;
  const { rows } = await db.query<
    AssignedRow & {
      explanation: StoredExplanation;
      configVersion: string;
      dispositionReason: string | null;
      disposedBy: string | null;
      disposedAt: Date | string | null;
      windowFrom: Date | string;
      windowTo: Date | string;
    }
  >(
    `SELECT ${COLUMNS}, ${ASSIGNMENT}, a.explanation, a.config_version AS "configVersion",
            a.disposition_reason AS "dispositionReason", a.disposed_by AS "disposedBy",
            a.disposed_at AS "disposedAt", r.window_from AS "windowFrom", r.window_to AS "windowTo"
     FROM alerts a JOIN detection_runs r ON r.id = a.run_id ${ASSIGNED}
     WHERE a.id = $1 AND a.method = 'engine' AND ${inScope}`,
    params,
  );
  const row = rows[0];
  if (!row) return undefined;
  const {
    explanation,
    configVersion,
    dispositionReason,
    disposedBy,
    disposedAt,
    windowFrom,
    windowTo,
    ...alert
  } = row;
  return {
    alert: toAssignedAlert(alert),
    // jsonb arrives parsed from both databases.
    explanation,
    configVersion,
    dispositionReason,
    disposedBy,
    disposedAt: disposedAt ? new Date(disposedAt) : null,
    window: { from: new Date(windowFrom), to: new Date(windowTo) },
  };
}

export async function updateDisposition(
  db: Queryable,
  id: number,
  d: { status: string; reason: string | null; by: string },
): Promise<void> {
  await db.query(
    `UPDATE alerts SET status = $2, disposition_reason = $3, disposed_by = $4, disposed_at = now() WHERE id = $1`,
    [id, d.status, d.reason, d.by],
  );
}

/** Per indicator, how many decided engine alerts in scope there are and how many were confirmed. */
export async function decidedPerIndicator(
  db: Queryable,
  scope: AlertScope,
): Promise<{ indicator: string; decided: number; confirmed: number }[]> {
  const params: unknown[] = [];
  const inScope = scoped(scope, params);
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
