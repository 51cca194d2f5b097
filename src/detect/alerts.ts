/** The data layer of alerts: storing a run's ranking, and reading the queue. */
import type { Queryable } from '../db/index.ts';
import type { DetectionConfig } from './config.ts';
import type { StaffRisk } from './engine.ts';

export type Method = 'engine' | 'baseline';
export type Severity = 'high' | 'medium' | 'low';
export type AlertStatus = 'needs_review' | 'confirmed' | 'dismissed' | 'resolved';

export function severityOf(score: number, config: DetectionConfig): Severity {
  return score >= config.severity.high ? 'high' : score >= config.severity.medium ? 'medium' : 'low';
}

/**
 * Writes one method's ranking for an establishment: every candidate is kept (so the evaluation can
 * rank them all), the first `budget` are raised. Existing alerts are updated in place, keeping their
 * status and disposition; those no longer ranked are lowered (not deleted).
 */
export async function storeRanking(
  tx: Queryable,
  run: { id: number; establishment: string; method: Method; budget: number; config: DetectionConfig },
  ranking: StaffRisk[],
): Promise<number> {
  const now = new Date();
  const rows = ranking.map((r, i) => ({
    staff_id: r.staffId,
    subject: r.subject,
    rank: i + 1,
    score: r.score,
    severity: severityOf(r.score, run.config),
    indicators: r.indicators,
    summary: r.summary,
    explanation: { reasons: r.reasons, legitimate: r.legitimate, pairs: r.pairs },
    raised: i < run.budget && r.score > 0,
  }));
  // One statement for the whole ranking (hundreds of candidates), not one round trip each.
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
      [run.method, run.establishment, run.config.version, run.id, now, JSON.stringify(rows)],
    );
  }
  await tx.query(
    `UPDATE alerts SET raised = false, rank = 100000, updated_at = $4
     WHERE establishment = $1 AND method = $2 AND run_id <> $3`,
    [run.establishment, run.method, run.id, now],
  );
  return rows.filter((r) => r.raised).length;
}

export interface AlertRow {
  id: number;
  method: Method;
  establishment: string;
  staffId: string;
  subject: string | null;
  rank: number;
  score: number;
  severity: Severity;
  indicators: string[];
  summary: string;
  raised: boolean;
  status: AlertStatus;
  firstRaisedAt: Date | null;
}

interface Row {
  id: string;
  method: Method;
  establishment: string;
  staff_id: string;
  subject: string | null;
  rank: number;
  score: number;
  severity: Severity;
  indicators: string[];
  summary: string;
  raised: boolean;
  status: AlertStatus;
  first_raised_at: Date | string | null;
}

export const toAlert = (r: Row): AlertRow => ({
  id: Number(r.id),
  method: r.method,
  establishment: r.establishment,
  staffId: r.staff_id,
  subject: r.subject,
  rank: r.rank,
  score: Number(r.score),
  severity: r.severity,
  indicators: r.indicators,
  summary: r.summary,
  raised: r.raised,
  status: r.status,
  firstRaisedAt: r.first_raised_at === null ? null : new Date(r.first_raised_at),
});

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
    `SELECT id::text, method, establishment, staff_id, subject, rank, score, severity, indicators, summary, raised, status, first_raised_at
     FROM alerts WHERE ${where} ORDER BY establishment, rank LIMIT $${params.length}`,
    params,
  );
  return rows.map(toAlert);
}
