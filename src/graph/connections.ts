/**
 * Connections of members of staff to prisoners and people on probation through the link graph: from
 * the staff member's own or declared phones, addresses, e-mail, vehicles and bank references, through
 * the people and reports that carry them, to the prisoner. Detection reads them (its `graph_link`
 * indicator); no viewer is involved, so nothing here is audited or masked: what detection keeps
 * becomes an alert's explanation, seen under the alert's own need-to-know.
 */
import type { Queryable } from '../db/index.ts';
import { HUB_DEGREE } from './explore.ts';
import { entitiesWhere, linksAround, type EntityRow, type LinkRow } from './graph-repo.ts';

/** Kinds an identifier can be. */
const IDENTIFIERS = new Set(['phone', 'address', 'email', 'vehicle', 'social', 'bank']);
/** What a path may pass through after the identifier: a person around a prisoner, or a report naming both. */
const THROUGH = new Set(['person', 'intelligence', 'portal_report']);
const ENDS = new Set(['prisoner', 'pop']);
/** Links that say who uses, calls, visits, writes to, pays, lists or names whom. */
const CONNECTING = ['call', 'visit', 'letter', 'money', 'contact_list', 'uses', 'own', 'named_in', 'same_as'];

export interface ConnectionStep {
  /** The link that leads to this entity. */
  link: string;
  records: number;
  kind: string;
  label: string;
  ref: string;
}

export interface StaffConnection {
  staffId: string;
  /** `prisoner:…` or `pop:…`. */
  subject: string;
  /** From the staff member's identifier to the subject; the last step is the subject. */
  steps: ConnectionStep[];
}

interface Partial {
  staffId: string;
  steps: ConnectionStep[];
  /** Entities already on the path, so that it never turns back on itself. */
  visited: Set<number>;
}

const other = (l: LinkRow, id: number): number => (l.fromId === id ? l.toId : l.fromId);

/**
 * Every shortest connection of at most `maxSteps` links (2 or 3) from each member of staff to a prisoner
 * or person on probation, with links dated in the window (undated links always count). Hubs (a
 * switchboard, a hostel) are not passed through: they connect everyone.
 */
export async function staffConnections(
  db: Queryable,
  staffIds: readonly string[],
  window: { from: Date; to: Date },
  maxSteps = 3,
): Promise<StaffConnection[]> {
  const starts = await entitiesWhere(
    db,
    'ref',
    staffIds.map((s) => `staff:${s}`),
  );
  const staffOf = new Map(starts.map((e) => [e.id, e.ref.slice('staff:'.length)]));
  // Step one: the staff members' own and declared identifiers.
  const first = await linksAround(
    db,
    starts.map((e) => e.id),
    { kinds: ['identifier', 'declared'], ...window },
  );
  const entities = new Map<number, EntityRow>();
  const fetch = async (ids: Iterable<number>) => {
    const missing = [...new Set(ids)].filter((id) => !entities.has(id));
    for (const e of await entitiesWhere(db, 'id', missing)) entities.set(e.id, e);
  };
  await fetch(first.flatMap((l) => [l.fromId, l.toId]));
  let frontier: (Partial & { at: number })[] = [];
  for (const l of first) {
    const start = staffOf.has(l.fromId) ? l.fromId : l.toId;
    const id = other(l, start);
    const e = entities.get(id)!;
    if (!IDENTIFIERS.has(e.kind) || e.degree > HUB_DEGREE) continue;
    frontier.push({
      staffId: staffOf.get(start)!,
      at: id,
      visited: new Set([start, id]),
      steps: [{ link: l.kind, records: l.records, kind: e.kind, label: e.label, ref: e.ref }],
    });
  }
  const found: StaffConnection[] = [];
  const reached = new Set<string>();
  for (let step = 2; step <= maxSteps && frontier.length; step++) {
    const around = await linksAround(db, [...new Set(frontier.map((p) => p.at))], {
      kinds: CONNECTING,
      ...window,
    });
    const byEnd = new Map<number, LinkRow[]>();
    for (const l of around)
      for (const id of [l.fromId, l.toId]) {
        const list = byEnd.get(id);
        if (list) list.push(l);
        else byEnd.set(id, [l]);
      }
    await fetch(around.flatMap((l) => [l.fromId, l.toId]));
    const next: typeof frontier = [];
    const shortest = new Set(reached);
    for (const p of frontier) {
      for (const l of byEnd.get(p.at) ?? []) {
        const id = other(l, p.at);
        const e = entities.get(id)!;
        if (p.visited.has(id)) continue;
        const steps = [
          ...p.steps,
          { link: l.kind, records: l.records, kind: e.kind, label: e.label, ref: e.ref },
        ];
        if (ENDS.has(e.kind)) {
          // Only the shortest connections of a pair: a longer one adds a detour, not evidence.
          const pair = `${p.staffId}|${e.ref}`;
          if (shortest.has(pair)) continue;
          reached.add(pair);
          found.push({ staffId: p.staffId, subject: e.ref, steps });
        } else if (step < maxSteps && THROUGH.has(e.kind) && e.degree <= HUB_DEGREE) {
          next.push({ staffId: p.staffId, at: id, visited: new Set([...p.visited, id]), steps });
        }
      }
    }
    frontier = next;
  }
  return found;
}
