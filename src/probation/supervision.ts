/**
 * What a probation manager (or officer, or the CCU) sees: the overview of the people in their scope
 * (supervision boundaries, open breaches by age, failures to attend not yet breaches, recalls and their
 * next deadline) and one person's page. Both audited: they name people.
 */
import { labelStaff, probationScope, type Principal } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFor } from './actor.ts';
import type { Database } from '../db/index.ts';
import { supervisionBoundaries, type BoundaryPair } from './boundaries.ts';
import { breachRows, missedContacts, type BreachRow, type MissedContact } from './breaches-repo.ts';
import { nextStage, recallStages, type RecallStage } from './recall.ts';
import { policeContactsOf, recallRows, type PoliceContactRow, type RecallRow } from './recalls-repo.ts';
import {
  boundaryRecords,
  conditionsOf,
  peopleInScope,
  personRow,
  staffNamesOf,
  type Condition,
  type PersonRow,
} from './repo.ts';

/** The window supervision boundaries and failures to attend are taken over. */
export const WINDOW_DAYS = 90;
/** The most people one overview covers. */
export const OVERVIEW_PEOPLE = 5000;
/** Ages of open breaches, in days, as the overview bands them. */
export const BREACH_AGE_BANDS = [7, 14, 28] as const;

export interface AgedBreach extends BreachRow {
  ageDays: number;
}

export interface RecallSummary extends RecallRow {
  next: RecallStage | undefined;
  overdue: boolean;
}

export interface ProbationOverview {
  people: number;
  pairs: BoundaryPair[];
  breaches: AgedBreach[];
  /** Open breaches per age band: up to 7 days, 8–14, 15–28, over 28. */
  bands: { label: string; count: number }[];
  missed: MissedContact[];
  recalls: RecallSummary[];
  /** Staff ids on the page, as the viewer may see them; names of people by CRN. */
  staff: Record<string, string>;
  names: Record<string, string>;
}

const DAY = 86_400_000;

function ageBands(breaches: AgedBreach[]): { label: string; count: number }[] {
  const [a, b, c] = BREACH_AGE_BANDS;
  const bands = [
    { label: `Up to ${a} days`, test: (d: number) => d <= a },
    { label: `${a + 1} to ${b} days`, test: (d: number) => d > a && d <= b },
    { label: `${b + 1} to ${c} days`, test: (d: number) => d > b && d <= c },
    { label: `Over ${c} days`, test: (d: number) => d > c },
  ];
  return bands.map((band) => ({
    label: band.label,
    count: breaches.filter((x) => band.test(x.ageDays)).length,
  }));
}

/** The officer–person pairs of these people since `from`, office hours in their regions' zone (one per estate). */
async function pairsOf(db: Database, people: readonly PersonRow[], from: Date): Promise<BoundaryPair[]> {
  const r = await boundaryRecords(
    db,
    people.map((p) => p.crn),
    from,
  );
  const timezone = people[0]?.timezone ?? 'Europe/London';
  return supervisionBoundaries(r.people, r.contacts, r.lookups, r.links, timezone);
}

const summarise = (r: RecallRow, now: Date): RecallSummary => ({
  ...r,
  next: nextStage(r, now),
  overdue: recallStages(r, now).some((s) => s.overdue && !s.doneAt),
});

/** The viewer's probation overview at `now`. */
export async function probationOverview(
  db: Database,
  viewer: Principal,
  now = new Date(),
): Promise<ProbationOverview> {
  const scope = probationScope(viewer);
  const from = new Date(now.getTime() - WINDOW_DAYS * DAY);
  const people = await peopleInScope(db, scope, OVERVIEW_PEOPLE);
  const pairs = (await pairsOf(db, people, from))
    .filter((p) => p.findings.length || p.links.length)
    // The supervising officer's own look is never at their own findings.
    .filter((p) => p.staffId !== viewer.staffId);
  const breaches = (await breachRows(db, scope, { open: true })).map((b) => ({
    ...b,
    ageDays: Math.floor((now.getTime() - b.occurredAt.getTime()) / DAY),
  }));
  const missed = await missedContacts(db, scope, from);
  const recalls = (await recallRows(db, scope, { open: true })).map((r) => summarise(r, now));
  const ids = [
    ...pairs.map((p) => p.staffId),
    ...recalls.map((r) => r.responsibleStaffId),
    ...missed.map((m) => m.staffId),
  ];
  const labels = await labelStaff(db, viewer.username, await staffNamesOf(db, [...new Set(ids)]));
  await appendAudit(db, {
    actor: actorFor(viewer),
    action: 'probation.overview',
    subjectType: 'probation',
    subjectId: scope.caseloadOf ?? (scope.regions === 'all' ? 'all' : [...scope.regions].join(',')),
    details: {
      people: people.length,
      pairs: pairs.length,
      breaches: breaches.length,
      recalls: recalls.length,
    },
  });
  return {
    people: people.length,
    pairs,
    breaches,
    bands: ageBands(breaches),
    missed,
    recalls,
    staff: Object.fromEntries([...labels].map(([id, l]) => [id, l.label])),
    names: Object.fromEntries(people.map((p) => [p.crn, p.name])),
  };
}

export interface ProbationPersonView {
  person: PersonRow;
  supervisor: string;
  conditions: Condition[];
  /** This person's officer–person pairs, compared with the whole region's. */
  pairs: BoundaryPair[];
  breaches: BreachRow[];
  missed: MissedContact[];
  recalls: RecallSummary[];
  police: PoliceContactRow[];
  staff: Record<string, string>;
}

/** One person on probation as the viewer may see them, or undefined (never saying whether they exist). */
export async function viewProbationPerson(
  db: Database,
  viewer: Principal,
  crn: string,
  now = new Date(),
): Promise<ProbationPersonView | undefined> {
  if (!/^[A-Z]\d{6}$/.test(crn)) return undefined;
  const scope = probationScope(viewer);
  const person = await personRow(db, scope, crn);
  if (!person) return undefined;
  const from = new Date(now.getTime() - WINDOW_DAYS * DAY);
  // Compared with the region's pairs, whoever the viewer is: the comparison shows no one else's records.
  const region = await peopleInScope(
    db,
    { regions: [person.region], caseloadOf: null, excludeStaffId: null },
    OVERVIEW_PEOPLE,
  );
  const pairs = (await pairsOf(db, region, from)).filter(
    (p) => p.crn === crn && p.staffId !== viewer.staffId,
  );
  const recalls = (await recallRows(db, scope, { crn })).map((r) => summarise(r, now));
  const ids = [
    person.supervisingStaffId,
    ...pairs.map((p) => p.staffId),
    ...recalls.map((r) => r.responsibleStaffId),
  ];
  const labels = await labelStaff(db, viewer.username, await staffNamesOf(db, [...new Set(ids)]));
  const view = {
    person,
    supervisor: labels.get(person.supervisingStaffId)?.label ?? 'a member of staff',
    conditions: await conditionsOf(db, crn),
    pairs,
    breaches: await breachRows(db, scope, { crn }),
    missed: await missedContacts(db, scope, from, crn),
    recalls,
    police: await policeContactsOf(db, scope, crn),
    staff: Object.fromEntries([...labels].map(([id, l]) => [id, l.label])),
  };
  await appendAudit(db, {
    actor: actorFor(viewer),
    action: 'probation.person.view',
    subjectType: 'pop',
    subjectId: crn,
    details: { breaches: view.breaches.length, recalls: recalls.length },
  });
  return view;
}
