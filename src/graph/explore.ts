/**
 * Questions of the link graph, answered within what the viewer may see: an entity's neighbourhood to a
 * few steps, and the paths between two entities. Entities the viewer may not see are neither shown nor
 * passed through; staff appear under the pseudonyms the viewer sees; each question is audited.
 */
import { UndirectedGraph } from 'graphology';
import { allSimplePaths } from 'graphology-simple-path';
import { PSEUDONYM, staffIdOfPseudonym, type Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { refreshRecorded } from './build.ts';
import { entitiesWhere, linksAround, type EntityRow, type LinkFilter, type LinkRow } from './graph-repo.ts';
import { entityKey } from './keys.ts';
import { shownAs, visibility } from './seen.ts';

/** An entity with more links than this (a switchboard number, a hostel's address) is shown, not expanded. */
export const HUB_DEGREE = 60;
/** A neighbourhood stops growing past this many entities, and says so. */
export const NODE_LIMIT = 400;
/** Paths listed at most, shortest first. */
export const PATH_LIMIT = 50;
export const MAX_DEPTH = 3;
export const MAX_STEPS = 6;

export interface GraphNode {
  /** The entity's reference as the viewer may use it: a masked member of staff's is their pseudonym. */
  key: string;
  kind: string;
  label: string;
  masked: boolean;
  unit: string | null;
  /** Steps from where the question started (for a path: from its nearer end). */
  depth: number;
  /** More links than a neighbourhood expands (HUB_DEGREE). */
  hub: boolean;
}

export interface GraphLink {
  kind: string;
  from: string;
  to: string;
  records: number;
  firstAt: Date | null;
  lastAt: Date | null;
  source: string;
}

export interface GraphView {
  nodes: GraphNode[];
  links: GraphLink[];
  /** The node limit was reached: more lies beyond. */
  truncated: boolean;
}

interface Reach {
  entities: Map<number, EntityRow & { depth: number }>;
  links: Map<number, LinkRow>;
  truncated: boolean;
}

/** Breadth-first from `start`, `depth` steps, through visible entities only; hubs are not expanded. */
async function reach(
  db: Queryable,
  visible: (e: EntityRow[]) => Promise<EntityRow[]>,
  start: EntityRow,
  depth: number,
  filter: LinkFilter,
): Promise<Reach> {
  const entities = new Map<number, EntityRow & { depth: number }>([[start.id, { ...start, depth: 0 }]]);
  const refused = new Set<number>();
  const links = new Map<number, LinkRow>();
  let frontier = [start];
  let truncated = false;
  for (let step = 1; step <= depth && frontier.length; step++) {
    const expand = frontier.filter((e) => e === start || e.degree <= HUB_DEGREE).map((e) => e.id);
    const around = await linksAround(db, expand, filter);
    const unseen = new Set<number>();
    for (const l of around)
      for (const id of [l.fromId, l.toId]) if (!entities.has(id) && !refused.has(id)) unseen.add(id);
    const found = await entitiesWhere(db, 'id', [...unseen]);
    const shown = new Set(await visible(found));
    frontier = [];
    for (const e of found) {
      if (shown.has(e) && entities.size < NODE_LIMIT) {
        entities.set(e.id, { ...e, depth: step });
        frontier.push(e);
      } else {
        // Not to be seen, or past the limit: never fetched again.
        truncated ||= shown.has(e);
        refused.add(e.id);
      }
    }
    for (const l of around) if (entities.has(l.fromId) && entities.has(l.toId)) links.set(l.id, l);
  }
  return { entities, links, truncated };
}

/** The graph's entity for a reference the viewer typed or followed, if they may see it. */
async function resolve(
  db: Queryable,
  viewer: Principal,
  key: string,
  visible: (e: EntityRow[]) => Promise<EntityRow[]>,
): Promise<EntityRow | undefined> {
  let ref = entityKey(key);
  const staffPart = ref.startsWith('staff:') ? ref.slice('staff:'.length) : ref;
  const byPseudonym = PSEUDONYM.test(staffPart);
  if (byPseudonym) {
    const staffId = await staffIdOfPseudonym(db, staffPart);
    if (!staffId) return undefined;
    ref = `staff:${staffId}`;
  }
  const [entity] = await entitiesWhere(db, 'ref', [ref]);
  if (!entity || !(await visible([entity])).length) return undefined;
  // A masked member of staff opens only by pseudonym: their staff number would tie the mask to them.
  if (!byPseudonym && (await shownAs(db, viewer, [entity])).get(entity.id)!.masked) return undefined;
  return entity;
}

/** The view of reached entities and links, staff labelled as the viewer sees them. */
async function viewOf(
  db: Queryable,
  viewer: Principal,
  r: Reach,
  keep?: Set<number>,
): Promise<{ view: GraphView; keys: Map<number, string> }> {
  const entities = [...r.entities.values()].filter((e) => !keep || keep.has(e.id));
  const shown = await shownAs(db, viewer, entities);
  const keyOf = new Map<number, GraphNode>();
  for (const e of entities) {
    keyOf.set(e.id, {
      ...shown.get(e.id)!,
      kind: e.kind,
      unit: e.unit,
      depth: e.depth,
      hub: e.degree > HUB_DEGREE,
    });
  }
  const links = [...r.links.values()]
    .filter((l) => keyOf.has(l.fromId) && keyOf.has(l.toId))
    .map((l) => ({
      kind: l.kind,
      from: keyOf.get(l.fromId)!.key,
      to: keyOf.get(l.toId)!.key,
      records: l.records,
      firstAt: l.firstAt,
      lastAt: l.lastAt,
      source: l.source,
    }));
  return {
    view: { nodes: [...keyOf.values()].sort((a, b) => a.depth - b.depth), links, truncated: r.truncated },
    keys: new Map([...keyOf].map(([id, node]) => [id, node.key])),
  };
}

export interface NeighbourhoodRequest extends LinkFilter {
  depth: number;
  /** Asked for to take away (a CSV for i2): audited as an export. */
  export?: boolean;
}

/** An entity's neighbourhood, or undefined when the viewer may not see it (or there is none). Audited. */
export async function neighbourhood(
  db: Database,
  viewer: Principal,
  key: string,
  request: NeighbourhoodRequest,
): Promise<GraphView | undefined> {
  await refreshRecorded(db);
  const visible = await visibility(db, viewer);
  const start = await resolve(db, viewer, key, visible);
  if (!start) return undefined;
  const depth = Math.min(Math.max(1, request.depth), MAX_DEPTH);
  const { view } = await viewOf(db, viewer, await reach(db, visible, start, depth, request));
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: request.export ? 'graph.export' : 'graph.neighbourhood',
    subjectType: start.kind,
    subjectId: start.ref,
    details: { depth, kinds: request.kinds ?? 'all', entities: view.nodes.length },
  });
  return view;
}

