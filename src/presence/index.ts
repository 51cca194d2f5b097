/**
 * Who was there: for a location (a cell, landing, wing or room, with everything inside it) and a time
 * window, every member of staff and every prisoner present, with the source of each fact: door logs,
 * key safes and body-worn video (presence), rosters, cell allocations and movements. The first
 * question when footage surfaces. Scoped by the access policy and audited. The reads are in repo.ts.
 */
import { labelStaff, peopleScope, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { locationByCode, namesOf, presenceFacts } from './repo.ts';

export class WhoWasThereError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Fact {
  source: string;
  location: string;
  from: string;
  to: string | null;
}

export interface Present {
  kind: 'staff' | 'prisoner';
  id: string;
  /** How links name them: a masked member of staff by their pseudonym, so that no address unmasks. */
  ref: string;
  label: string;
  href: string;
  masked: boolean;
  facts: Fact[];
}

/** The question: a location code and a window [from, to). */
export interface PresenceWindow {
  location: string;
  from: Date;
  to: Date;
}

export interface PresenceLocation {
  code: string;
  description: string | null;
  establishment: string;
}

const SOURCES: Record<string, string> = {
  door: 'door log',
  keysafe: 'key safe',
  bwv: 'body-worn video',
  movement: 'movement record',
  manual: 'manual record',
  roster: 'roster',
  allocation: 'cell allocation',
  moved: 'movement',
};

/** Staff first, then by label: the order of the page and of the export. */
const byKindAndLabel = (a: Present, b: Present) =>
  b.kind.localeCompare(a.kind) || a.label.localeCompare(b.label);

/** Everyone the viewer may see at the location in the window, with their facts. Not audited: callers are. */
async function gather(
  db: Database,
  viewer: Principal,
  q: PresenceWindow,
): Promise<{ location: PresenceLocation; people: Present[] }> {
  if (!(q.from < q.to)) throw new WhoWasThereError('to', 'The end of the window must be after its start');
  if (q.to.getTime() - q.from.getTime() > 7 * 86_400_000)
    throw new WhoWasThereError('to', 'Ask about at most 7 days at a time');
  const location = await locationByCode(db, q.location.trim());
  const scope = peopleScope(viewer);
  const inScope = (filter: typeof scope.staff) =>
    filter === 'all' || (filter !== 'none' && location && filter.includes(location.establishment));
  if (!location || (!inScope(scope.staff) && !inScope(scope.prisoner))) {
    throw new WhoWasThereError('location', `No location you can see has the code "${q.location}"`);
  }
  const rows = await presenceFacts(db, location.code, q.from, q.to);
  const visible = rows.filter(
    (r) =>
      inScope(r.kind === 'staff' ? scope.staff : scope.prisoner) &&
      !(r.kind === 'staff' && r.id === scope.excludeStaffId),
  );
  const staffIds = [...new Set(visible.filter((r) => r.kind === 'staff').map((r) => r.id))];
  const prisonerIds = [...new Set(visible.filter((r) => r.kind === 'prisoner').map((r) => r.id))];
  const names = await namesOf(db, staffIds, prisonerIds);
  const nameOf = new Map(names.map((n) => [`${n.kind}:${n.id}`, n.name]));
  const labels = await labelStaff(
    db,
    viewer.username,
    staffIds.map((id) => ({ staffId: id, name: nameOf.get(`staff:${id}`) ?? id })),
  );
  const people = new Map<string, Present>();
  for (const r of visible) {
    const key = `${r.kind}:${r.id}`;
    let p = people.get(key);
    if (!p) {
      const l = r.kind === 'staff' ? labels.get(r.id)! : undefined;
      p = l
        ? {
            kind: 'staff',
            id: r.id,
            ref: l.ref,
            label: l.label,
            href: `/people/staff/${encodeURIComponent(l.ref)}`,
            masked: l.masked,
            facts: [],
          }
        : {
            kind: 'prisoner',
            id: r.id,
            ref: r.id,
            label: `${nameOf.get(key) ?? r.id} (${r.id})`,
            href: `/people/prisoner/${encodeURIComponent(r.id)}`,
            masked: false,
            facts: [],
          };
      people.set(key, p);
    }
    p.facts.push({
      source: SOURCES[r.source] ?? r.source,
      location: r.location,
      from: new Date(r.from).toISOString(),
      to: r.to ? new Date(r.to).toISOString() : null,
    });
  }
  return { location, people: [...people.values()].sort(byKindAndLabel) };
}

/** One audit entry for a look at (or an export of) who was at a location. */
async function auditLook(
  db: Database,
  viewer: Principal,
  action: string,
  found: { location: PresenceLocation; people: readonly Present[] },
  q: PresenceWindow,
  details: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action,
    subjectType: 'location',
    subjectId: found.location.code,
    details: {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      staff: found.people.filter((p) => p.kind === 'staff').length,
      prisoners: found.people.filter((p) => p.kind === 'prisoner').length,
      ...details,
    },
  });
}

/** Everyone at the location in the window with every fact: for attaching to a case. Audited. */
export async function whoWasThere(
  db: Database,
  viewer: Principal,
  q: PresenceWindow,
): Promise<{ location: PresenceLocation; people: Present[] }> {
  const found = await gather(db, viewer, q);
  await auditLook(db, viewer, 'who-was-there', found, q, {});
  return found;
}

