/**
 * The inspection recommendations tracker: `/inspections` (the estate, or one establishment's page, with
 * charts), `/inspections/:id` (its recommendations, responses, action plans and follow-up), and the forms
 * that keep them (post/redirect/get, every problem shown beside its field).
 */
import type { FastifyPluginAsync } from 'fastify';
import { can, type Principal } from '../../access/index.ts';
import {
  BODIES,
  FOLLOW_UP_STATUSES,
  PRIORITIES,
  RESPONSES,
  STANDINGS,
  type InspectionView,
} from '../../inspections/index.ts';
import { HttpError } from '../errors.ts';
import { gridFigure } from '../figures.ts';
import { submitForm } from '../forms.ts';
import type { Services } from '../services.ts';

type Body = Record<string, string | undefined>;
type Params = { id: string; rid: string; aid: string };
const text = (v: unknown, max = 4000): string => (typeof v === 'string' ? v.slice(0, max) : '');
const choices = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, t]) => ({ value, text: t }));
const STANDING_WORDS: Record<string, string> = { ...FOLLOW_UP_STATUSES, not_checked: 'Not yet checked' };

/** Recommendations by what follow-up found, one row per inspecting body; and by the response to them. */
function overviewFigures(list: readonly InspectionView[]) {
  const bodies = Object.keys(BODIES).filter((b) => list.some((i) => i.body === b));
  const recs = (body: string) => list.filter((i) => i.body === body).flatMap((i) => i.recommendations);
  const responses = [...Object.keys(RESPONSES), null];
  return [
    gridFigure({
      id: 'recommendations-standing',
      heading: 'Recommendations by what follow-up found',
      description: 'One bar for each inspecting body, split by the status the latest check found.',
      rowHead: 'Inspected by',
      series: STANDINGS.map((s) => ({ label: STANDING_WORDS[s]! })),
      rows: bodies.map((b) => ({
        label: BODIES[b as keyof typeof BODIES],
        values: STANDINGS.map((s) => recs(b).filter((r) => r.standing === s).length),
      })),
      empty: 'No recommendations recorded.',
    }),
    gridFigure({
      id: 'recommendations-response',
      heading: 'Recommendations by response',
      description: 'One bar for each inspecting body, split by whether the recommendation was accepted.',
      rowHead: 'Inspected by',
      series: responses.map((r) => ({
        label: r ? RESPONSES[r as keyof typeof RESPONSES] : 'No response yet',
      })),
      rows: bodies.map((b) => ({
        label: BODIES[b as keyof typeof BODIES],
        values: responses.map((r) => recs(b).filter((x) => x.response === r).length),
      })),
      empty: 'No recommendations recorded.',
    }),
  ];
}

