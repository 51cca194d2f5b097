/** Data access for people: finding them within a scope, their records, and the tables of their pages. */
import type { PeopleScope, PersonKind, UnitFilter } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { unitCondition } from './scope-sql.ts';

/** A person found by a search. */
export interface PersonRow {
  kind: PersonKind;
  id: string;
  name: string;
  dateOfBirth: string | null;
  unit: string;
}

/** The SQL that finds people of one kind by identifier or by every word of the query in their name. */
function kindQuery(kind: PersonKind, q: string, words: string[], scope: PeopleScope, params: unknown[]) {
  const table = { staff: 'staff', prisoner: 'prisoners', pop: 'people_on_probation' }[kind];
  const idCol = { staff: 'staff_id', prisoner: 'prison_number', pop: 'crn' }[kind];
  const unitCol = kind === 'pop' ? 'region' : 'establishment';
  const inScope = unitCondition(scope[kind], unitCol, params);
  if (!inScope) return undefined;
  params.push(q.trim().toUpperCase());
  const idMatch = `upper(${idCol}) = $${params.length}`;
  const nameMatch = words.length
    ? words
        .map((w) => {
          params.push(`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
          return `name_norm LIKE $${params.length}`;
        })
        .join(' AND ')
    : 'false';
  let notSelf = 'true';
  if (kind === 'staff' && scope.excludeStaffId) {
    params.push(scope.excludeStaffId);
    notSelf = `staff_id <> $${params.length}`;
  }
  return `SELECT '${kind}' AS kind, ${idCol} AS id, first_name || ' ' || last_name AS name,
            date_of_birth::text AS date_of_birth, ${unitCol} AS unit
          FROM ${table} WHERE (${inScope}) AND ${notSelf} AND (${idMatch} OR (${nameMatch}))`;
}

/** People in scope whose identifier is `q` or whose name holds every word, by name; at most `limit`. */
export async function findPeople(
  db: Queryable,
  scope: PeopleScope,
  q: string,
  words: string[],
  limit: number,
): Promise<PersonRow[]> {
  const params: unknown[] = [];
  const parts = (['staff', 'prisoner', 'pop'] as const)
    .map((k) => kindQuery(k, q, words, scope, params))
    .filter((s): s is string => !!s);
  if (!parts.length) return [];
  params.push(limit);
  const { rows } = await db.query<{
    kind: PersonKind;
    id: string;
    name: string;
    date_of_birth: string | null;
    unit: string;
  }>(`${parts.join(' UNION ALL ')} ORDER BY name, id LIMIT $${params.length}`, params);
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    name: r.name,
    dateOfBirth: r.date_of_birth,
    unit: r.unit,
  }));
}

export interface StaffRecord {
  staffId: string;
  name: string;
  dateOfBirth: string | null;
  role: string;
  establishment: string;
  startDate: string | null;
  endDate: string | null;
}

/** A member of staff of the establishments in `units`. */
export async function staffRecord(
  db: Queryable,
  staffId: string,
  units: UnitFilter,
): Promise<StaffRecord | undefined> {
  const params: unknown[] = [staffId];
  const inScope = unitCondition(units, 'establishment', params);
  if (!inScope) return undefined;
  const { rows } = await db.query<{
    staff_id: string;
    name: string;
    date_of_birth: string | null;
    role: string;
    establishment: string;
    start_date: string | null;
    end_date: string | null;
  }>(
    `SELECT staff_id, first_name || ' ' || last_name AS name, date_of_birth::text AS date_of_birth,
            role, establishment, start_date::text AS start_date, end_date::text AS end_date
     FROM staff WHERE staff_id = $1 AND ${inScope}`,
    params,
  );
  const r = rows[0];
  return (
    r && {
      staffId: r.staff_id,
      name: r.name,
      dateOfBirth: r.date_of_birth,
      role: r.role,
      establishment: r.establishment,
      startDate: r.start_date,
      endDate: r.end_date,
    }
  );
}

export interface PrisonerRecord {
  prisonNumber: string;
  name: string;
  dateOfBirth: string;
  establishment: string;
  received: string;
  releaseDate: string | null;
}

/** A prisoner of the establishments in `units`, with the name of their establishment. */
export async function prisonerRecord(
  db: Queryable,
  prisonNumber: string,
  units: UnitFilter,
): Promise<PrisonerRecord | undefined> {
  const params: unknown[] = [prisonNumber];
  const inScope = unitCondition(units, 'p.establishment', params);
  if (!inScope) return undefined;
  const { rows } = await db.query<Record<string, string | null>>(
    `SELECT p.prison_number, p.first_name || ' ' || p.last_name AS name, p.date_of_birth::text AS dob,
            e.name AS establishment, p.reception_date::text AS reception, p.release_date::text AS release
     FROM prisoners p JOIN establishments e ON e.code = p.establishment
     WHERE p.prison_number = $1 AND ${inScope}`,
    params,
  );
  const p = rows[0];
  return (
    p && {
      prisonNumber: p.prison_number!,
      name: p.name!,
      dateOfBirth: p.dob!,
      establishment: p.establishment!,
      received: p.reception!,
      releaseDate: p.release ?? null,
    }
  );
}

export interface ProbationRecord {
  crn: string;
  name: string;
  dateOfBirth: string;
  region: string;
  supervisingStaffId: string | null;
  supervisorName: string | null;
  licenceStart: string | null;
  licenceEnd: string | null;
  address: string | null;
  phone: string | null;
}

/** A person on probation in the regions of `units`, with their region's and supervisor's names. */
export async function probationRecord(
  db: Queryable,
  crn: string,
  units: UnitFilter,
): Promise<ProbationRecord | undefined> {
  const params: unknown[] = [crn];
  const inScope = unitCondition(units, 'p.region', params);
  if (!inScope) return undefined;
  const { rows } = await db.query<Record<string, string | null>>(
    `SELECT p.crn, p.first_name || ' ' || p.last_name AS name, p.date_of_birth::text AS dob, e.name AS region,
            p.supervising_staff_id, s.first_name || ' ' || s.last_name AS supervisor,
            p.licence_start::text AS licence_start, p.licence_end::text AS licence_end, p.address, p.phone
     FROM people_on_probation p JOIN establishments e ON e.code = p.region
       LEFT JOIN staff s ON s.staff_id = p.supervising_staff_id
     WHERE p.crn = $1 AND ${inScope}`,
    params,
  );
  const p = rows[0];
  return (
    p && {
      crn: p.crn!,
      name: p.name!,
      dateOfBirth: p.dob!,
      region: p.region!,
      supervisingStaffId: p.supervising_staff_id ?? null,
      supervisorName: p.supervisor ?? null,
      licenceStart: p.licence_start ?? null,
      licenceEnd: p.licence_end ?? null,
      address: p.address ?? null,
      phone: p.phone ?? null,
    }
  );
}

export async function establishmentName(db: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM establishments WHERE code = $1', [
    code,
  ]);
  return rows[0]?.name;
}

/** The tables a person's page shows, each as rows of display strings in column order. */
const TABLES = {
  contacts: `SELECT name, relationship, phone, address, CASE WHEN approved THEN 'Yes' ELSE 'No' END
             FROM prisoner_contacts WHERE prison_number = $1 ORDER BY name`,
  licenceConditions: `SELECT code, description, from_date::text, to_date::text FROM licence_conditions WHERE crn = $1 ORDER BY from_date`,
  vetting: `SELECT level, granted::text, expires::text FROM vetting WHERE staff_id = $1 ORDER BY granted`,
  training: `SELECT course, completed::text, expires::text FROM training WHERE staff_id = $1 ORDER BY completed`,
  identifiers: `SELECT kind, value, valid_from::text, valid_to::text FROM staff_identifiers WHERE staff_id = $1 ORDER BY kind, valid_from`,
  declarations: `SELECT to_char(declared_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), kind, details, decision
                 FROM declarations WHERE staff_id = $1 ORDER BY declared_at`,
  assignments: `SELECT kind, coalesce(prison_number, crn), from_date::text, to_date::text FROM assignments
                WHERE staff_id = $1 ORDER BY from_date`,
} as const;
export type PersonTable = keyof typeof TABLES;

/** One table of a person's page, for the person whose identifier is `id`; nulls as empty strings. */
export async function tableRows(db: Queryable, table: PersonTable, id: string): Promise<string[][]> {
  const { rows } = await db.query<Record<string, unknown>>(TABLES[table], [id]);
  return rows.map((r) => Object.values(r).map((v) => (v === null ? '' : String(v))));
}
