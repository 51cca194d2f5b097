/**
 * Planned searches: the list of a prison's plans with the form to make one for a coming day, a plan's
 * page (commitment, draw, outcomes, verification once the seed is revealed) and the plan as a file that
 * anyone can check with `probity search-plan verify FILE`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { FIND_ITEMS } from '../../prevention/index.ts';
import { formatLondon } from '../../time/index.ts';
import { HttpError } from '../errors.ts';
import { submitForm } from '../forms.ts';
import type { Services } from '../services.ts';

type Body = Record<string, string | string[] | undefined>;
const text = (v: unknown, max = 4000): string => (typeof v === 'string' ? v.slice(0, max) : '');
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => text(x, 40));

export const searchPlanRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { prevention } },
) => {
  app.get('/search-plans', { config: { access: 'searches.plan' } }, async (req, reply) => {
    const plans = await prevention.listPlans(req.user!);
    return reply.page('prevention/plans.njk', {
      title: 'Planned searches',
      plans,
      evasion: await prevention.searchEvasionAt(req.user!),
      establishments: req.user!.establishments,
    });
  });

  app.post<{ Body: Body }>('/search-plans', { config: { access: 'searches.plan' } }, async (req, reply) => {
    const b = req.body ?? {};
    return submitForm(reply, '/search-plans', 'plan', b, async () => {
      const id = await prevention.planSearches(req.user!, {
        establishment: text(b.establishment, 20),
        day: text(b.day, 20),
      });
      return `/search-plans/${id}`;
    });
  });

  app.get<{ Params: { id: string } }>(
    '/search-plans/:id',
    { config: { access: 'searches.plan' } },
    async (req, reply) => {
      const id = req.params.id.slice(0, 18);
      const plan = await prevention.viewPlan(req.user!, id);
      if (!plan) throw new HttpError(404, 'No search plan with that number is yours to see');
      return reply.page('prevention/plan.njk', {
        title: `Searches at ${plan.establishment} on ${plan.day}`,
        plan,
        created: formatLondon(plan.createdAt),
        verification: plan.verification,
        items: FIND_ITEMS,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/search-plans/:id/plan.json',
    { config: { access: 'searches.plan' } },
    async (req, reply) => {
      const id = req.params.id.slice(0, 18);
      const published = await prevention.publishedPlan(req.user!, id);
      if (!published) throw new HttpError(404, 'No search plan with that number is yours to see');
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="search-plan-${published.establishment}-${published.day}.json"`,
        )
        .header('cache-control', 'no-store')
        .send(JSON.stringify(published, null, 2));
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/search-plans/:id/outcomes',
    { config: { access: 'searches.plan' } },
    async (req, reply) => {
      const id = req.params.id.slice(0, 18);
      const page = `/search-plans/${encodeURIComponent(id)}`;
      const b = req.body ?? {};
      const kind = text(b.kind, 20);
      const target = text(b.target, 40);
      return submitForm(reply, page, `outcome-${kind}-${target}`, b, async () => {
        await prevention.recordOutcome(req.user!, id, {
          kind,
          target,
          outcome: text(b.outcome, 20),
          finds: list(b.finds),
          note: text(b.note, 2000),
        });
        return `${page}#searches`;
      });
    },
  );
};
