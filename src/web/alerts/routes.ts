/** The alert queue, an alert's page with its evidence, triage, and the alert budget. */
import { actorOf } from '../../audit/index.ts';
import type { FastifyPluginAsync } from 'fastify';
import { alertScope, can } from '../../access/index.ts';
import type { Services } from '../services.ts';
import { BUDGETS, type AlertStatus, type Budget } from '../../detect/index.ts';
import { DispositionError, STATUSES } from '../../detect/index.ts';
import { HttpError } from '../errors.ts';
import { timelineChart } from './chart.ts';

export const STATUS_LABELS: Record<AlertStatus, string> = {
  needs_review: 'Needs review',
  confirmed: 'Confirmed',
  dismissed: 'Dismissed',
  resolved: 'Resolved',
};

function alertId(raw: string): number {
  const m = /^(?:AL-)?(\d{1,15})$/.exec(raw);
  if (!m) throw new HttpError(404);
  return Number(m[1]);
}

export const alertRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { alerts, cases } },
) => {
  app.get<{ Querystring: { establishment?: string; status?: string } }>(
    '/alerts',
    { config: { access: 'alerts.read' } },
    async (req, reply) => {
      const status = (req.query.status ?? 'needs_review') as AlertStatus | 'all';
      if (status !== 'all' && !STATUSES.includes(status)) throw new HttpError(400);
      const establishment = req.query.establishment || undefined;
      const { items, establishments } = await alerts.alertQueue(req.user!, {
        status,
        ...(establishment ? { establishment } : {}),
      });
      const scope = alertScope(req.user!);
      const budgets = can(req.user, 'alerts.budget')
        ? await Promise.all(
            establishments
              .filter((e) => scope.establishments === 'all' || scope.establishments.includes(e))
              .map(async (e) => ({ establishment: e, budget: await alerts.getBudget(e) })),
          )
        : [];
      return reply.page('alerts/queue.njk', {
        title: 'Alerts',
        items,
        establishments,
        establishment,
        status,
        statuses: [
          ...STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
          { value: 'all', text: 'All' },
        ],
        statusLabels: STATUS_LABELS,
        feedback: (await alerts.feedback(req.user!)).map((f) => ({
          ...f,
          rate: f.decided ? Math.round((100 * f.confirmed) / f.decided) : 0,
        })),
        budgets,
        budgetOptions: BUDGETS,
      });
    },
  );

  const show = async (
    req: { user: import('../../access/index.ts').User | null; params: { id: string } },
    reply: import('fastify').FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const alert = await alerts.viewAlert(req.user!, alertId(req.params.id));
    if (!alert) throw new HttpError(404);
    return reply.page('alerts/alert.njk', {
      title: `Alert AL-${alert.id}`,
      alert,
      chart: timelineChart(alert.reasons, alert.window),
      statusLabels: STATUS_LABELS,
      canTriage: can(req.user, 'alerts.triage'),
      // A case may come from an alert awaiting review or one already confirmed, once.
      openedCase: await cases.caseOpenedFromAlert(req.user!, alert),
      canOpenCase: can(req.user, 'cases.open') && alert.status !== 'resolved',
      statuses: STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: s === alert.status })),
      ...extra,
    });
  };

  app.get<{ Params: { id: string } }>('/alerts/:id', { config: { access: 'alerts.read' } }, (req, reply) =>
    show(req, reply),
  );

  app.post<{ Params: { id: string }; Body: { status?: string; reason?: string } }>(
    '/alerts/:id/disposition',
    { config: { access: 'alerts.triage' } },
    async (req, reply) => {
      const id = alertId(req.params.id);
      try {
        if (
          !(await alerts.disposeAlert(
            req.user!,
            id,
            String(req.body?.status ?? ''),
            String(req.body?.reason ?? ''),
          ))
        )
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof DispositionError)) throw err;
        return show(req, reply.code(400), {
          errorSummary: [{ text: err.message, href: '#status' }],
          reasonError: err.message,
          reason: req.body?.reason,
        });
      }
      return reply.redirect(`/alerts/AL-${id}`, 303);
    },
  );

  app.post<{ Body: { establishment?: string; budget?: string } }>(
    '/alerts/budget',
    { config: { access: 'alerts.budget' } },
    async (req, reply) => {
      const establishment = String(req.body?.establishment ?? '');
      const budget = String(req.body?.budget ?? '') as Budget;
      const scope = alertScope(req.user!);
      const inScope =
        scope.establishments === 'all' ||
        (scope.establishments !== 'none' && scope.establishments.includes(establishment));
      if (!inScope || !BUDGETS.includes(budget)) throw new HttpError(400);
      await alerts.setBudget(establishment, budget, actorOf(req.user!.username));
      return reply.redirect(`/alerts?establishment=${encodeURIComponent(establishment)}`, 303);
    },
  );
};
