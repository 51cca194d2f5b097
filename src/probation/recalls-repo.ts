/** Recalls: requested, reported on, decided, dated and closed; listed within the reader's scope. */
import type { ProbationScope } from '../access/index.ts';
import { camelRows, type Queryable } from '../db/index.ts';
import type { RecallDates, RecallType, RiskLevel } from './recall.ts';
import { conflictedCondition, personCondition } from './repo.ts';

/**
 * The condition on a `recalls` row aliased `alias` that keeps it from the reader: routed away from them
 * as the supervising officer, or about a person with whom a conflict of interest was found for them.
 */
export function recallHiddenCondition(scope: ProbationScope, alias: string, params: unknown[]): string {
  if (!scope.excludeStaffId) return 'false';
  params.push(scope.excludeStaffId);
  const me = `$${params.length}`;
  return `(${alias}.supervising_staff_id = ${me} AND cardinality(${alias}.routed_reasons) > 0)
    OR ${conflictedCondition(scope, `${alias}.crn`, params)}`;
}

export interface RecallRow extends RecallDates {
  id: string;
  crn: string;
  personName: string;
  region: string;
  breachId: string;
  requestedBy: string;
  supervisingStaffId: string;
  responsibleStaffId: string;
  routedReasons: string[];
  policeContact: string;
  reportCircumstances: string | null;
  reportRisk: RiskLevel | null;
  reportAlternatives: string | null;
  reportAddress: string | null;
  decisionReason: string | null;
  decidedBy: string | null;
}

/** Recalls the reader may see, newest first: one (`id`), one person's (`crn`), or those still open. */
export async function recallRows(
  db: Queryable,
  scope: ProbationScope,
  filter: { id?: string; crn?: string; open?: boolean },
): Promise<RecallRow[]> {
  if (filter.id !== undefined && !/^\d{1,18}$/.test(filter.id)) return [];
  const params: unknown[] = [filter.id ?? null, filter.crn ?? null, filter.open ?? false];
  const visible = personCondition(scope, params);
  if (!visible) return [];
  const hidden = recallHiddenCondition(scope, 'r', params);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT r.id::text, r.crn, p.first_name || ' ' || p.last_name AS person_name, p.region, r.breach_id::text,
            r.recall_type, r.requested_by, r.requested_at, r.supervising_staff_id, r.responsible_staff_id,
            r.routed_reasons, r.police_contact, r.report_circumstances, r.report_risk, r.report_alternatives,
            r.report_address, r.report_completed_at, r.decision, r.decision_reason, r.decided_by, r.decided_at,
            r.submitted_at, r.revocation_issued_at, r.returned_at, r.outcome, r.review_completed_at, r.closed_at
       FROM recalls r JOIN people_on_probation p ON p.crn = r.crn
      WHERE ($1::bigint IS NULL OR r.id = $1) AND ($2::text IS NULL OR r.crn = $2) AND (NOT $3 OR r.closed_at IS NULL)
        AND ${visible} AND NOT (${hidden})
      ORDER BY r.requested_at DESC, r.id DESC`,
    params,
  );
  return camelRows(rows);
}

export interface NewRecall {
  crn: string;
  breachId: string;
  recallType: RecallType;
  supervisingStaffId: string;
  responsibleStaffId: string;
  routedReasons: readonly string[];
  policeContact: string;
  requestedAt: Date;
}

export async function insertRecall(db: Queryable, r: NewRecall, username: string): Promise<string> {
  const { rows } = await db.query<Record<string, unknown>>(
    `INSERT INTO recalls (crn, breach_id, recall_type, requested_by, supervising_staff_id, responsible_staff_id,
       routed_reasons, police_contact)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [
      r.crn,
      r.breachId,
      r.recallType,
      username,
      r.supervisingStaffId,
      r.responsibleStaffId,
      r.routedReasons,
      r.policeContact,
    ],
  );
  return rows[0]!.id as string;
}

/** The columns each step writes: kept here so that the step's words never become SQL. */
export type RecallChange =
  | { report: { circumstances: string; risk: string; alternatives: string; address: string } }
  | { decision: { decision: string; reason: string; by: string } }
  | {
      at: {
        column: 'submitted_at' | 'revocation_issued_at' | 'returned_at' | 'review_completed_at';
        value: Date;
      };
    }
  | { withdrawn: { reason: string; by: string } };

