/**
 * The reads behind detection's window of one establishment (data.ts builds the indicators' structures
 * from them). Rows come back as the database gives them, camelCase by alias in the SQL rather than
 * copied: a window holds millions of rows. Times are whole minutes since the epoch.
 */
import type { Queryable } from '../db/index.ts';

export async function establishmentInfo(
  db: Queryable,
  code: string,
): Promise<{ kind: string; timezone: string | null } | undefined> {
  const { rows } = await db.query<{ kind: string; timezone: string | null }>(
    'SELECT kind, timezone FROM establishments WHERE code = $1',
    [code],
  );
  return rows[0];
}

export async function staffRows(
  db: Queryable,
  code: string,
): Promise<{ staffId: string; role: string; name: string }[]> {
  return (
    await db.query<{ staffId: string; role: string; name: string }>(
      `SELECT staff_id AS "staffId", role, name_norm AS name FROM staff WHERE establishment = $1 ORDER BY staff_id`,
      [code],
    )
  ).rows;
}

/** Prisoners held there, or allocated a cell there during the window, in order. */
export async function prisonerNumbers(db: Queryable, code: string, from: Date, to: Date): Promise<string[]> {
  const { rows } = await db.query<{ prison_number: string }>(
    `SELECT DISTINCT prison_number FROM (
       SELECT prison_number FROM prisoners WHERE establishment = $1
       UNION SELECT c.prison_number FROM cell_allocations c JOIN locations l ON l.code = c.location
         WHERE l.establishment = $1 AND c.from_at < $3 AND (c.to_at IS NULL OR c.to_at > $2)
     ) p ORDER BY prison_number`,
    [code, from, to],
  );
  return rows.map((r) => r.prison_number);
}

export async function locationRows(
  db: Queryable,
  code: string,
): Promise<{ code: string; kind: string; parent: string | null }[]> {
  return (
    await db.query<{ code: string; kind: string; parent: string | null }>(
      'SELECT code, kind, parent FROM locations WHERE establishment = $1 ORDER BY code',
      [code],
    )
  ).rows;
}

/** Presence intervals starting in [start, end) and ending after `after`: t is the subject type. */
export async function presenceRows(
  db: Queryable,
  code: string,
  start: Date,
  end: Date,
  after: Date,
): Promise<{ t: string; id: string; loc: string; s: number; e: number }[]> {
  return (
    await db.query<{ t: string; id: string; loc: string; s: number; e: number }>(
      `SELECT p.subject_type AS t, p.subject_id AS id, p.location AS loc,
              floor(extract(epoch FROM p.start_at) / 60)::int AS s, floor(extract(epoch FROM p.end_at) / 60)::int AS e
       FROM presence p JOIN locations l ON l.code = p.location
       WHERE l.establishment = $1 AND p.start_at >= $2 AND p.start_at < $3 AND p.end_at > $4`,
      [code, start, end, after],
    )
  ).rows;
}

/** Roster shifts overlapping the window, by staff and start. */
export async function rosterRows(
  db: Queryable,
  code: string,
  from: Date,
  to: Date,
): Promise<{ staffId: string; post: string; s: number; e: number }[]> {
  return (
    await db.query<{ staffId: string; post: string; s: number; e: number }>(
      `SELECT staff_id AS "staffId", post, floor(extract(epoch FROM start_at) / 60)::int AS s, floor(extract(epoch FROM end_at) / 60)::int AS e
     FROM rosters WHERE establishment = $1 AND start_at < $3 AND end_at > $2 ORDER BY staff_id, start_at`,
      [code, from, to],
    )
  ).rows;
}

/** Cell allocations overlapping the window, by prisoner and start; t is null while it lasts. */
export async function cellRows(
  db: Queryable,
  code: string,
  from: Date,
  to: Date,
): Promise<{ prisonNumber: string; location: string; f: number; t: number | null }[]> {
  return (
    await db.query<{ prisonNumber: string; location: string; f: number; t: number | null }>(
      `SELECT c.prison_number AS "prisonNumber", c.location, floor(extract(epoch FROM c.from_at) / 60)::int AS f,
            floor(extract(epoch FROM c.to_at) / 60)::int AS t
     FROM cell_allocations c JOIN locations l ON l.code = c.location
     WHERE l.establishment = $1 AND c.from_at < $3 AND (c.to_at IS NULL OR c.to_at > $2)
     ORDER BY c.prison_number, c.from_at`,
      [code, from, to],
    )
  ).rows;
}

export async function assignmentRows(
  db: Queryable,
  staffIds: string[],
  from: Date,
  to: Date,
): Promise<{ staffId: string; prisonNumber: string | null; crn: string | null; kind: string }[]> {
  return (
    await db.query<{ staffId: string; prisonNumber: string | null; crn: string | null; kind: string }>(
      `SELECT staff_id AS "staffId", prison_number AS "prisonNumber", crn, kind FROM assignments
     WHERE staff_id = ANY($1) AND from_date <= $3::date AND (to_date IS NULL OR to_date >= $2::date)`,
      [staffIds, from, to],
    )
  ).rows;
}

