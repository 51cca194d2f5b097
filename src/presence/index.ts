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
  label: string;
  href: string;
  masked: boolean;
  facts: Fact[];
}

const SOURCES: Record<string, string> = {
  door: 'door log',
  keysafe: 'key safe',
  bwv: 'body-worn video',
  movement: 'movement record',
  manual: 'manual record',
};

export async function whoWasThere(
  db: Database,
  viewer: Principal,
  q: { location: string; from: Date; to: Date },
): Promise<{
  location: { code: string; description: string | null; establishment: string };
  people: Present[];
}> {
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
            label: l.label,
            href: `/people/staff/${encodeURIComponent(l.ref)}`,
            masked: l.masked,
            facts: [],
          }
        : {
            kind: 'prisoner',
            id: r.id,
            label: `${nameOf.get(key) ?? r.id} (${r.id})`,
            href: `/people/prisoner/${encodeURIComponent(r.id)}`,
            masked: false,
            facts: [],
          };
      people.set(key, p);
    }
    p.facts.push({
      source:
        r.source === 'roster'
          ? 'roster'
          : r.source === 'allocation'
            ? 'cell allocation'
            : r.source === 'moved'
              ? 'movement'
              : (SOURCES[r.source] ?? r.source),
      location: r.location,
      from: new Date(r.from).toISOString(),
      to: r.to ? new Date(r.to).toISOString() : null,
    });
  }
  const result = [...people.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) * -1 || a.label.localeCompare(b.label),
  );
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'who-was-there',
    subjectType: 'location',
    subjectId: location.code,
    details: {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      staff: staffIds.length,
      prisoners: prisonerIds.length,
    },
  });
  return { location, people: result };
}
