/** The alert queue, an alert's page with its evidence, triage, assignment, and the alert budget. */
import { actorOf } from '../../audit/index.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { alertScope, can, type Principal, type User } from '../../access/index.ts';
import type { Services } from '../services.ts';
import {
  AGE_BANDS,
  BUDGETS,
  DispositionError,
  QUEUE_SORTS,
  STATUSES,
  type AlertStatus,
  type Budget,
  type QueueFilters,
} from '../../alerts/index.ts';
import { HttpError } from '../errors.ts';
import { assignmentRoutes } from './assign-routes.ts';
import { alertId, assigneeFilter, bulkForm } from './fields.ts';
import { timelineChart } from './chart.ts';
import { listHref, pageOf, pageParam, sendCsv } from '../lists.ts';
import { codeWords } from '../words.ts';

export const STATUS_LABELS: Record<AlertStatus, string> = {
  needs_review: 'Needs review',
  confirmed: 'Confirmed',
  dismissed: 'Dismissed',
  resolved: 'Resolved',
};

const SEVERITIES = ['high', 'medium', 'low'] as const;

/** The queue's filters as its query string holds them, for links to its pages and its export. */
const listedFilters = (q: Record<string, string | undefined>) => {
  const { establishment, status, severity, indicator, waiting, sort, assignee } = q;
  return { establishment, status, severity, indicator, waiting, sort, assignee };
};

export const alertRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { alerts, cases } },
) => {
  /** The queue's filters from its query string; a value that is not one of the choices is refused. */
  const filtersOf = (q: Record<string, string | undefined>, viewer: Principal): QueueFilters => {
    const status = (q.status || 'needs_review') as AlertStatus | 'all';
    if (status !== 'all' && !STATUSES.includes(status)) throw new HttpError(400);
    if (q.severity && !SEVERITIES.includes(q.severity as never)) throw new HttpError(400);
    if (q.sort && !QUEUE_SORTS.includes(q.sort as never)) throw new HttpError(400);
    if (q.waiting && !/^\d{1,4}$/.test(q.waiting)) throw new HttpError(400);
    const assignee = assigneeFilter(q.assignee, viewer);
    return {
      status,
      ...(q.establishment ? { establishment: q.establishment } : {}),
      ...(q.severity ? { severity: q.severity as QueueFilters['severity'] } : {}),
      ...(q.indicator ? { indicator: q.indicator } : {}),
      ...(q.waiting ? { waitingDays: Number(q.waiting) } : {}),
      ...(q.sort ? { sort: q.sort as QueueFilters['sort'] } : {}),
      ...(assignee === undefined ? {} : { assignee }),
    };
  };

  const queuePage = async (
    req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>,
    reply: FastifyReply,
  ) => {
    const filters = filtersOf(req.query, req.user!);
    const { items, establishments, counts, indicators } = await alerts.alertQueue(req.user!, filters);
    const assignees = await alerts.alertAssignees(req.user!);
    const list = pageOf(items, pageParam(req.query.page), '/alerts', listedFilters(req.query));
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
      list,
      establishments,
      filters: { ...filters, waiting: req.query.waiting ?? '', assignee: req.query.assignee ?? '' },
      // A user the filter names who is no longer offered (disabled, say) stays chosen.
      assignees:
        filters.assignee && !assignees.some((a) => a.username === filters.assignee)
          ? [...assignees, { username: filters.assignee, displayName: filters.assignee }]
          : assignees,
      canAssign: can(req.user, 'alerts.assign'),
      statuses: [
        ...STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
        { value: 'all', text: 'All' },
      ],
      statusLabels: STATUS_LABELS,
      indicators,
      counts: {
        byStatus: STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s], n: counts.byStatus[s] })),
        byAge: AGE_BANDS.map((b, i) => ({ label: b.label, n: counts.byAge[i] })),
      },
      canTriage: can(req.user, 'alerts.triage'),
      decisions: STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
      back: listHref('/alerts', listedFilters(req.query), list.page),
      feedback: (await alerts.feedback(req.user!)).map((f) => ({
        ...f,
        rate: f.decided ? Math.round((100 * f.confirmed) / f.decided) : 0,
      })),
      budgets,
      budgetOptions: BUDGETS,
    });
  };

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/alerts',
    { config: { access: 'alerts.read' } },
    (req, reply) => queuePage(req, reply),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/alerts.csv',
    { config: { access: 'alerts.read' } },
    async (req, reply) => {
      const { items } = await alerts.alertQueue(req.user!, filtersOf(req.query, req.user!), 'export');
      return sendCsv(
        reply,
        `alerts-${req.query.status || 'needs_review'}.csv`,
        [
          'alert',
          'establishment',
          'member_of_staff',
          'with',
          'severity',
          'score',
          'indicators',
          'status',
          'days_waiting',
          'assigned_to',
        ],
        items.map((a) => [
          `AL-${a.id}`,
          a.establishment,
          a.staff.label,
          a.subjectLabel?.label ?? 'Staff-level',
          a.severity,
          a.score,
          a.indicators.map(codeWords).join('; '),
          STATUS_LABELS[a.status],
          a.untriagedDays ?? '',
          a.assignment ? `${a.assignment.displayName} (${a.assignment.username})` : '',
        ]),
      );
    },
  );

  // Bulk triage: one decision and one reason for every alert selected in the queue.
  app.post<{ Body: Record<string, string | string[]> }>(
    '/alerts/decide',
    { config: { access: 'alerts.triage' } },
    async (req, reply) => {
      const { one, back, ids } = bulkForm(req.body);
      try {
        await alerts.disposeAlerts(req.user!, ids, one('status'), one('reason'));
      } catch (err) {
        if (!(err instanceof DispositionError)) throw err;
        return reply.failedForm(back, {
          errorSummary: [{ text: err.message, href: '#bulk-status' }],
          bulkError: err.message,
          selected: ids,
          reason: one('reason'),
          decision: one('status'),
        });
      }
      return reply.redirect(back, 303);
    },
  );

  const show = async (req: { user: User | null; params: { id: string } }, reply: FastifyReply) => {
    const alert = await alerts.viewAlert(req.user!, alertId(req.params.id));
    if (!alert) throw new HttpError(404);
    const canAssign = can(req.user, 'alerts.assign');
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
      canAssign,
      assignees: canAssign ? await alerts.alertAssignees(req.user!, alert.id) : [],
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
        return reply.failedForm(`/alerts/AL-${id}`, {
          errorSummary: [{ text: err.message, href: '#status' }],
          reasonError: err.message,
          reason: String(req.body?.reason ?? ''),
        });
      }
      return reply.redirect(`/alerts/AL-${id}`, 303);
    },
  );

  assignmentRoutes(app, alerts);

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