export async function recordAccessRows(
  db: Queryable,
  staffIds: string[],
  from: Date,
  to: Date,
): Promise<{ staffId: string; subject: string; at: number; record: string }[]> {
  return (
    await db.query<{ staffId: string; subject: string; at: number; record: string }>(
      `SELECT staff_id AS "staffId", subject, floor(extract(epoch FROM at) / 60)::int AS at, record FROM record_access
     WHERE staff_id = ANY($1) AND at >= $2 AND at < $3`,
      [staffIds, from, to],
    )
  ).rows;
}

/** Graded intelligence of the window: about the establishment, or naming one of `staffRefs`. */
export async function intelligenceRows(
  db: Queryable,
  code: string,
  from: Date,
  to: Date,
  staffRefs: string[],
): Promise<
  { reportId: string; submittedBy: string; at: number; se: string; ia: string; subjects: string[] }[]
> {
  return (
    await db.query<{
      reportId: string;
      submittedBy: string;
      at: number;
      se: string;
      ia: string;
      subjects: string[];
    }>(
      `SELECT report_id AS "reportId", submitted_by AS "submittedBy", floor(extract(epoch FROM submitted_at) / 60)::int AS at,
            source_evaluation AS se, intelligence_assessment AS ia, subjects
     FROM intelligence WHERE status <> 'new' AND submitted_at >= $2 AND submitted_at < $3
       AND (establishment = $1 OR EXISTS (SELECT 1 FROM unnest(subjects) s WHERE s = ANY($4)))`,
      [code, from, to, staffRefs],
    )
  ).rows;
}

/** A prisoner's communication: its time and the other party's phone, address and name (normalised). */
export interface CommsRow {
  prisonNumber: string;
  at: number;
  phone: string | null;
  address: string | null;
  name: string | null;
}

/** The prisoners' contact lists (no time), by prisoner and name. */
export async function contactListRows(
  db: Queryable,
  prisonNumbers: string[],
): Promise<{ prisonNumber: string; phone: string | null; address: string | null; name: string }[]> {
  return (
    await db.query<{ prisonNumber: string; phone: string | null; address: string | null; name: string }>(
      `SELECT prison_number AS "prisonNumber", phone, address_norm AS address, name_norm AS name
     FROM prisoner_contacts WHERE prison_number = ANY($1) ORDER BY prison_number, name`,
      [prisonNumbers],
    )
  ).rows;
}

/**
 * What a window's calls, visits, letters and money are read for: the phones and addresses that lead to
 * a member of staff, the names like a member of staff's, and for calls the prisoners' listed numbers
 * whose entry has such an address or name (`prisonNumber|phone`). Nothing else is read.
 */
export interface CommsFilter {
  phones: string[];
  addresses: string[];
  names: string[];
  listed: string[];
}

const WINDOW = (at: string) => `prison_number = ANY($1) AND ${at} >= $2 AND ${at} < $3`;

/** Each channel's rows of the window that touch a member of staff, with the filter's values it needs. */
const COMMS_SQL = {
  call: {
    sql: `SELECT prison_number AS "prisonNumber", floor(extract(epoch FROM start_at) / 60)::int AS at, number AS phone
     FROM calls WHERE ${WINDOW('start_at')} AND (number = ANY($4) OR prison_number || '|' || number = ANY($5))`,
    values: (f: CommsFilter) => [f.phones, f.listed],
  },
  visit: {
    sql: `SELECT prison_number AS "prisonNumber", floor(extract(epoch FROM start_at) / 60)::int AS at, visitor_phone AS phone,
            visitor_address_norm AS address, visitor_name_norm AS name
     FROM visits WHERE ${WINDOW('start_at')}
       AND (visitor_phone = ANY($4) OR visitor_address_norm = ANY($5) OR visitor_name_norm = ANY($6))`,
    values: (f: CommsFilter) => [f.phones, f.addresses, f.names],
  },
  letter: {
    sql: `SELECT prison_number AS "prisonNumber", floor(extract(epoch FROM at) / 60)::int AS at, NULL AS phone,
            correspondent_address_norm AS address, correspondent_name_norm AS name
     FROM correspondence WHERE ${WINDOW('at')}
       AND (correspondent_address_norm = ANY($4) OR correspondent_name_norm = ANY($5))`,
    values: (f: CommsFilter) => [f.addresses, f.names],
  },
  money: {
    sql: `SELECT prison_number AS "prisonNumber", floor(extract(epoch FROM at) / 60)::int AS at, NULL AS phone,
            sender_address_norm AS address, sender_name_norm AS name
     FROM money WHERE ${WINDOW('at')} AND (sender_address_norm = ANY($4) OR sender_name_norm = ANY($5))`,
    values: (f: CommsFilter) => [f.addresses, f.names],
  },
} as const;

/** The window's calls that touch a member of staff (see CommsFilter); calls carry only the number. */
export async function callRows(
  db: Queryable,
  prisonNumbers: string[],
  from: Date,
  to: Date,
  filter: CommsFilter,
): Promise<{ prisonNumber: string; at: number; phone: string }[]> {
  const q = COMMS_SQL.call;
  return (
    await db.query<{ prisonNumber: string; at: number; phone: string }>(q.sql, [
      prisonNumbers,
      from,
      to,
      ...q.values(filter),
    ])
  ).rows;
}