export interface PathsRequest extends LinkFilter {
  maxSteps: number;
}

export interface PathsAnswer {
  /** Each path as the keys of its nodes, from the first entity to the second; shortest first. */
  paths: string[][];
  view: GraphView;
  /** More paths were found than PATH_LIMIT. */
  more: boolean;
}

/**
 * The paths of at most `maxSteps` links between two entities through what the viewer may see, or
 * undefined when they may not see either. Audited.
 */
export async function paths(
  db: Database,
  viewer: Principal,
  fromKey: string,
  toKey: string,
  request: PathsRequest,
): Promise<PathsAnswer | undefined> {
  await refreshRecorded(db);
  const visible = await visibility(db, viewer);
  const from = await resolve(db, viewer, fromKey, visible);
  const to = await resolve(db, viewer, toKey, visible);
  if (!from || !to) return undefined;
  const maxSteps = Math.min(Math.max(1, request.maxSteps), MAX_STEPS);
  // Every node of a path of k links is within ceil(k/2) of one of its ends.
  const half = Math.ceil(maxSteps / 2);
  const a = await reach(db, visible, from, half, request);
  const b = await reach(db, visible, to, half, request);
  const both: Reach = {
    entities: new Map([...b.entities, ...a.entities]),
    links: new Map([...a.links, ...b.links]),
    truncated: a.truncated || b.truncated,
  };
  const graph = new UndirectedGraph();
  for (const id of both.entities.keys()) graph.addNode(String(id));
  for (const l of both.links.values()) graph.mergeEdge(String(l.fromId), String(l.toId));
  const found =
    from.id === to.id ? [] : allSimplePaths(graph, String(from.id), String(to.id), { maxDepth: maxSteps });
  found.sort((x, y) => x.length - y.length);
  const chosen = found.slice(0, PATH_LIMIT).map((p) => p.map(Number));
  const onPaths = new Set(chosen.flat());
  const { view, keys } = await viewOf(db, viewer, both, onPaths);
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'graph.paths',
    subjectType: from.kind,
    subjectId: from.ref,
    details: { to: to.ref, maxSteps, paths: found.length },
  });
  return { paths: chosen.map((p) => p.map((id) => keys.get(id)!)), view, more: found.length > PATH_LIMIT };
}

/** The kinds of the links joining two entities of a view, either way round. */
export function linkKindsBetween(view: GraphView, a: string, b: string): string[] {
  return view.links
    .filter((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a))
    .map((l) => l.kind);
}

/** Paths as words for a case record: each entity by its label and key, each link by its kind. */
export function describePaths(answer: PathsAnswer, from: string, to: string, maxSteps: number): string {
  const node = new Map(answer.view.nodes.map((n) => [n.key, `${n.label} [${n.key}]`]));
  const lines = answer.paths.map(
    (p, i) =>
      `${i + 1}. ${node.get(p[0]!)}${p
        .slice(1)
        .map((k, j) => ` —${linkKindsBetween(answer.view, p[j]!, k).join('/')}— ${node.get(k)}`)
        .join('')}`,
  );
  return [
    `Link analysis: ${answer.paths.length} path${answer.paths.length === 1 ? '' : 's'} of at most ${maxSteps} links between ${from} and ${to}${answer.more ? ' (the shortest only)' : ''}.`,
    ...lines,
  ].join('\n');
}