export const inspectionRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { inspections } },
) => {
  app.get<{ Querystring: { establishment?: string } }>(
    '/inspections',
    { config: { access: 'inspections.read' } },
    async (req, reply) => {
      const establishment = text(req.query.establishment, 3).toUpperCase();
      const list = (await inspections.inspectionOverview(req.user!, establishment || undefined))!;
      return reply.page('inspections/overview.njk', {
        title: establishment ? `Inspections: ${establishment}` : 'Inspections and recommendations',
        establishment,
        list,
        figures: overviewFigures(list),
        urgentOpen: list.filter((i) => i.clock && !i.clock.respondedOn),
        overdueActions: list.reduce((n, i) => n + i.overdueActions, 0),
        mayRecord: can(req.user, 'inspections.manage'),
        bodies: choices(BODIES),
        bodyWords: BODIES,
      });
    },
  );

  app.post<{ Body: Body }>(
    '/inspections',
    { config: { access: 'inspections.manage' } },
    async (req, reply) => {
      const b = req.body ?? {};
      return submitForm(reply, '/inspections', 'record', b, async () => {
        const id = await inspections.recordInspection(req.user!, {
          establishment: text(b.establishment, 3),
          body: text(b.body, 40),
          title: text(b.title, 201),
          publishedOn: text(b.publishedOn, 10),
        });
        return `/inspections/${id}`;
      });
    },
  );

  app.get<{ Params: Params }>(
    '/inspections/:id',
    { config: { access: 'inspections.read' } },
    async (req, reply) => {
      const view = await inspections.viewInspection(req.user!, req.params.id.slice(0, 18));
      if (!view) throw new HttpError(404, 'No such inspection');
      return reply.page('inspections/inspection.njk', {
        title: view.title,
        i: view,
        bodyWords: BODIES,
        priorityWords: PRIORITIES,
        responseWords: RESPONSES,
        standingWords: STANDING_WORDS,
        priorities: choices(PRIORITIES),
        responses: choices(RESPONSES),
        statuses: choices(FOLLOW_UP_STATUSES),
      });
    },
  );

  /** A form on an inspection's page: its command, then back to the page (at the recommendation's card). */
  const form = (
    path: string,
    access: 'inspections.manage' | 'inspections.follow_up',
    name: (p: Params) => string,
    command: (user: Principal, p: Params, b: Body) => Promise<unknown>,
  ) =>
    app.post<{ Params: Params; Body: Body }>(path, { config: { access } }, async (req, reply) => {
      const p = {
        id: req.params.id.slice(0, 18),
        rid: (req.params.rid ?? '').slice(0, 18),
        aid: (req.params.aid ?? '').slice(0, 18),
      };
      const page = `/inspections/${encodeURIComponent(p.id)}`;
      return submitForm(reply, page, name(p), req.body ?? {}, async () => {
        await command(req.user!, p, req.body ?? {});
        return p.rid ? `${page}#recommendation-${p.rid}` : page;
      });
    });

  form(
    '/inspections/:id/recommendations',
    'inspections.manage',
    () => 'recommendation',
    (user, p, b) =>
      inspections.addRecommendation(user, p.id, {
        ref: text(b.ref, 21),
        priority: text(b.priority, 40),
        area: text(b.area, 101),
        text: text(b.text),
        owner: text(b.owner, 100),
      }),
  );
  form(
    '/inspections/:id/import',
    'inspections.manage',
    () => 'import',
    (user, p, b) => inspections.importRecommendations(user, p.id, text(b.csv, 500_000)),
  );
  form(
    '/inspections/:id/responded',
    'inspections.manage',
    () => 'responded',
    (user, p, b) => inspections.markResponded(user, p.id, { respondedOn: text(b.respondedOn, 10) }),
  );
  form(
    '/inspections/:id/recommendations/:rid/response',
    'inspections.manage',
    (p) => `response-${p.rid}`,
    (user, p, b) =>
      inspections.respond(user, p.rid, {
        response: text(b.response, 40),
        note: text(b.note, 2000),
        owner: text(b.owner, 100),
      }),
  );
  form(
    '/inspections/:id/recommendations/:rid/actions',
    'inspections.manage',
    (p) => `action-${p.rid}`,
    (user, p, b) =>
      inspections.addAction(user, p.rid, {
        action: text(b.action, 2001),
        owner: text(b.owner, 101),
        dueOn: text(b.dueOn, 10),
      }),
  );
  form(
    '/inspections/:id/recommendations/:rid/actions/:aid/done',
    'inspections.manage',
    (p) => `done-${p.aid}`,
    (user, p, b) =>
      inspections.completeAction(user, p.rid, p.aid, {
        doneOn: text(b.doneOn, 10),
        evidence: text(b.evidence, 2001),
      }),
  );
  form(
    '/inspections/:id/recommendations/:rid/checks',
    'inspections.follow_up',
    (p) => `check-${p.rid}`,
    (user, p, b) =>
      inspections.recordCheck(user, p.rid, {
        checkedOn: text(b.checkedOn, 10),
        status: text(b.status, 40),
        note: text(b.note, 2000),
      }),
  );
};