/** The window's visits, letters or money that touch a member of staff (see CommsFilter). */
export async function commsRows(
  db: Queryable,
  channel: 'visit' | 'letter' | 'money',
  prisonNumbers: string[],
  from: Date,
  to: Date,
  filter: CommsFilter,
): Promise<CommsRow[]> {
  const q = COMMS_SQL[channel];
  return (await db.query<CommsRow>(q.sql, [prisonNumbers, from, to, ...q.values(filter)])).rows;
}

/** The names of the window's visitors, correspondents and senders, each once. */
export async function commsNames(
  db: Queryable,
  prisonNumbers: string[],
  from: Date,
  to: Date,
): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT visitor_name_norm AS name FROM visits WHERE ${WINDOW('start_at')} AND visitor_name_norm IS NOT NULL
     UNION SELECT correspondent_name_norm FROM correspondence WHERE ${WINDOW('at')} AND correspondent_name_norm IS NOT NULL
     UNION SELECT sender_name_norm FROM money WHERE ${WINDOW('at')} AND sender_name_norm IS NOT NULL`,
    [prisonNumbers, from, to],
  );
  return rows.map((r) => r.name);
}

export async function findRows(
  db: Queryable,
  code: string,
  from: Date,
  to: Date,
): Promise<{ location: string; at: number; item: string; prisonNumber: string | null }[]> {
  return (
    await db.query<{ location: string; at: number; item: string; prisonNumber: string | null }>(
      // Imported finds and those made in probity's planned searches.
      `SELECT location, floor(extract(epoch FROM at) / 60)::int AS at, item, prison_number AS "prisonNumber" FROM finds
     WHERE establishment = $1 AND at >= $2 AND at < $3
     UNION ALL
     SELECT o.location, floor(extract(epoch FROM o.searched_at) / 60)::int, item, NULL
     FROM search_outcomes o JOIN search_plans p ON p.id = o.plan_id, unnest(o.finds) AS item
     WHERE p.establishment = $1 AND o.searched_at >= $2 AND o.searched_at < $3 AND o.location IS NOT NULL`,
      [code, from, to],
    )
  ).rows;
}

/** Staff's own phones and addresses still valid at `from`. */
export async function staffIdentifierRows(
  db: Queryable,
  staffIds: string[],
  from: Date,
): Promise<{ staffId: string; kind: string; valueNorm: string }[]> {
  return (
    await db.query<{ staffId: string; kind: string; valueNorm: string }>(
      `SELECT staff_id AS "staffId", kind, value_norm AS "valueNorm" FROM staff_identifiers
       WHERE staff_id = ANY($1) AND kind IN ('phone', 'address') AND (valid_to IS NULL OR valid_to >= $2::date)`,
      [staffIds, from],
    )
  ).rows;
}

export async function declarationRows(
  db: Queryable,
  staffIds: string[],
): Promise<{ staffId: string; subject: string | null; details: string; decision: string }[]> {
  return (
    await db.query<{ staffId: string; subject: string | null; details: string; decision: string }>(
      // Imported declarations and those made in probity.
      `SELECT staff_id AS "staffId", subject, details, decision FROM declarations WHERE staff_id = ANY($1)
       UNION ALL
       SELECT staff_id, subject, details, decision FROM staff_declarations WHERE staff_id = ANY($1)`,
      [staffIds],
    )
  ).rows;
}

export async function popRows(
  db: Queryable,
  region: string,
): Promise<
  {
    crn: string;
    supervisingStaffId: string | null;
    phone: string | null;
    addressNorm: string | null;
    nameNorm: string;
    riskLevel: string | null;
    curfew: boolean;
  }[]
> {
  return (
    await db.query<{
      crn: string;
      supervisingStaffId: string | null;
      phone: string | null;
      addressNorm: string | null;
      nameNorm: string;
      riskLevel: string | null;
      curfew: boolean;
    }>(
      `SELECT crn, supervising_staff_id AS "supervisingStaffId", phone, address_norm AS "addressNorm", name_norm AS "nameNorm",
              risk_level AS "riskLevel",
              EXISTS (SELECT 1 FROM licence_conditions c WHERE c.crn = p.crn AND c.code ILIKE '%curfew%') AS curfew
       FROM people_on_probation p WHERE region = $1`,
      [region],
    )
  ).rows;
}

export async function probationContactRows(
  db: Queryable,
  staffIds: string[],
  from: Date,
  to: Date,
): Promise<{ staffId: string; crn: string; s: number; e: number; kind: string }[]> {
  return (
    await db.query<{ staffId: string; crn: string; s: number; e: number; kind: string }>(
      `SELECT staff_id AS "staffId", crn, floor(extract(epoch FROM start_at) / 60)::int AS s, floor(extract(epoch FROM end_at) / 60)::int AS e, kind
     FROM probation_contacts WHERE staff_id = ANY($1) AND start_at >= $2 AND start_at < $3`,
      [staffIds, from, to],
    )
  ).rows;
}
