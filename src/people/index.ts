/**
 * People: finding staff, prisoners and people on probation, and what was imported about each, within the
 * viewer's scope from the access policy. Every search and every look at a person is audited.
 */
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import {
  labelStaff,
  peopleScope,
  PSEUDONYM,
  staffIdOfPseudonym,
  type PersonKind,
  type Principal,
  type StaffLabel,
} from '../access/index.ts';
import { unitCondition } from './scope-sql.ts';
import { timelineOf, type TimelinePage } from './timeline.ts';

export type { PersonKind };
export type { TimelineEvent, TimelinePage } from './timeline.ts';
export { describeRefs, maskStrings, viewRefs, type RefLabel, type RefView } from './refs.ts';

export interface PersonHit {
  kind: PersonKind;
  /** Path segment of the person's page: a pseudonym for a masked member of staff. */
  ref: string;
  name: string;
  masked: boolean;
  identifier: string;
  dateOfBirth: string | null;
  unit: string;
}

export const SEARCH_LIMIT = 50;

interface HitRow {
  kind: PersonKind;
  id: string;
  name: string;
  date_of_birth: string | null;
  unit: string;
}

function tokens(q: string): string[] {
  return q
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 5);
}

/** The SQL that finds people of one kind by identifier or by every word of the query in their name. */
function kindQuery(
  kind: PersonKind,
  q: string,
  words: string[],
  scope: ReturnType<typeof peopleScope>,
  params: unknown[],
) {
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

/**
 * Finds people the viewer may see. Masked staff are found only by their pseudonym, never by their name or
 * staff number, so that a search does not undo the mask.
 */
export async function searchPeople(
  db: Database,
  viewer: Principal,
  query: string,
): Promise<{ hits: PersonHit[]; truncated: boolean }> {
  const q = query.trim().slice(0, 100);
  const scope = peopleScope(viewer);
  const params: unknown[] = [];
  const parts = (['staff', 'prisoner', 'pop'] as const)
    .map((k) => kindQuery(k, q, tokens(q), scope, params))
    .filter((s): s is string => !!s);
  let rows: HitRow[] = [];
  if (q && parts.length) {
    params.push(SEARCH_LIMIT + 1);
    ({ rows } = await db.query<HitRow>(
      `${parts.join(' UNION ALL ')} ORDER BY name, id LIMIT $${params.length}`,
      params,
    ));
  }
  const asked = /^staff-([2-9a-hj-np-z]{4})$/i.exec(q);
  const pseudonymQuery = asked ? `Staff-${asked[1]!.toUpperCase()}` : undefined;
  if (pseudonymQuery) {
    const staffId = await staffIdOfPseudonym(db, pseudonymQuery);
    const found = staffId ? await loadStaffRow(db, viewer, staffId) : undefined;
    if (found) {
      rows.push({
        kind: 'staff',
        id: found.staff_id,
        name: found.name,
        date_of_birth: found.date_of_birth,
        unit: found.establishment,
      });
    }
  }
  const truncated = rows.length > SEARCH_LIMIT;
  rows = rows.slice(0, SEARCH_LIMIT);
  const labels = await labelStaff(
    db,
    viewer.username,
    rows.filter((r) => r.kind === 'staff').map((r) => ({ staffId: r.id, name: r.name })),
  );
  const hits: PersonHit[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const label = r.kind === 'staff' ? labels.get(r.id) : undefined;
    if (label?.masked && label.label !== pseudonymQuery) continue;
    const key = `${r.kind}:${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push(
      label?.masked
        ? {
            kind: 'staff',
            ref: label.ref,
            name: label.label,
            masked: true,
            identifier: label.label,
            dateOfBirth: null,
            unit: r.unit,
          }
        : {
            kind: r.kind,
            ref: r.id,
            name: r.name,
            masked: false,
            identifier: r.id,
            dateOfBirth: r.date_of_birth,
            unit: r.unit,
          },
    );
  }
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'people.search',
    details: { query: q, results: hits.length },
  });
  return { hits, truncated };
}

interface StaffRow {
  staff_id: string;
  name: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  role: string;
  establishment: string;
  start_date: string | null;
  end_date: string | null;
}

async function loadStaffRow(
  db: Queryable,
  viewer: Principal,
  staffId: string,
): Promise<StaffRow | undefined> {
  const scope = peopleScope(viewer);
  if (staffId === scope.excludeStaffId) return undefined;
  const params: unknown[] = [staffId];
  const inScope = unitCondition(scope.staff, 'establishment', params);
  if (!inScope) return undefined;
  const { rows } = await db.query<StaffRow>(
    `SELECT staff_id, first_name || ' ' || last_name AS name, first_name, last_name, date_of_birth::text AS date_of_birth,
            role, establishment, start_date::text AS start_date, end_date::text AS end_date
     FROM staff WHERE staff_id = $1 AND ${inScope}`,
    params,
  );
  return rows[0];
}

/** The staff number behind a reference (a staff number or pseudonym) if the viewer may see them; not audited. */
export async function visibleStaffId(
  db: Queryable,
  viewer: Principal,
  ref: string,
): Promise<string | undefined> {
  const staffId = PSEUDONYM.test(ref) ? await staffIdOfPseudonym(db, ref) : ref;
  return staffId ? (await loadStaffRow(db, viewer, staffId))?.staff_id : undefined;
}

export interface Fact {
  key: string;
  value: string;
  href?: string;
}

export interface Table {
  title: string;
  head: string[];
  rows: string[][];
}

export interface PersonPage {
  kind: PersonKind;
  id: string;
  ref: string;
  title: string;
  masked: boolean;
  facts: Fact[];
  tables: Table[];
  timeline: TimelinePage;
}

const KIND_LABEL: Record<PersonKind, string> = {
  staff: 'Staff',
  prisoner: 'Prisoner',
  pop: 'Person on probation',
};
export const kindLabel = (k: PersonKind): string => KIND_LABEL[k];

async function tableOf(
  db: Queryable,
  title: string,
  head: string[],
  sql: string,
  params: unknown[],
): Promise<Table> {
  const { rows } = await db.query<Record<string, unknown>>(sql, params);
  return { title, head, rows: rows.map((r) => Object.values(r).map((v) => (v === null ? '' : String(v)))) };
}

/**
 * Loads a person's page for the viewer and audits the look, or returns undefined when the viewer may not
 * see them (out of scope, their own record, or no such person): the caller answers 404 either way, so
 * that a refusal does not confirm that a record exists.
 */
export async function viewPerson(
  db: Database,
  viewer: Principal,
  kind: PersonKind,
  ref: string,
  page: number,
): Promise<PersonPage | undefined> {
  const scope = peopleScope(viewer);
  let result: PersonPage | undefined;
  if (kind === 'staff') {
    const byPseudonym = PSEUDONYM.test(ref);
    const staffId = byPseudonym ? await staffIdOfPseudonym(db, ref) : ref;
    const row = staffId ? await loadStaffRow(db, viewer, staffId) : undefined;
    if (!row) return undefined;
    const label = (await labelStaff(db, viewer.username, [{ staffId: row.staff_id, name: row.name }])).get(
      row.staff_id,
    )!;
    // A masked subject opens only by pseudonym: their staff number would tie the mask to the person
    // without the recorded reason that unmasking takes.
    if (label.masked && !byPseudonym) return undefined;
    result = await staffPage(db, viewer, row, label, page);
  } else if (kind === 'prisoner') {
    const params: unknown[] = [ref];
    const inScope = unitCondition(scope.prisoner, 'p.establishment', params);
    if (!inScope) return undefined;
    const { rows } = await db.query<Record<string, string | null>>(
      `SELECT p.prison_number, p.first_name || ' ' || p.last_name AS name, p.date_of_birth::text AS dob,
              e.name AS establishment, p.reception_date::text AS reception, p.release_date::text AS release
       FROM prisoners p JOIN establishments e ON e.code = p.establishment
       WHERE p.prison_number = $1 AND ${inScope}`,
      params,
    );
    const p = rows[0];
    if (!p) return undefined;
    result = {
      kind,
      id: p.prison_number!,
      ref: p.prison_number!,
      title: p.name!,
      masked: false,
      facts: [
        { key: 'Prison number', value: p.prison_number! },
        { key: 'Date of birth', value: p.dob! },
        { key: 'Establishment', value: p.establishment! },
        { key: 'Received', value: p.reception! },
        { key: 'Release date', value: p.release ?? 'Not set' },
      ],
      tables: [
        await tableOf(
          db,
          'Contacts',
          ['Name', 'Relationship', 'Phone', 'Address', 'Approved'],
          `SELECT name, relationship, phone, address, CASE WHEN approved THEN 'Yes' ELSE 'No' END
           FROM prisoner_contacts WHERE prison_number = $1 ORDER BY name`,
          [p.prison_number],
        ),
      ],
      timeline: await timelineOf(db, viewer, 'prisoner', p.prison_number!, page),
    };
  } else {
    const params: unknown[] = [ref];
    const inScope = unitCondition(scope.pop, 'p.region', params);
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
    if (!p) return undefined;
    const supervisor = p.supervising_staff_id
      ? (
          await labelStaff(db, viewer.username, [
            { staffId: p.supervising_staff_id, name: p.supervisor ?? '' },
          ])
        ).get(p.supervising_staff_id)
      : undefined;
    result = {
      kind,
      id: p.crn!,
      ref: p.crn!,
      title: p.name!,
      masked: false,
      facts: [
        { key: 'CRN', value: p.crn! },
        { key: 'Date of birth', value: p.dob! },
        { key: 'Region', value: p.region! },
        supervisor
          ? {
              key: 'Supervising officer',
              value: supervisor.label,
              href: `/people/staff/${encodeURIComponent(supervisor.ref)}`,
            }
          : { key: 'Supervising officer', value: 'None' },
        { key: 'Licence', value: `${p.licence_start ?? '?'} to ${p.licence_end ?? '?'}` },
        { key: 'Address', value: p.address ?? '' },
        { key: 'Phone', value: p.phone ?? '' },
      ],
      tables: [
        await tableOf(
          db,
          'Licence conditions',
          ['Code', 'Condition', 'From', 'To'],
          `SELECT code, description, from_date::text, to_date::text FROM licence_conditions WHERE crn = $1 ORDER BY from_date`,
          [p.crn],
        ),
      ],
      timeline: await timelineOf(db, viewer, 'pop', p.crn!, page),
    };
  }
  const seen = result;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'person.view',
    subjectType: kind,
    subjectId: seen.id,
    details: { page, masked: seen.masked },
  });
  return result;
}

async function staffPage(
  db: Queryable,
  viewer: Principal,
  row: StaffRow,
  label: StaffLabel,
  page: number,
): Promise<PersonPage> {
  const id = row.staff_id;
  const { rows: est } = await db.query<{ name: string }>('SELECT name FROM establishments WHERE code = $1', [
    row.establishment,
  ]);
  const common: Fact[] = [
    { key: 'Role', value: row.role },
    { key: 'Establishment', value: est[0]?.name ?? row.establishment },
  ];
  const vetting = await tableOf(
    db,
    'Vetting',
    ['Level', 'Granted', 'Expires'],
    `SELECT level, granted::text, expires::text FROM vetting WHERE staff_id = $1 ORDER BY granted`,
    [id],
  );
  const training = await tableOf(
    db,
    'Training',
    ['Course', 'Completed', 'Expires'],
    `SELECT course, completed::text, expires::text FROM training WHERE staff_id = $1 ORDER BY completed`,
    [id],
  );
  const timeline = await timelineOf(db, viewer, 'staff', id, page, { masked: label.masked });
  if (label.masked) {
    return {
      kind: 'staff',
      id,
      ref: label.ref,
      title: label.label,
      masked: true,
      facts: [{ key: 'Pseudonym', value: label.label }, ...common],
      tables: [vetting, training],
      timeline,
    };
  }
  return {
    kind: 'staff',
    id,
    ref: id,
    title: row.name,
    masked: false,
    facts: [
      { key: 'Staff number', value: id },
      { key: 'Date of birth', value: row.date_of_birth ?? '' },
      ...common,
      { key: 'Started', value: row.start_date ?? '' },
      { key: 'Left', value: row.end_date ?? 'Still in post' },
    ],
    tables: [
      await tableOf(
        db,
        'Identifiers',
        ['Kind', 'Value', 'From', 'To'],
        `SELECT kind, value, valid_from::text, valid_to::text FROM staff_identifiers WHERE staff_id = $1 ORDER BY kind, valid_from`,
        [id],
      ),
      vetting,
      training,
      await tableOf(
        db,
        'Declarations',
        ['Declared', 'Kind', 'Details', 'Decision'],
        `SELECT to_char(declared_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), kind, details, decision
         FROM declarations WHERE staff_id = $1 ORDER BY declared_at`,
        [id],
      ),
      await tableOf(
        db,
        'Assignments',
        ['Kind', 'Prisoner or person on probation', 'From', 'To'],
        `SELECT kind, coalesce(prison_number, crn), from_date::text, to_date::text FROM assignments
         WHERE staff_id = $1 ORDER BY from_date`,
        [id],
      ),
    ],
    timeline,
  };
}
