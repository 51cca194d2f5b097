/**
 * The link graph's sources: each record type's rows as (from, to, when), and the free text and
 * identifier subjects that name entities. replace-repo.ts stages and stores them.
 */
import type { Queryable } from '../db/index.ts';

/** One end of a staged row: the entity's reference, kind, label and unit (establishment or region). */
const STAFF = `'staff:' || s.staff_id, 'staff', s.first_name || ' ' || s.last_name, s.establishment`;
const PRISONER = `'prisoner:' || x.prison_number, 'prisoner', x.first_name || ' ' || x.last_name || ' (' || x.prison_number || ')', x.establishment`;
const POP = `'pop:' || o.crn, 'pop', o.first_name || ' ' || o.last_name || ' (' || o.crn || ')', o.region`;
const PHONE = (col: string) => `'phone:' || ${col}, 'phone', ${col}, NULL`;
const ADDRESS = (norm: string, shown: string) => `'address:' || ${norm}, 'address', ${shown}, NULL`;
/**
 * A visitor, contact, correspondent or sender: one person per name in one prisoner's circle, seen by
 * whoever may see the prisoner. The same person seen by two prisoners is joined through the phone or
 * address they share, never by a name alone.
 */
const PERSON = (nameNorm: string, name: string) =>
  `'person:' || ${nameNorm} || '|' || x.prison_number, 'person', ${name}, x.establishment`;
/** A person on probation or prisoner named by a reference column (`prisoner:…`, `pop:…`, `staff:…`). */
const SUBJECT = (col: string) =>
  `${col}, split_part(${col}, ':', 1), coalesce(sx.first_name || ' ' || sx.last_name || ' (' || sx.prison_number || ')',
     so.first_name || ' ' || so.last_name || ' (' || so.crn || ')', ss.first_name || ' ' || ss.last_name),
   coalesce(sx.establishment, so.region, ss.establishment)`;
const SUBJECT_JOINS = (col: string) => `
  LEFT JOIN prisoners sx ON ${col} = 'prisoner:' || sx.prison_number
  LEFT JOIN people_on_probation so ON ${col} = 'pop:' || so.crn
  LEFT JOIN staff ss ON ${col} = 'staff:' || ss.staff_id`;
const KNOWN_SUBJECT = `(sx.prison_number IS NOT NULL OR so.crn IS NOT NULL OR ss.staff_id IS NOT NULL)`;

interface Source {
  kind: string;
  source: string;
  select: string;
}

/**
 * A record of a person in a prisoner's circle (`table` with its alias, joined to the prisoner as `x`): the
 * link between them (the person to the prisoner when `toPrisoner`, else the prisoner to the person), and
 * a `uses` link to each phone, address and bank reference the record gives the person.
 */
function circle(
  kind: string,
  source: string,
  table: string,
  person: string,
  at: string,
  cols: { toPrisoner?: boolean; phone?: string; address?: [norm: string, shown: string]; bank?: string },
): Source[] {
  const from = `FROM ${table} JOIN prisoners x USING (prison_number)`;
  const identifiers: string[] = [];
  if (cols.phone) identifiers.push(`${PHONE(cols.phone)}, ${at} ${from} WHERE ${cols.phone} IS NOT NULL`);
  if (cols.address) {
    const [norm, shown] = cols.address;
    identifiers.push(`${ADDRESS(norm, shown)}, ${at} ${from} WHERE ${norm} IS NOT NULL`);
  }
  if (cols.bank)
    identifiers.push(
      `'bank:' || ${cols.bank}, 'bank', ${cols.bank}, NULL, ${at} ${from} WHERE ${cols.bank} IS NOT NULL`,
    );
  return [
    {
      kind,
      source,
      select: `SELECT ${cols.toPrisoner ? `${person}, ${PRISONER}` : `${PRISONER}, ${person}`}, ${at} ${from}`,
    },
    { kind: 'uses', source, select: identifiers.map((i) => `SELECT ${person}, ${i}`).join(' UNION ALL ') },
  ];
}

