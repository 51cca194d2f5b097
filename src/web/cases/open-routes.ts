/** Cases: the lists (a page at a time, or all as CSV) and opening a case by referral or from an alert or report. */
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { User } from '../../access/index.ts';
import { ALLEGATIONS, PRIORITIES, type CaseView } from '../../cases/index.ts';
import type { Services } from '../services.ts';
import { radios } from '../choices.ts';
import { HttpError } from '../errors.ts';
import { formProblems } from '../forms.ts';
import { pageOf, pageParam, sendCsv } from '../lists.ts';
import { codeWords } from '../words.ts';

const VIEWS: Record<CaseView, string> = {
  mine: 'My cases',
  team: 'Team',
  overdue: 'Overdue',
  open: 'Open',
  all: 'All',
};

export const caseListRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases } },
) => {
  const viewOf = (raw: string | undefined): CaseView => {
    const view = (raw || 'open') as CaseView;
    if (!(view in VIEWS)) throw new HttpError(400, `view must be one of ${Object.keys(VIEWS).join(', ')}`);
    return view;
  };

  app.get<{ Querystring: { view?: string; page?: string } }>(
    '/cases',
    { config: { access: 'cases.read' } },
    async (req, reply) => {
      const view = viewOf(req.query.view);
      const page = pageParam(req.query.page);
      return reply.page('cases/list.njk', {
        title: 'Cases',
        list: pageOf(await cases.listCases(req.user!, view), page, '/cases', { view }),
        view,
        views: Object.entries(VIEWS).map(([value, text]) => ({ value, text, current: value === view })),
      });
    },
  );

  app.get<{ Querystring: { view?: string } }>(
    '/cases.csv',
    { config: { access: 'cases.read' } },
    async (req, reply) => {
      const view = viewOf(req.query.view);
      const listed = await cases.listCases(req.user!, view, 'export');
      return sendCsv(
        reply,
        `cases-${view}.csv`,
        [
          'reference',
          'title',
          'stage',
          'priority',
          'owner',
          'team',
          'stage_due',
          'stage_overdue',
          'ownership_overdue',
        ],
        listed.map((c) => [
          c.reference,
          c.title,
          codeWords(c.stage),
          codeWords(c.priority),
          c.owner,
          c.team ?? '',
          c.stageDueOn,
          c.overdue ? 'yes' : 'no',
          c.ownershipOverdue ? 'yes' : 'no',
        ]),
      );
    },
  );

  const newForm = (
    reply: FastifyReply,
    values: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('cases/new.njk', {
      title: 'Open a case',
      values,
      priorities: radios(PRIORITIES, values.priority ?? 'medium'),
      allegations: radios(ALLEGATIONS, values.allegation),
      ...extra,
    });

  app.get('/cases/new', { config: { access: 'cases.open' } }, (_req, reply) => newForm(reply, {}));

  // The form posts to its own address, so that after an error the address is still the form's.
  app.post<{ Body: Record<string, string> }>(
    '/cases/new',
    { config: { access: 'cases.open' } },
    async (req, reply) => {
      const b = req.body ?? {};
      try {
        const reference = await cases.openCase(req.user!, {
          title: String(b.title ?? ''),
          origin: 'manual',
          referralSource: String(b.referralSource ?? ''),
          priority: String(b.priority ?? ''),
          subjects: String(b.subjects ?? ''),
          allegation: String(b.allegation ?? ''),
          team: String(b.team ?? ''),
          restrictedToTeam: b.restrictedToTeam === 'yes',
        });
        return reply.redirect(`/cases/${reference}`, 303);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return newForm(reply.code(400), b, formProblems(err));
      }
    },
  );

  const fromReport =
    (open: (user: User, ref: string, subjects: string, allegation: string) => Promise<string | undefined>) =>
    async (
      req: { user: User | null; params: { ref: string }; body: Record<string, string> },
      reply: FastifyReply,
    ) => {
      try {
        const reference = await open(
          req.user!,
          req.params.ref,
          String(req.body?.subjects ?? ''),
          String(req.body?.allegation || 'other'),
        );
        if (!reference) throw new HttpError(404);
        return reply.redirect(`/cases/${reference}`, 303);
      } catch (err) {
        if (err instanceof FormError) throw new HttpError(400, err.message);
        throw err;
      }
    };
  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/intelligence/:ref/case',
    { config: { access: 'cases.open' } },
    fromReport((u, ref, subjects, allegation) =>
      cases.openCaseFromIntelligence(u, ref, subjects, allegation),
    ),
  );
  app.post<{ Params: { ref: string }; Body: Record<string, string> }>(
    '/portal-reports/:ref/case',
    { config: { access: 'cases.open' } },
    fromReport((u, ref, subjects, allegation) => cases.openCaseFromPortal(u, ref, subjects, allegation)),
  );

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    '/alerts/:id/case',
    { config: { access: 'cases.open' } },
    async (req, reply) => {
      const m = req.params.id.match(/^(?:AL-)?(\d{1,15})$/);
      if (!m) throw new HttpError(404);
      try {
        const reference = await cases.openCaseFromAlert(
          req.user!,
          Number(m[1]),
          String(req.body?.priority || 'high'),
        );
        if (!reference) throw new HttpError(404);
        return reply.redirect(`/cases/${reference}`, 303);
      } catch (err) {
        if (err instanceof FormError) throw new HttpError(400, err.message);
        throw err;
      }
    },
  );
};
