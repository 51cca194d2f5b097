/**
 * Assigning alerts: one from its page, or those selected in the queue beside bulk triage. A refusal
 * goes back to the page the form was on (post/redirect/get), with what was selected and chosen kept and every problem in
 * the GOV.UK error summary.
 */
import type { FastifyInstance } from 'fastify';
import { can, type User } from '../../access/index.ts';
import { FormError } from '../../form-error.ts';
import { HttpError } from '../errors.ts';
import type { Services } from '../services.ts';
import { alertId, assigneeOf, bulkForm, ME } from './fields.ts';

/**
 * The error summary of a refused assignment. Its problems are about the choice of assignee, which a
 * manager makes in the select `select` and anyone else with the buttons of `section`, or about the
 * selection of alerts (the queue's table).
 */
function problems(err: FormError, user: User | null, ids: { select: string; section: string }) {
  const assignee = can(user, 'alerts.assign') ? ids.select : ids.section;
  return {
    errorSummary: err.problems.map((p) => ({
      text: p.message,
      href: p.field === 'alerts' ? '#alert-selection' : `#${assignee}`,
    })),
    assignError: err.problems.map((p) => p.message).join('. '),
  };
}

export function assignmentRoutes(app: FastifyInstance, alerts: Services['alerts']): void {
  // `assignee`: a username, `me` or `unassigned`, from the manager's select or a button's hidden field.
  app.post<{ Params: { id: string }; Body: { assignee?: string } }>(
    '/alerts/:id/assign',
    { config: { access: 'alerts.triage' } },
    async (req, reply) => {
      const id = alertId(req.params.id);
      const entered = String(req.body?.assignee ?? '');
      try {
        if (!(await alerts.assignAlert(req.user!, id, assigneeOf(entered, req.user!))))
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return reply.failedForm(`/alerts/AL-${id}`, {
          ...problems(err, req.user, { select: 'assignee', section: 'assignment' }),
          assigneeEntered: entered,
        });
      }
      return reply.redirect(`/alerts/AL-${id}`, 303);
    },
  );

  // The queue's form: its "Assign to me" button sends `take=me`; a manager's select, `assignee`.
  app.post<{ Body: Record<string, string | string[]> }>(
    '/alerts/assign',
    { config: { access: 'alerts.triage' } },
    async (req, reply) => {
      const { one, back, ids } = bulkForm(req.body);
      const entered = one('take') === ME ? ME : one('assignee');
      try {
        await alerts.assignAlerts(req.user!, ids, assigneeOf(entered, req.user!));
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return reply.failedForm(back, {
          ...problems(err, req.user, { select: 'bulk-assignee', section: 'bulk-assignment' }),
          selected: ids,
          assigneeEntered: entered,
        });
      }
      return reply.redirect(back, 303);
    },
  );
}