/** Writes one step at `now` (the moment the step is recorded, kept apart from the dates it records). */
export async function updateRecall(
  db: Queryable,
  id: string,
  change: RecallChange,
  now: Date,
): Promise<void> {
  if ('report' in change) {
    const c = change.report;
    await db.query(
      `UPDATE recalls SET report_circumstances = $2, report_risk = $3, report_alternatives = $4,
         report_address = NULLIF($5, ''), report_completed_at = $6 WHERE id = $1`,
      [id, c.circumstances, c.risk, c.alternatives, c.address, now],
    );
  } else if ('decision' in change) {
    const c = change.decision;
    await db.query(
      `UPDATE recalls SET decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5,
         outcome = CASE WHEN $2 = 'not_authorised' THEN 'not_recalled' END,
         closed_at = CASE WHEN $2 = 'not_authorised' THEN $5::timestamptz END
       WHERE id = $1`,
      [id, c.decision, c.reason, c.by, now],
    );
  } else if ('at' in change) {
    const { column, value } = change.at;
    const sets: Record<typeof column, string> = {
      submitted_at: 'submitted_at = $2',
      revocation_issued_at: 'revocation_issued_at = $2',
      returned_at: "returned_at = $2, outcome = 'returned_to_custody'",
      review_completed_at: 'review_completed_at = $2, closed_at = $3',
    };
    await db.query(
      `UPDATE recalls SET ${sets[column]} WHERE id = $1`,
      column === 'review_completed_at' ? [id, value, now] : [id, value],
    );
  } else {
    await db.query(
      `UPDATE recalls SET outcome = 'withdrawn', decision_reason = coalesce(decision_reason, $2),
         closed_at = $3 WHERE id = $1`,
      [id, change.withdrawn.reason, now],
    );
  }
}

export interface PoliceContactRow {
  id: string;
  crn: string | null;
  caseId: string | null;
  recallId: string | null;
  at: Date;
  direction: 'request_received' | 'information_shared' | 'request_made';
  force: string;
  policeOfficer: string;
  what: string;
  handlingCode: 'P' | 'C';
  handlingConditions: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export type NewPoliceContact = Omit<PoliceContactRow, 'id' | 'recordedBy' | 'recordedAt'>;

export async function insertPoliceContact(
  db: Queryable,
  c: NewPoliceContact,
  username: string,
): Promise<string> {
  const { rows } = await db.query<Record<string, unknown>>(
    `INSERT INTO police_contacts (crn, case_id, recall_id, at, direction, force, police_officer, what,
       handling_code, handling_conditions, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text`,
    [
      c.crn,
      c.caseId,
      c.recallId,
      c.at,
      c.direction,
      c.force,
      c.policeOfficer,
      c.what,
      c.handlingCode,
      c.handlingConditions,
      username,
    ],
  );
  return rows[0]!.id as string;
}

/** Police liaison about one person, newest first, unless a conflict of interest keeps it from the reader. */
export async function policeContactsOf(
  db: Queryable,
  scope: ProbationScope,
  crn: string,
): Promise<PoliceContactRow[]> {
  const params: unknown[] = [crn];
  const hidden = conflictedCondition(scope, '$1', params);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::text, crn, case_id::text, recall_id::text, at, direction, force, police_officer, what,
            handling_code, handling_conditions, recorded_by, recorded_at
       FROM police_contacts WHERE crn = $1 AND NOT (${hidden}) ORDER BY at DESC, id DESC`,
    params,
  );
  return camelRows(rows);
}

/** Police liaison about one case, newest first (the caller has checked that the reader may see the case). */
export async function policeContactsOfCase(db: Queryable, caseId: string): Promise<PoliceContactRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::text, crn, case_id::text, recall_id::text, at, direction, force, police_officer, what,
            handling_code, handling_conditions, recorded_by, recorded_at
       FROM police_contacts WHERE case_id = $1 ORDER BY at DESC, id DESC`,
    [caseId],
  );
  return camelRows(rows);
}
