/**
 * Reads of people on probation, their contacts and look-ups, the links between officers and the
 * people they see, and the conflicts of interest found. Every list takes the reader's probation scope.
 */
import type { ProbationScope } from '../access/index.ts';
import { camelRows, type Queryable } from '../db/index.ts';
import { unitCondition } from '../people/index.ts';
import type { ContactRecord, LookupRecord, PairLink, ProbationPerson } from './boundaries.ts';
import type { RiskLevel } from './recall.ts';

/**
 * The condition on a `people_on_probation` row aliased `p` that says the reader may see the person:
 * their regions, and for an officer only the people they supervise, are assigned or hold a recall of.
 */
export function personCondition(scope: ProbationScope, params: unknown[]): string | undefined {
  const region = unitCondition(scope.regions, 'p.region', params);
  if (!region) return undefined;
  if (!scope.caseloadOf) return region;
  params.push(scope.caseloadOf);
  const me = `$${params.length}`;
  return `${region} AND (p.supervising_staff_id = ${me}
    OR EXISTS (SELECT 1 FROM assignments a WHERE a.crn = p.crn AND a.staff_id = ${me}
      AND (a.to_date IS NULL OR a.to_date >= current_date))
    OR EXISTS (SELECT 1 FROM recalls r WHERE r.crn = p.crn AND r.responsible_staff_id = ${me}))`;
}

/**
 * Whether the reader is kept from a person's recalls and police liaison: a conflict of interest was
 * found for them with the person. `crn` is the SQL expression of the person's CRN.
 */
export function conflictedCondition(scope: ProbationScope, crn: string, params: unknown[]): string {
  if (!scope.excludeStaffId) return 'false';
  params.push(scope.excludeStaffId);
  return `EXISTS (SELECT 1 FROM probation_conflicts pc WHERE pc.crn = ${crn} AND pc.staff_id = $${params.length})`;
}

export interface PersonRow {
  crn: string;
  name: string;
  dateOfBirth: string;
  region: string;
  regionName: string;
  timezone: string;
  supervisingStaffId: string;
  licenceStart: string;
  licenceEnd: string | null;
  address: string | null;
  phone: string | null;
  riskLevel: RiskLevel | null;
}

const PERSON = `SELECT p.crn, p.first_name || ' ' || p.last_name AS name, p.date_of_birth, p.region,
    e.name AS region_name, e.timezone, p.supervising_staff_id, p.licence_start, p.licence_end, p.address,
    p.phone, p.risk_level
  FROM people_on_probation p JOIN establishments e ON e.code = p.region`;

export async function personRow(
  db: Queryable,
  scope: ProbationScope,
  crn: string,
): Promise<PersonRow | undefined> {
  const params: unknown[] = [crn];
  const visible = personCondition(scope, params);
  if (!visible) return undefined;
  const { rows } = await db.query<Record<string, unknown>>(
    `${PERSON} WHERE p.crn = $1 AND ${visible}`,
    params,
  );
  return camelRows<PersonRow>(rows)[0];
}

/** People the reader may see, with their region (for the overview's boundaries), at most `limit`. */
export async function peopleInScope(
  db: Queryable,
  scope: ProbationScope,
  limit: number,
): Promise<PersonRow[]> {
  const params: unknown[] = [limit];
  const visible = personCondition(scope, params);
  if (!visible) return [];
  const { rows } = await db.query<Record<string, unknown>>(
    `${PERSON} WHERE ${visible} ORDER BY p.region, p.crn LIMIT $1`,
    params,
  );
  return camelRows(rows);
}

export interface Condition {
  code: string;
  description: string;
  fromDate: string;
  toDate: string | null;
}