export const PEOPLE_PER_PAGE = 50;

/** How the summary may be ordered: by label (staff first), by time present (most first), by first seen. */
export const SUMMARY_SORTS = ['name', 'time', 'first'] as const;
export type SummarySort = (typeof SUMMARY_SORTS)[number];

/** One person at the location in the window, in a line. */
export interface PersonSummary {
  kind: 'staff' | 'prisoner';
  /** `kind:ref`: names the person in the `person` question without unmasking them. */
  key: string;
  label: string;
  href: string;
  masked: boolean;
  facts: number;
  /** Minutes of the window covered by facts with an end; overlapping facts count once. */
  minutesPresent: number;
  firstSeen: string;
  lastSeen: string;
  locations: string[];
}

export interface WhoWasThereSummary {
  location: PresenceLocation;
  totalPeople: number;
  totalFacts: number;
  page: number;
  pages: number;
  sort: SummarySort;
  /** This page's people. */
  people: PersonSummary[];
  /** The person asked about (by key) with every fact, when they are on the list. */
  person: Present | undefined;
}

const keyOf = (p: Present) => `${p.kind}:${p.ref}`;

/**
 * A person's facts in one line, within the window. First seen: the earliest start. Last seen: the latest
 * end; a fact without an end counts at its start (a movement is an instant), but a cell allocation still
 * open lasts past the window's end.
 */
export function summarisePerson(p: Present, window: { from: Date; to: Date }): PersonSummary {
  const start = window.from.getTime();
  const end = window.to.getTime();
  const within = (at: number) => Math.min(Math.max(at, start), end);
  const spans = p.facts
    .filter((f) => f.to !== null)
    .map((f) => [within(Date.parse(f.from)), within(Date.parse(f.to!))] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = start;
  for (const [from, to] of spans) {
    if (to > reached) covered += to - Math.max(from, reached);
    reached = Math.max(reached, to);
  }
  // Folded rather than spread into Math.min: an officer on a wing for a week can have thousands of facts.
  let seenFrom = end;
  let seenUntil = start;
  for (const f of p.facts) {
    const from = within(Date.parse(f.from));
    const until = f.to !== null ? within(Date.parse(f.to)) : f.source === SOURCES.allocation ? end : from;
    seenFrom = Math.min(seenFrom, from);
    seenUntil = Math.max(seenUntil, until);
  }
  return {
    kind: p.kind,
    key: keyOf(p),
    label: p.label,
    href: p.href,
    masked: p.masked,
    facts: p.facts.length,
    minutesPresent: Math.round(covered / 60_000),
    firstSeen: new Date(seenFrom).toISOString(),
    lastSeen: new Date(seenUntil).toISOString(),
    locations: [...new Set(p.facts.map((f) => f.location))].sort(),
  };
}

const SORTED_BY: Record<SummarySort, (a: PersonSummary, b: PersonSummary) => number> = {
  name: () => 0,
  time: (a, b) => b.minutesPresent - a.minutesPresent,
  first: (a, b) => a.firstSeen.localeCompare(b.firstSeen),
};

/**
 * Who was there in summary: one line a person, sorted and paged (PEOPLE_PER_PAGE a page; a page past the
 * last shows the last), with the totals; and the facts of one person when asked. Audited as a look.
 */
export async function summariseWhoWasThere(
  db: Database,
  viewer: Principal,
  q: PresenceWindow & { sort: SummarySort; page: number; person?: string | undefined },
): Promise<WhoWasThereSummary> {
  const found = await gather(db, viewer, q);
  // Sorting is stable: ties keep the order by kind and label.
  const everyone = found.people.map((p) => summarisePerson(p, q)).sort(SORTED_BY[q.sort]);
  const pages = Math.max(1, Math.ceil(everyone.length / PEOPLE_PER_PAGE));
  const page = Math.min(Math.max(1, q.page), pages);
  const person = q.person ? found.people.find((p) => keyOf(p) === q.person) : undefined;
  await auditLook(
    db,
    viewer,
    'who-was-there',
    found,
    q,
    person ? { person: `${person.kind}:${person.id}` } : {},
  );
  return {
    location: found.location,
    totalPeople: everyone.length,
    totalFacts: found.people.reduce((n, p) => n + p.facts.length, 0),
    page,
    pages,
    sort: q.sort,
    people: everyone.slice((page - 1) * PEOPLE_PER_PAGE, page * PEOPLE_PER_PAGE),
    person,
  };
}

/** One fact as exported: the person as the viewer may see them. */
export interface ExportedFact extends Fact {
  kind: 'staff' | 'prisoner';
  person: string;
}

/** Every fact of everyone at the location in the window, a row each, for a spreadsheet. Audited as an export. */
export async function exportWhoWasThere(
  db: Database,
  viewer: Principal,
  q: PresenceWindow,
): Promise<{ location: PresenceLocation; facts: ExportedFact[] }> {
  const found = await gather(db, viewer, q);
  const facts = found.people.flatMap((p) => p.facts.map((f) => ({ kind: p.kind, person: p.label, ...f })));
  await auditLook(db, viewer, 'presence.export', found, q, { rows: facts.length });
  return { location: found.location, facts };
}