/** Each source: the link kind, the record type it comes from, and a SELECT of (from…, to…, at). */
export const SOURCES: Source[] = [
  {
    kind: 'identifier',
    source: 'staff_identifiers.csv',
    select: `SELECT ${STAFF}, i.kind || ':' || i.value_norm, i.kind, i.value, NULL, i.valid_from
      FROM staff_identifiers i JOIN staff s USING (staff_id)`,
  },
  {
    kind: 'call',
    source: 'calls.csv',
    select: `SELECT ${PRISONER}, ${PHONE('c.number')}, c.start_at
      FROM calls c JOIN prisoners x USING (prison_number)`,
  },
  ...circle(
    'visit',
    'visits.csv',
    'visits v',
    PERSON('v.visitor_name_norm', 'v.visitor_name'),
    'v.start_at',
    {
      toPrisoner: true,
      phone: 'v.visitor_phone',
      address: ['v.visitor_address_norm', 'v.visitor_address'],
    },
  ),
  ...circle(
    'letter',
    'correspondence.csv',
    'correspondence c',
    PERSON('c.correspondent_name_norm', 'c.correspondent_name'),
    'c.at',
    { address: ['c.correspondent_address_norm', 'c.correspondent_address'] },
  ),
  ...circle('money', 'money.csv', 'money m', PERSON('m.sender_name_norm', 'm.sender_name'), 'm.at', {
    toPrisoner: true,
    address: ['m.sender_address_norm', 'm.sender_address'],
    bank: 'm.sender_reference',
  }),
  ...circle(
    'contact_list',
    'prisoner_contacts.csv',
    'prisoner_contacts c',
    PERSON('c.name_norm', 'c.name'),
    'NULL::timestamptz',
    {
      phone: 'c.phone',
      address: ['c.address_norm', 'c.address'],
    },
  ),
  {
    kind: 'own',
    source: 'people_on_probation.csv',
    select: `SELECT ${POP}, ${PHONE('o.phone')}, NULL::timestamptz FROM people_on_probation o WHERE o.phone IS NOT NULL
      UNION ALL
      SELECT ${POP}, ${ADDRESS('o.address_norm', 'o.address')}, NULL::timestamptz
      FROM people_on_probation o WHERE o.address_norm IS NOT NULL`,
  },
  {
    kind: 'assigned',
    source: 'people_on_probation.csv',
    select: `SELECT ${STAFF}, ${POP}, o.licence_start::timestamptz
      FROM people_on_probation o JOIN staff s ON s.staff_id = o.supervising_staff_id`,
  },
  {
    kind: 'assigned',
    source: 'assignments.csv',
    select: `SELECT ${STAFF}, ${SUBJECT('a.ref')}, a.from_at FROM (
        SELECT staff_id, coalesce('prisoner:' || prison_number, 'pop:' || crn) AS ref, from_date::timestamptz AS from_at
        FROM assignments) a
      JOIN staff s USING (staff_id) ${SUBJECT_JOINS('a.ref')} WHERE ${KNOWN_SUBJECT}`,
  },
  {
    kind: 'declared',
    source: 'declarations.csv',
    select: `SELECT ${STAFF}, ${SUBJECT('d.subject')}, d.declared_at
      FROM declarations d JOIN staff s USING (staff_id) ${SUBJECT_JOINS('d.subject')} WHERE ${KNOWN_SUBJECT}`,
  },
  {
    kind: 'lookup',
    source: 'record_access.csv',
    select: `SELECT ${STAFF}, ${SUBJECT('r.subject')}, r.at
      FROM record_access r JOIN staff s USING (staff_id) ${SUBJECT_JOINS('r.subject')} WHERE ${KNOWN_SUBJECT}`,
  },
  {
    kind: 'cell_share',
    source: 'cell_allocations.csv',
    select: `SELECT ${PRISONER}, 'prisoner:' || y.prison_number, 'prisoner',
        y.first_name || ' ' || y.last_name || ' (' || y.prison_number || ')', y.establishment, greatest(a.from_at, b.from_at)
      FROM cell_allocations a JOIN cell_allocations b
        ON b.location = a.location AND b.prison_number > a.prison_number
        AND b.from_at < coalesce(a.to_at, 'infinity') AND a.from_at < coalesce(b.to_at, 'infinity')
      JOIN prisoners x ON x.prison_number = a.prison_number JOIN prisoners y ON y.prison_number = b.prison_number`,
  },
  {
    kind: 'named_in',
    source: 'intelligence',
    select: `SELECT 'intelligence:' || i.report_id, 'intelligence', 'Intelligence report ' || i.report_id, i.establishment,
        ${SUBJECT('i.subject')}, i.submitted_at
      FROM (SELECT report_id, establishment, submitted_at, unnest(subjects) AS subject FROM intelligence) i
      ${SUBJECT_JOINS('i.subject')} WHERE ${KNOWN_SUBJECT}`,
  },
  {
    kind: 'subject_of',
    source: 'cases',
    select: `SELECT 'case:' || c.reference, 'case', 'Case ' || c.reference, NULL, ${SUBJECT('cs.subject')}, c.opened_at
      FROM case_subjects cs JOIN cases c ON c.id = cs.case_id ${SUBJECT_JOINS('cs.subject')} WHERE ${KNOWN_SUBJECT}`,
  },
  {
    kind: 'subject_of',
    source: 'alerts',
    select: `SELECT 'alert:' || a.id, 'alert', 'Alert ' || a.id, a.establishment, ${SUBJECT('a.ref')}, a.first_raised_at
      FROM (SELECT id, establishment, first_raised_at, unnest(ARRAY['staff:' || staff_id, subject]) AS ref
            FROM alerts WHERE method = 'engine' AND raised) a
      ${SUBJECT_JOINS('a.ref')} WHERE ${KNOWN_SUBJECT}`,
  },
];

