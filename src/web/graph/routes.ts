/**
 * Link analysis pages: an entity's neighbourhood as tables of entities and links, and the paths between
 * two entities. Usable without JavaScript; what is shown is what the graph capability lets the viewer see.
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  ENTITY_KIND_LABELS,
  LINK_KIND_LABELS,
  LINK_KINDS,
  MAX_DEPTH,
  MAX_STEPS,
  linkKindsBetween,
  type GraphView,
} from '../../graph/index.ts';
import { checkboxes, radios } from '../choices.ts';
import type { Services } from '../services.ts';

interface LinksQuery {
  entity?: string;
  from?: string;
  to?: string;
  depth?: string;
  steps?: string;
  kind?: string | string[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim().slice(0, 300) : '');
/** A whole number within [1, max] from the query, else `fallback`. */
const bounded = (v: unknown, max: number, fallback: number): number => {
  const n = Number(text(v));
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
};
/** The link kinds ticked (`kind` once per box); none ticked means every kind. */
const kindsOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((k): k is string => (LINK_KINDS as readonly unknown[]).includes(k));

const steps = (max: number) =>
  Object.fromEntries(Array.from({ length: max }, (_, i) => [String(i + 1), String(i + 1)]));
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? '';

/** The view as the page's rows: entities with their kind's name, links with both ends' labels. */
function rowsOf(view: GraphView) {
  const label = new Map(view.nodes.map((n) => [n.key, n.label]));
  return {
    nodes: view.nodes.map((n) => ({ ...n, kindLabel: ENTITY_KIND_LABELS[n.kind] ?? n.kind })),
    links: view.links.map((l) => ({
      ...l,
      kindLabel: LINK_KIND_LABELS[l.kind as keyof typeof LINK_KIND_LABELS] ?? l.kind,
      fromLabel: label.get(l.from),
      toLabel: label.get(l.to),
      first: day(l.firstAt),
      last: day(l.lastAt),
    })),
  };
}

export const graphRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { graph } },
) => {
  app.get<{ Querystring: LinksQuery }>('/links', { config: { access: 'links.read' } }, async (req, reply) => {
    const entity = text(req.query.entity);
    const depth = bounded(req.query.depth, MAX_DEPTH, 1);
    const kinds = kindsOf(req.query.kind);
    const view = entity
      ? await graph.neighbourhood(req.user!, entity, { depth, kinds: kinds.length ? kinds : undefined })
      : undefined;
    return reply.page('graph/neighbourhood.njk', {
      title: entity ? `Links of ${view?.nodes[0]?.label ?? entity}` : 'Link analysis',
      entity,
      found: !!view,
      depthItems: radios(steps(MAX_DEPTH), String(depth)),
      kindItems: checkboxes(LINK_KIND_LABELS, kinds),
      truncated: view?.truncated,
      ...(view ? rowsOf(view) : {}),
    });
  });

  app.get<{ Querystring: LinksQuery }>(
    '/links/paths',
    { config: { access: 'links.read' } },
    async (req, reply) => {
      const from = text(req.query.from);
      const to = text(req.query.to);
      const maxSteps = bounded(req.query.steps, MAX_STEPS, 4);
      const kinds = kindsOf(req.query.kind);
      const answer =
        from && to
          ? await graph.paths(req.user!, from, to, { maxSteps, kinds: kinds.length ? kinds : undefined })
          : undefined;
      const rows = answer && rowsOf(answer.view);
      const node = new Map(rows?.nodes.map((n) => [n.key, n]));
      return reply.page('graph/paths.njk', {
        title: from && to ? `Paths between ${from} and ${to}` : 'Paths between two entities',
        from,
        to,
        asked: !!(from && to),
        found: !!answer,
        stepItems: radios(steps(MAX_STEPS), String(maxSteps)),
        kindItems: checkboxes(LINK_KIND_LABELS, kinds),
        more: answer?.more,
        paths: answer?.paths.map((p) =>
          p.map((key, i) => ({
            node: node.get(key)!,
            via: i
              ? linkKindsBetween(answer.view, p[i - 1]!, key).map(
                  (k) => LINK_KIND_LABELS[k as keyof typeof LINK_KIND_LABELS] ?? k,
                )
              : [],
          })),
        ),
      });
    },
  );

  app.get<{ Querystring: { establishment?: string } }>(
    '/links/network',
    { config: { access: 'links.read' } },
    async (req, reply) => {
      const user = req.user!;
      const asked = text(req.query.establishment).toUpperCase();
      const establishment = asked || user.establishments[0] || '';
      const valid = /^[A-Z]{3}$/.test(establishment);
      const network = valid ? await graph.establishmentNetwork(user, establishment, 50) : undefined;
      return reply.page('graph/network.njk', {
        title: valid ? `The network of ${establishment}` : 'An establishment’s network',
        establishment,
        error:
          establishment && !valid ? 'Enter an establishment’s three-letter code, for example XAA' : undefined,
        network: network && {
          ...network,
          top: network.top.map((e) => ({
            ...e,
            kindLabel: ENTITY_KIND_LABELS[e.kind] ?? e.kind,
            betweenness: e.betweenness.toFixed(4),
            pagerank: e.pagerank.toFixed(4),
          })),
        },
      });
    },
  );
};
