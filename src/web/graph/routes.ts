/**
 * Link analysis pages: an entity's neighbourhood as tables of entities and links, and the paths between
 * two entities. Usable without JavaScript; what is shown is what the graph capability lets the viewer see.
 */
import type { FastifyPluginAsync } from 'fastify';
import { can, type User } from '../../access/index.ts';
import {
  entityKindLabel,
  linkKindLabel,
  LINK_KIND_LABELS,
  LINK_KINDS,
  MAX_DEPTH,
  MAX_STEPS,
  describePaths,
  linkKindsBetween,
  svgOfView,
  type GraphView,
} from '../../graph/index.ts';
import { checkboxes, radios } from '../choices.ts';
import { FormError } from '../../form-error.ts';
import { HttpError } from '../errors.ts';
import { sendCsv } from '../lists.ts';
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
  const rows = {
    nodes: view.nodes.map((n) => ({ ...n, kindLabel: entityKindLabel(n.kind) })),
    links: view.links.map((l) => ({
      ...l,
      kindLabel: linkKindLabel(l.kind),
      fromLabel: label.get(l.from),
      toLabel: label.get(l.to),
      first: day(l.firstAt),
      last: day(l.lastAt),
    })),
  };
  const dates = rows.links
    .flatMap((l) => [l.first, l.last])
    .filter(Boolean)
    .sort();
  return {
    ...rows,
    // The chart's data (links-chart.js), in an attribute the page escapes like any other text.
    chartJson: JSON.stringify({
      nodes: rows.nodes.map(({ key, label, kind, unit, masked }) => ({ key, label, kind, unit, masked })),
      links: rows.links.map(({ from, to, kind, kindLabel, records, first, last, source }) => ({
        from,
        to,
        kind,
        kindLabel,
        records,
        first,
        last,
        source,
      })),
    }),
    firstDay: dates[0],
    lastDay: dates.at(-1),
  };
}

/** The neighbourhood the query asks for, or undefined when no entity is named or none may be seen. */
async function asked(graph: Services['graph'], user: User, query: LinksQuery, forExport = false) {
  const entity = text(query.entity);
  const depth = bounded(query.depth, MAX_DEPTH, 1);
  const kinds = kindsOf(query.kind);
  const view = entity
    ? await graph.neighbourhood(user, entity, {
        depth,
        kinds: kinds.length ? kinds : undefined,
        export: forExport,
      })
    : undefined;
  return { entity, depth, kinds, view };
}

/** The neighbourhood asked for, as data or a file: not found when nothing the user may see has that name. */
async function askedView(graph: Services['graph'], user: User, query: LinksQuery, forExport: boolean) {
  const { view } = await asked(graph, user, query, forExport);
  if (!view) throw new HttpError(404, 'Nothing you may see is known by that name');
  return view;
}