const IDENTIFIER_KINDS = `('phone', 'address', 'email', 'vehicle')`;

export const STAGING_COLUMNS = `kind, source, from_ref, from_kind, from_label, from_unit, to_ref, to_kind, to_label, to_unit, at`;

/** A row found in free text (a report naming a phone), staged beside the records' rows. */
export interface TextLinkRow {
  kind: string;
  source: string;
  fromRef: string;
  fromKind: string;
  fromLabel: string;
  fromUnit: string | null;
  toRef: string;
  toKind: string;
  toLabel: string;
  at: Date | null;
}

/** Staff and prisoners by the normalised names that reports' words may carry. */
export async function namedPeople(
  db: Queryable,
): Promise<{ ref: string; kind: string; label: string; unit: string; nameNorm: string }[]> {
  const { rows } = await db.query<{
    ref: string;
    kind: string;
    label: string;
    unit: string;
    nameNorm: string;
  }>(
    `SELECT 'staff:' || staff_id AS ref, 'staff' AS kind, first_name || ' ' || last_name AS label,
        establishment AS unit, name_norm AS "nameNorm"
     FROM staff
     UNION ALL
     SELECT 'prisoner:' || prison_number, 'prisoner', first_name || ' ' || last_name || ' (' || prison_number || ')',
        establishment, name_norm
     FROM prisoners`,
  );
  return rows;
}

/**
 * The free text that may name identifiers and people: intelligence reports' words and subjects (a
 * `person:` subject is a name as the reporter wrote it), and anonymous reports' words.
 */
export async function reportTexts(
  db: Queryable,
): Promise<{ ref: string; kind: string; label: string; unit: string | null; at: Date; text: string }[]> {
  const { rows } = await db.query<{
    ref: string;
    kind: string;
    label: string;
    unit: string | null;
    at: Date;
    text: string;
  }>(
    `SELECT 'intelligence:' || report_id AS ref, 'intelligence' AS kind, 'Intelligence report ' || report_id AS label,
        establishment AS unit, submitted_at AS at, text || ' ' || array_to_string(subjects, ' ') AS text
     FROM intelligence
     UNION ALL
     SELECT 'portal_report:' || reference, 'portal_report', 'Anonymous report ' || reference, establishment,
        received_on::timestamptz, concat_ws(' ', what, who, where_text)
     FROM portal_reports`,
  );
  return rows;
}

/**
 * Identifiers named as subjects (`phone:…`, `address:…`) of declarations and intelligence reports, as
 * written: the caller normalises them as the graph keeps them.
 */
export async function identifierSubjects(
  db: Queryable,
): Promise<(Omit<TextLinkRow, 'toRef' | 'toKind' | 'toLabel'> & { subject: string })[]> {
  const { rows } = await db.query<Omit<TextLinkRow, 'toRef' | 'toKind' | 'toLabel'> & { subject: string }>(
    `SELECT 'declared' AS kind, 'declarations.csv' AS source, 'staff:' || s.staff_id AS "fromRef", 'staff' AS "fromKind",
        s.first_name || ' ' || s.last_name AS "fromLabel", s.establishment AS "fromUnit", d.declared_at AS at, d.subject
     FROM declarations d JOIN staff s USING (staff_id)
     WHERE split_part(d.subject, ':', 1) IN ${IDENTIFIER_KINDS}
     UNION ALL
     SELECT 'named_in', 'intelligence', 'intelligence:' || i.report_id, 'intelligence', 'Intelligence report ' || i.report_id,
        i.establishment, i.submitted_at, i.subject
     FROM (SELECT report_id, establishment, submitted_at, unnest(subjects) AS subject FROM intelligence) i
     WHERE split_part(i.subject, ':', 1) IN ${IDENTIFIER_KINDS}`,
  );
  return rows;
}
