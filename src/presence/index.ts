/**
 * Who was there: for a location (a cell, landing, wing or room, with everything inside it) and a time
 * window, every member of staff and every prisoner present, with the source of each fact: door logs,
 * key safes and body-worn video (presence), rosters, cell allocations and movements. The first
 * question when footage surfaces. Scoped by the access policy and audited.
 */
import { labelStaff, peopleScope, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';

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
  const { rows: loc } = await db.query<{ code: string; description: string | null; establishment: string }>(
    'SELECT code, description, establishment FROM locations WHERE code = $1',
    [q.location.trim()],
  );
  const location = loc[0];
  const scope = peopleScope(viewer);
  const inScope = (filter: typeof scope.staff) =>
    filter === 'all' || (filter !== 'none' && location && filter.includes(location.establishment));
  if (!location || (!inScope(scope.staff) && !inScope(scope.prisoner))) {
    throw new WhoWasThereError('location', `No location you can see has the code "${q.location}"`);
  }
  const window = [q.from, q.to];
  // The location and everything inside it; and its wing (or other ancestors), for rosters to a wing.
  const tree = `WITH RECURSIVE inside AS (
      SELECT code FROM locations WHERE code = $3
      UNION SELECT l.code FROM locations l JOIN inside i ON l.parent = i.code),
    above AS (
      SELECT code, parent FROM locations WHERE code = $3
      UNION SELECT l.code, l.parent FROM locations l JOIN above a ON l.code = a.parent)`;
  const { rows } = await db.query<{
    kind: 'staff' | 'prisoner';
    id: string;
    source: string;
    location: string;
    f: Date | string;
    t: Date | string | null;
  }>(
    `${tree}
     SELECT subject_type AS kind, subject_id AS id, source, location, start_at AS f, end_at AS t
       FROM presence WHERE location IN (SELECT code FROM inside) AND start_at < $2 AND end_at > $1
     UNION ALL
     SELECT 'staff', staff_id, 'roster', post, start_at, end_at
       FROM rosters WHERE post IN (SELECT code FROM inside UNION SELECT code FROM above) AND start_at < $2 AND end_at > $1
     UNION ALL
     SELECT 'prisoner', prison_number, 'allocation', location, from_at, to_at
       FROM cell_allocations WHERE location IN (SELECT code FROM inside) AND from_at < $2 AND (to_at IS NULL OR to_at > $1)
     UNION ALL
     SELECT 'prisoner', prison_number, 'moved', coalesce(to_location, from_location), at, NULL
       FROM movements WHERE (to_location IN (SELECT code FROM inside) OR from_location IN (SELECT code FROM inside))
         AND at >= $1 AND at < $2
     ORDER BY 1, 2, 5`,
    [...window, location.code],
  );
  const visible = rows.filter(
    (r) =>
      inScope(r.kind === 'staff' ? scope.staff : scope.prisoner) &&
      !(r.kind === 'staff' && r.id === scope.excludeStaffId),
  );
  const staffIds = [...new Set(visible.filter((r) => r.kind === 'staff').map((r) => r.id))];
  const prisonerIds = [...new Set(visible.filter((r) => r.kind === 'prisoner').map((r) => r.id))];
  const { rows: names } = await db.query<{ kind: string; id: string; name: string }>(
    `SELECT 'staff' AS kind, staff_id AS id, first_name || ' ' || last_name AS name FROM staff WHERE staff_id = ANY($1)
     UNION ALL SELECT 'prisoner', prison_number, first_name || ' ' || last_name FROM prisoners WHERE prison_number = ANY($2)`,
    [staffIds, prisonerIds],
  );
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
      from: new Date(r.f).toISOString(),
      to: r.t ? new Date(r.t).toISOString() : null,
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