export async function conditionsOf(db: Queryable, crn: string): Promise<Condition[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT code, description, from_date, to_date FROM licence_conditions WHERE crn = $1 ORDER BY from_date, code`,
    [crn],
  );
  return camelRows(rows);
}

/** What supervision boundaries need for a set of people: the people, their contacts and look-ups since `from`. */
export async function boundaryRecords(
  db: Queryable,
  crns: readonly string[],
  from: Date,
): Promise<{
  people: ProbationPerson[];
  contacts: ContactRecord[];
  lookups: LookupRecord[];
  links: PairLink[];
}> {
  const people = await db.query<Record<string, unknown>>(
    `SELECT crn, supervising_staff_id AS supervisor, risk_level AS risk, address_norm
       FROM people_on_probation WHERE crn = ANY($1)`,
    [crns],
  );
  const contacts = await db.query<Record<string, unknown>>(
    `SELECT crn, staff_id, start_at AS start, end_at AS end, kind, address_norm
       FROM probation_contacts WHERE crn = ANY($1) AND start_at >= $2`,
    [crns, from],
  );
  const lookups = await db.query<Record<string, unknown>>(
    `SELECT substr(subject, 5) AS crn, staff_id FROM record_access
      WHERE subject = ANY($1) AND at >= $2`,
    [crns.map((c) => `pop:${c}`), from],
  );
  return {
    people: camelRows<ProbationPerson>(people.rows),
    contacts: camelRows<ContactRecord>(contacts.rows),
    lookups: camelRows<LookupRecord>(lookups.rows),
    links: await pairLinks(db, crns),
  };
}

/**
 * Phones and addresses an officer shares with a person on probation or anyone at the person's address
 * (their household), whoever the officer is, and declarations naming the person.
 */
export async function pairLinks(
  db: Queryable,
  crns: readonly string[],
  staffId?: string,
): Promise<PairLink[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `WITH household AS (
       SELECT p.crn, h.phone, h.address, h.address_norm
         FROM people_on_probation p
         JOIN people_on_probation h ON h.crn = p.crn OR (h.address_norm = p.address_norm AND p.address_norm <> '')
        WHERE p.crn = ANY($1)
     ), shared AS (
       SELECT DISTINCT h.crn, i.staff_id, i.kind, i.value AS detail
         FROM household h JOIN staff_identifiers i
           ON (i.kind = 'phone' AND i.value_norm = h.phone) OR (i.kind = 'address' AND i.value_norm = h.address_norm)
        WHERE $2::text IS NULL OR i.staff_id = $2
     )
     SELECT s.crn, s.staff_id, s.kind, s.detail,
            EXISTS (SELECT 1 FROM declarations d WHERE d.staff_id = s.staff_id AND d.subject LIKE '%pop:' || s.crn || '%') AS declared
       FROM shared s
     UNION ALL
     SELECT x.m[1] AS crn, d.staff_id, 'declaration', d.kind || ' (' || d.decision || '): ' || d.details, true
       FROM declarations d CROSS JOIN LATERAL regexp_matches(d.subject, 'pop:([A-Z][0-9]{6})', 'g') AS x(m)
      WHERE x.m[1] = ANY($1) AND ($2::text IS NULL OR d.staff_id = $2)`,
    [crns, staffId ?? null],
  );
  return camelRows(rows);
}

/** What else ties an officer to a person: open alerts on the officer, reports naming both. */
export async function otherTies(
  db: Queryable,
  staffId: string,
  crn: string,
): Promise<{ openAlerts: { subject: string | null; summary: string }[]; reports: string[] }> {
  const alerts = await db.query<{ subject: string | null; summary: string }>(
    `SELECT subject, summary FROM alerts
      WHERE staff_id = $1 AND method = 'engine' AND raised AND status IN ('needs_review', 'confirmed')`,
    [staffId],
  );
  const reports = await db.query<{ report_id: string }>(
    `SELECT report_id FROM intelligence WHERE $1 = ANY(subjects) AND $2 = ANY(subjects) ORDER BY submitted_at`,
    [`staff:${staffId}`, `pop:${crn}`],
  );
  return { openAlerts: alerts.rows, reports: reports.rows.map((r) => r.report_id) };
}

export async function storeConflict(
  db: Queryable,
  crn: string,
  staffId: string,
  reasons: readonly string[],
): Promise<void> {
  await db.query(
    `INSERT INTO probation_conflicts (crn, staff_id, reasons) VALUES ($1, $2, $3)
     ON CONFLICT (crn, staff_id) DO UPDATE SET reasons = EXCLUDED.reasons, found_at = now()`,
    [crn, staffId, reasons],
  );
}

/** Probation officers of a region in post today, with the recalls each holds open. */
export async function regionOfficers(
  db: Queryable,
  region: string,
): Promise<{ staffId: string; name: string; openRecalls: number }[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT s.staff_id, s.first_name || ' ' || s.last_name AS name,
            (SELECT count(*)::int FROM recalls r WHERE r.responsible_staff_id = s.staff_id AND r.closed_at IS NULL) AS open_recalls
       FROM staff s
      WHERE s.establishment = $1 AND s.role = 'probation_officer' AND (s.end_date IS NULL OR s.end_date > current_date)
      ORDER BY s.staff_id`,
    [region],
  );
  return camelRows(rows);
}

/** Probation managers' accounts for a region (who the police contact about a recall). */
export async function regionManagers(
  db: Queryable,
  region: string,
): Promise<{ username: string; displayName: string; staffId: string | null }[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT username, display_name, staff_id FROM users
      WHERE role = 'probation_manager' AND $1 = ANY(regions) AND NOT disabled ORDER BY username`,
    [region],
  );
  return camelRows(rows);
}

export async function staffNamesOf(
  db: Queryable,
  ids: readonly string[],
): Promise<{ staffId: string; name: string }[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT staff_id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)`,
    [ids],
  );
  return camelRows(rows);
}
