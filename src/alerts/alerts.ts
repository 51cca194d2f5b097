/** What an alert is, its severity, and which of a run's ranking are raised (alerts-repo.ts stores them). */
import type { Queryable } from '../db/index.ts';
import { upsertRanking } from './alerts-repo.ts';
import type { DetectionConfig, StaffRisk } from '../detect/index.ts';

export type Method = 'engine' | 'baseline';
export type Severity = 'high' | 'medium' | 'low';
export type AlertStatus = 'needs_review' | 'confirmed' | 'dismissed' | 'resolved';

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

/** Who works an alert: the analyst it is assigned to, who assigned it (themselves, when they took it) and when. */
export interface Assignment {
  username: string;
  displayName: string;
  by: string;
  byName: string;
  at: Date;
}

/** An alert as the queue and its page read it: with its assignment, if it has one. */
export interface AssignedAlertRow extends AlertRow {
  assignment: Assignment | null;
}

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
  await upsertRanking(
    tx,
    { id: run.id, establishment: run.establishment, method: run.method, configVersion: run.config.version },
    rows,
    now,
  );
  return rows.filter((r) => r.raised).length;
}
