/**
 * An establishment's network: every link with an end in the establishment (but look-ups and
 * assignments, which are work), within what the viewer may see, and who holds it together: degree, betweenness (how many shortest paths run through an entity),
 * PageRank, and communities (Louvain). Computed over an in-memory projection with graphology.
 */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { betweenness as betweennessCentrality, pagerank } from 'graphology-metrics/centrality/index.js';
import type { Principal } from '../access/index.ts';
import { appendAudit, actorOf } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { refreshRecorded } from './build.ts';
import { entitiesWhere, linksOfUnit } from './graph-repo.ts';
import { shownAs, visibility } from './seen.ts';

export interface NetworkEntity {
  key: string;
  kind: string;
  label: string;
  masked: boolean;
  degree: number;
  /** Normalised: the share of shortest paths between other entities that run through this one. */
  betweenness: number;
  pagerank: number;
  community: number;
}

export interface Network {
  entities: number;
  links: number;
  communities: number;
  /** The most central entities, by betweenness. */
  top: NetworkEntity[];
}

/**
 * Links that staff make by doing their job: record look-ups and assignments. In a network of who is
 * connected to whom they make every officer on a wing its centre, and they would take most of the time;
 * detection weighs look-ups against the officer's peers instead.
 */
const WORK_LINKS = new Set(['lookup', 'assigned']);

// The package is CommonJS (module.exports = louvain) with types that declare a default export.
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** A fixed-seed generator, so that the same graph gives the same communities every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function establishmentNetwork(
  db: Database,
  viewer: Principal,
  establishment: string,
  limit = 50,
): Promise<Network> {
  await refreshRecorded(db);
  const visible = await visibility(db, viewer);
  const links = (await linksOfUnit(db, establishment)).filter((l) => !WORK_LINKS.has(l.kind));
  const ids = [...new Set(links.flatMap((l) => [l.fromId, l.toId]))];
  const entities = await visible(await entitiesWhere(db, 'id', ids));
  const graph = new UndirectedGraph();
  for (const e of entities) graph.addNode(String(e.id));
  for (const l of links) {
    const [a, b] = [String(l.fromId), String(l.toId)];
    if (graph.hasNode(a) && graph.hasNode(b)) graph.mergeEdge(a, b);
  }
  // An identifier whose every link leads to someone the viewer may not see says nothing they may know.
  for (const node of graph.filterNodes((n) => !graph.degree(n))) graph.dropNode(node);
  // The libraries refuse an empty graph (a viewer who sees none of the establishment).
  const empty = graph.order === 0;
  const betweenness = empty ? {} : betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
  const rank = empty ? {} : pagerank(graph, { getEdgeWeight: null });
  const community = empty ? {} : louvain(graph, { rng: seeded(1) });
  const ranked = entities
    .filter((e) => graph.hasNode(String(e.id)))
    .sort((x, y) => betweenness[String(y.id)]! - betweenness[String(x.id)]! || x.ref.localeCompare(y.ref))
    .slice(0, limit);
  const shown = await shownAs(db, viewer, ranked);
  const top = ranked.map((e) => ({
    ...shown.get(e.id)!,
    kind: e.kind,
    degree: graph.degree(String(e.id)),
    betweenness: betweenness[String(e.id)] ?? 0,
    pagerank: rank[String(e.id)] ?? 0,
    community: community[String(e.id)] ?? 0,
  }));
  await appendAudit(db, {
    actor: actorOf(viewer.username),
    action: 'graph.network',
    subjectType: 'establishment',
    subjectId: establishment,
    details: { entities: graph.order, links: graph.size },
  });
  return {
    entities: graph.order,
    links: graph.size,
    communities: new Set(Object.values(community)).size,
    top,
  };
}