export const graphRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { graph, cases } },
) => {
  app.get<{ Querystring: LinksQuery }>('/links', { config: { access: 'links.read' } }, async (req, reply) => {
    const { entity, depth, kinds, view } = await asked(graph, req.user!, req.query);
    const csv = new URLSearchParams(Object.entries({ entity, depth: String(depth) }));
    for (const k of kinds) csv.append('kind', k);
    return reply.page('graph/neighbourhood.njk', {
      csvHref: `/links.csv?${csv.toString()}`,
      svgHref: `/links.svg?${csv.toString()}`,
      title: entity ? `Links of ${view?.nodes[0]?.label ?? entity}` : 'Link analysis',
      entity,
      found: !!view,
      depthItems: radios(steps(MAX_DEPTH), String(depth)),
      kindItems: checkboxes(LINK_KIND_LABELS, kinds),
      truncated: view?.truncated,
      ...(view ? rowsOf(view) : {}),
    });
  });

  // The chart's "expand": one step out from an entity, as the chart draws it.
  app.get<{ Querystring: LinksQuery }>(
    '/links.json',
    { config: { access: 'links.read' } },
    async (req, reply) => {
      const view = await askedView(graph, req.user!, req.query, false);
      return reply.type('application/json').send(rowsOf(view).chartJson);
    },
  );

  // The links as a file an analyst can load into i2 Analyst's Notebook (one row a link, both ends typed).
  app.get<{ Querystring: LinksQuery }>(
    '/links.csv',
    { config: { access: 'links.read' } },
    async (req, reply) => {
      const view = await askedView(graph, req.user!, req.query, true);
      const node = new Map(view.nodes.map((n) => [n.key, n]));
      const typeOf = (key: string) => entityKindLabel(node.get(key)!.kind);
      return sendCsv(
        reply,
        'links.csv',
        [
          'from_id',
          'from_label',
          'from_type',
          'link_type',
          'to_id',
          'to_label',
          'to_type',
          'records',
          'first',
          'last',
          'source',
        ],
        view.links.map((l) => [
          l.from,
          node.get(l.from)!.label,
          typeOf(l.from),
          linkKindLabel(l.kind),
          l.to,
          node.get(l.to)!.label,
          typeOf(l.to),
          l.records,
          day(l.firstAt),
          day(l.lastAt),
          l.source,
        ]),
      );
    },
  );

  // The chart as a picture for a report or a case file, drawn on the server (no JavaScript needed).
  app.get<{ Querystring: LinksQuery }>(
    '/links.svg',
    { config: { access: 'links.read' } },
    async (req, reply) => {
      const view = await askedView(graph, req.user!, req.query, true);
      const svg = svgOfView(view);
      if (!svg) throw new HttpError(404, 'The chart has one entity: there is nothing to draw');
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('content-disposition', 'attachment; filename="links.svg"')
        .header('cache-control', 'no-store')
        .send(svg);
    },
  );

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
        canAttach: can(req.user!, 'cases.open'),
        stepsChosen: maxSteps,
        kindsChosen: kinds,
        chartJson: rows?.chartJson,
        firstDay: rows?.firstDay,
        lastDay: rows?.lastDay,
        paths: answer?.paths.map((p) =>
          p.map((key, i) => ({
            node: node.get(key)!,
            via: i ? linkKindsBetween(answer.view, p[i - 1]!, key).map(linkKindLabel) : [],
          })),
        ),
      });
    },
  );

  // The paths found, attached to a case as a note of the analysis (the case's entry is audited, as the
  // question was).
  app.post<{ Body: LinksQuery & { case?: string } }>(
    '/links/paths/attach',
    { config: { access: 'cases.open' } },
    async (req, reply) => {
      const body = req.body ?? {};
      const from = text(body.from);
      const to = text(body.to);
      const maxSteps = bounded(body.steps, MAX_STEPS, 4);
      const kinds = kindsOf(body.kind);
      const reference = text(body.case).toUpperCase();
      const back = new URLSearchParams(Object.entries({ from, to, steps: String(maxSteps) }));
      for (const k of kinds) back.append('kind', k);
      const refuse = (message: string) =>
        reply.failedForm(`/links/paths?${back.toString()}`, {
          errorSummary: [{ text: message, href: '#case' }],
          caseError: message,
          caseReference: reference,
        });
      if (!reference) return refuse('Enter the reference of the case to attach the paths to');
      const answer = await graph.paths(req.user!, from, to, {
        maxSteps,
        kinds: kinds.length ? kinds : undefined,
      });
      if (!answer?.paths.length) return refuse('There are no paths to attach: find some first');
      try {
        const added = await cases.addEntry(req.user!, reference, {
          kind: 'note',
          body: describePaths(answer, from, to, maxSteps),
        });
        if (!added) return refuse(`No case you may add to has the reference ${reference}`);
      } catch (err) {
        if (err instanceof FormError) return refuse(err.problems[0]!.message);
        throw err;
      }
      return reply.redirect(`/cases/${encodeURIComponent(reference)}`, 303);
    },
  );

  app.get('/links/resolutions', { config: { access: 'links.read' } }, async (req, reply) => {
    const suggestions = await graph.resolutionSuggestions(req.user!);
    return reply.page('graph/resolutions.njk', {
      title: 'Who is who: the same person behind different records',
      canDecide: can(req.user!, 'links.resolve'),
      suggestions: suggestions.map((s) => ({
        ...s,
        pair: `${s.a.key} ${s.b.key}`,
        percent: Math.round(s.confidence * 100),
      })),
    });
  });

  app.post<{ Body: { a?: string; b?: string; decision?: string; reason?: string } }>(
    '/links/resolutions',
    { config: { access: 'links.resolve' } },
    async (req, reply) => {
      const body = req.body ?? {};
      try {
        await graph.resolvePersons(
          req.user!,
          text(body.a),
          text(body.b),
          text(body.decision),
          String(body.reason ?? ''),
        );
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        const message = err.problems[0]!.message;
        return reply.failedForm('/links/resolutions', {
          errorSummary: [{ text: message, href: '#resolutions' }],
          failedPair: `${text(body.a)} ${text(body.b)}`,
          failedMessage: message,
          failedReason: String(body.reason ?? '').slice(0, 1000),
        });
      }
      return reply.redirect('/links/resolutions', 303);
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
            kindLabel: entityKindLabel(e.kind),
            betweenness: e.betweenness.toFixed(4),
            pagerank: e.pagerank.toFixed(4),
          })),
        },
      });
    },
  );
};
