/** Licence breaches: recorded, taken from imported failures to attend, listed and closed. */
import type { ProbationScope } from '../access/index.ts';
import { camelRows, type Queryable } from '../db/index.ts';
import { personCondition } from './repo.ts';
import { recallHiddenCondition } from './recalls-repo.ts';

export const BREACH_STATUSES = ['open', 'warning', 'recall', 'no_further_action'] as const;
export type BreachStatus = (typeof BREACH_STATUSES)[number];

export interface BreachRow {
  id: string;
  crn: string;
  personName: string;
  region: string;
  conditionCode: string;
  occurredAt: Date;
  description: string;
  evidence: string;
  fromContact: boolean;
  recordedBy: string;
  recordedAt: Date;
  status: BreachStatus;
  closedBy: string | null;
  closedAt: Date | null;
}

/** Outcomes of an imported contact that say the person did not come. */
export const FAILED_TO_ATTEND = ['failed to attend', 'failed_to_attend', 'did not attend', 'dna', 'fta'];

/**
 * Breaches the reader may see, newest first: of people in their scope, and never one whose recall a
 * conflict of interest keeps from them. `crn` narrows to one person; `open` to those not closed.
 */
export async function breachRows(
  db: Queryable,
  scope: ProbationScope,
  filter: { crn?: string; open?: boolean; id?: string },
): Promise<BreachRow[]> {
  if (filter.id !== undefined && !/^\d{1,18}$/.test(filter.id)) return [];
  const params: unknown[] = [filter.crn ?? null, filter.open ?? false, filter.id ?? null];
  const visible = personCondition(scope, params);
  if (!visible) return [];
  const hidden = recallHiddenCondition(scope, 'r', params);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT b.id::text, b.crn, p.first_name || ' ' || p.last_name AS person_name, p.region, b.condition_code,
            b.occurred_at, b.description, b.evidence, b.contact_start IS NOT NULL AS from_contact,
            b.recorded_by, b.recorded_at, b.status, b.closed_by, b.closed_at
       FROM licence_breaches b JOIN people_on_probation p ON p.crn = b.crn
      WHERE ($1::text IS NULL OR b.crn = $1) AND (NOT $2 OR b.status = 'open') AND ($3::bigint IS NULL OR b.id = $3)
        AND ${visible}
        AND NOT EXISTS (SELECT 1 FROM recalls r WHERE r.breach_id = b.id AND (${hidden}))
      ORDER BY b.occurred_at DESC, b.id DESC`,
    params,
  );
  return camelRows(rows);
}

export interface NewBreach {
  crn: string;
  conditionCode: string;
  occurredAt: Date;
  description: string;
  evidence: string;
  contact?: { staffId: string; start: Date };
}

export async function insertBreach(
  db: Queryable,
  b: NewBreach,
  username: string,
): Promise<string | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    `INSERT INTO licence_breaches (crn, condition_code, occurred_at, description, evidence, contact_staff_id,
       contact_start, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (crn, contact_staff_id, contact_start) DO NOTHING RETURNING id::text`,
    [
      b.crn,
      b.conditionCode,
      b.occurredAt,
      b.description,
      b.evidence,
      b.contact?.staffId ?? null,
      b.contact?.start ?? null,
      username,
    ],
  );
  return rows[0]?.id as string | undefined;
}

export async function setBreachStatus(
  db: Queryable,
  id: string,
  status: BreachStatus,
  username: string | null,
): Promise<void> {
  await db.query(
    `UPDATE licence_breaches SET status = $2,
       closed_by = CASE WHEN $2 IN ('open', 'recall') THEN NULL ELSE $3 END,
       closed_at = CASE WHEN $2 IN ('open', 'recall') THEN NULL ELSE now() END
     WHERE id = $1`,
    [id, status, username],
  );
}

export interface MissedContact {
  crn: string;
  personName: string;
  staffId: string;
  start: Date;
  kind: string;
  outcome: string;
}

/** Imported contacts the person failed to attend since `from`, not yet made breaches, of people in scope. */
export async function missedContacts(
  db: Queryable,
  scope: ProbationScope,
  from: Date,
  crn?: string,
  limit = 200,
): Promise<MissedContact[]> {
  const params: unknown[] = [from, FAILED_TO_ATTEND, crn ?? null, limit];
  const visible = personCondition(scope, params);
  if (!visible) return [];
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT c.crn, p.first_name || ' ' || p.last_name AS person_name, c.staff_id, c.start_at AS start, c.kind, c.outcome
       FROM probation_contacts c JOIN people_on_probation p ON p.crn = c.crn
      WHERE c.start_at >= $1 AND lower(c.outcome) = ANY($2) AND ($3::text IS NULL OR c.crn = $3) AND ${visible}
        AND NOT EXISTS (SELECT 1 FROM licence_breaches b
                         WHERE b.crn = c.crn AND b.contact_staff_id = c.staff_id AND b.contact_start = c.start_at)
      ORDER BY c.start_at DESC LIMIT $4`,
    params,
  );
  return camelRows(rows);
}

/** The imported contact, when it is a failure to attend. */
export async function missedContact(
  db: Queryable,
  crn: string,
  staffId: string,
  start: Date,
): Promise<{ kind: string; outcome: string } | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT kind, outcome FROM probation_contacts
      WHERE crn = $1 AND staff_id = $2 AND start_at = $3 AND lower(outcome) = ANY($4)`,
    [crn, staffId, start, FAILED_TO_ATTEND],
  );
  return camelRows<{ kind: string; outcome: string }>(rows)[0];
}
