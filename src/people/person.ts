/**
 * A person's page: what was imported about them and their timeline, within the viewer's scope from the
 * access policy; every look is audited.
 */
import { appendAudit, actorOf } from '../audit/index.ts';
import { londonDay } from '../time/index.ts';
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
import {
  establishmentName,
  prisonerRecord,
  probationRecord,
  staffRecord,
  tableRows,
  type PersonTable,
  type StaffRecord,
} from './repo.ts';
import { timelineKinds, timelineOf, type TimelineFilter, type TimelinePage } from './timeline.ts';

export interface Fact {
  key: string;
  value: string;
  href?: string;
}

export interface Table {
  title: string;
  head: string[];
  rows: string[][];
  /** Rows whose last column (an expiry) has passed: the page marks them. */
  expired?: boolean[];
}

/** Marks the rows of a table whose last column, an expiry date, is before `today`. */
export function markExpired(table: Table, today: string): Table {
  return { ...table, expired: table.rows.map((r) => !!r.at(-1) && r.at(-1)! < today) };
}

export interface PersonPage {
  kind: PersonKind;
  id: string;
  ref: string;
  title: string;
  masked: boolean;
  facts: Fact[];
  tables: Table[];
  /** Undefined when the timeline was not asked for (its filter was refused). */
  timeline: TimelinePage | undefined;
  /** The kinds of event the viewer can filter this person's timeline by. */
  timelineKinds: string[];
}

/** The page of a person's timeline to show, and what to narrow it to. */
export interface TimelineRequest {
  page: number;
  filter: TimelineFilter;
}

/** A member of staff's record if the viewer may see them: in scope, and never their own. */
export async function visibleStaff(
  db: Queryable,
  viewer: Principal,
  staffId: string,
): Promise<StaffRecord | undefined> {
  const scope = peopleScope(viewer);
  if (staffId === scope.excludeStaffId) return undefined;
  return staffRecord(db, staffId, scope.staff);
}

/** The staff number behind a reference (a staff number or pseudonym) if the viewer may see them; not audited. */
export async function visibleStaffId(
  db: Queryable,
  viewer: Principal,
  ref: string,
): Promise<string | undefined> {
  const staffId = PSEUDONYM.test(ref) ? await staffIdOfPseudonym(db, ref) : ref;
  return staffId ? (await visibleStaff(db, viewer, staffId))?.staffId : undefined;
}

const tableOf = async (
  db: Queryable,
  title: string,
  head: string[],
  table: PersonTable,
  id: string,
): Promise<Table> => ({ title, head, rows: await tableRows(db, table, id) });

/**
 * Loads a person's page for the viewer, with the timeline page asked for (none when `timeline` is
 * undefined), and audits the look, or returns undefined when the viewer may not see them (out of scope,
 * their own record, or no such person): the caller answers 404 either way, so that a refusal does not
 * confirm that a record exists.
 */
export async function viewPerson(
  db: Database,
  viewer: Principal,
  kind: PersonKind,
  ref: string,
  timeline: TimelineRequest | undefined,
): Promise<PersonPage | undefined> {
  const scope = peopleScope(viewer);
  let result: PersonPage | undefined;
  if (kind === 'staff') {
    const byPseudonym = PSEUDONYM.test(ref);
    const staffId = byPseudonym ? await staffIdOfPseudonym(db, ref) : ref;
    const row = staffId ? await visibleStaff(db, viewer, staffId) : undefined;
    if (!row) return undefined;
    const label = (await labelStaff(db, viewer.username, [{ staffId: row.staffId, name: row.name }])).get(
      row.staffId,
    )!;
    // A masked subject opens only by pseudonym: their staff number would tie the mask to the person
    // without the recorded reason that unmasking takes.
    if (label.masked && !byPseudonym) return undefined;
    result = await staffPage(db, viewer, row, label, timeline);
  } else if (kind === 'prisoner') {
    const p = await prisonerRecord(db, ref, scope.prisoner);
    if (!p) return undefined;
    result = {
      kind,
      id: p.prisonNumber,
      ref: p.prisonNumber,
      title: p.name,
      masked: false,
      facts: [
        { key: 'Prison number', value: p.prisonNumber },
        { key: 'Date of birth', value: p.dateOfBirth },
        { key: 'Establishment', value: p.establishment },
        { key: 'Received', value: p.received },
        { key: 'Release date', value: p.releaseDate ?? 'Not set' },
      ],
      tables: [
        await tableOf(
          db,
          'Contacts',
          ['Name', 'Relationship', 'Phone', 'Address', 'Approved'],
          'contacts',
          p.prisonNumber,
        ),
      ],
      timeline: timeline && (await timelineOf(db, viewer, 'prisoner', p.prisonNumber, timeline)),
      timelineKinds: timelineKinds(viewer, 'prisoner', false),
    };
  } else {
    const p = await probationRecord(db, ref, scope.pop);
    if (!p) return undefined;
    const supervisor = p.supervisingStaffId
      ? (
          await labelStaff(db, viewer.username, [
            { staffId: p.supervisingStaffId, name: p.supervisorName ?? '' },
          ])
        ).get(p.supervisingStaffId)
      : undefined;
    result = {
      kind,
      id: p.crn,
      ref: p.crn,
      title: p.name,
      masked: false,
      facts: [
        { key: 'CRN', value: p.crn },
        { key: 'Date of birth', value: p.dateOfBirth },
        { key: 'Region', value: p.region },
        supervisor
          ? {
              key: 'Supervising officer',
              value: supervisor.label,
              href: `/people/staff/${encodeURIComponent(supervisor.ref)}`,
            }
          : { key: 'Supervising officer', value: 'None' },
        { key: 'Licence', value: `${p.licenceStart ?? '?'} to ${p.licenceEnd ?? '?'}` },
        { key: 'Address', value: p.address ?? '' },
        { key: 'Phone', value: p.phone ?? '' },
      ],
      tables: [
        await tableOf(
          db,
          'Licence conditions',
          ['Code', 'Condition', 'From', 'To'],
          'licenceConditions',
          p.crn,
        ),
      ],
      timeline: timeline && (await timelineOf(db, viewer, 'pop', p.crn, timeline)),
      timelineKinds: timelineKinds(viewer, 'pop', false),
    };
  }
  const seen = result;
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'person.view',
    subjectType: kind,
    subjectId: seen.id,
    // What was looked at: which events, or that the timeline was not shown.
    details: timeline
      ? { page: timeline.page, masked: seen.masked, filter: timeline.filter }
      : { masked: seen.masked, timeline: 'not shown' },
  });
  return result;
}

async function staffPage(
  db: Queryable,
  viewer: Principal,
  row: StaffRecord,
  label: StaffLabel,
  request: TimelineRequest | undefined,
): Promise<PersonPage> {
  const id = row.staffId;
  const common: Fact[] = [
    { key: 'Role', value: row.role },
    { key: 'Establishment', value: (await establishmentName(db, row.establishment)) ?? row.establishment },
  ];
  const today = londonDay(new Date());
  const vetting = markExpired(
    await tableOf(db, 'Vetting', ['Level', 'Granted', 'Expires'], 'vetting', id),
    today,
  );
  const training = markExpired(
    await tableOf(db, 'Training', ['Course', 'Completed', 'Expires'], 'training', id),
    today,
  );
  const timeline = request && (await timelineOf(db, viewer, 'staff', id, request, { masked: label.masked }));
  const kinds = timelineKinds(viewer, 'staff', label.masked);
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
      timelineKinds: kinds,
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
      { key: 'Date of birth', value: row.dateOfBirth ?? '' },
      ...common,
      { key: 'Started', value: row.startDate ?? '' },
      { key: 'Left', value: row.endDate ?? 'Still in post' },
    ],
    tables: [
      await tableOf(db, 'Identifiers', ['Kind', 'Value', 'From', 'To'], 'identifiers', id),
      vetting,
      training,
      await tableOf(db, 'Declarations', ['Declared', 'Kind', 'Details', 'Decision'], 'declarations', id),
      await tableOf(
        db,
        'Assignments',
        ['Kind', 'Prisoner or person on probation', 'From', 'To'],
        'assignments',
        id,
      ),
    ],
    timeline,
    timelineKinds: kinds,
  };
}
