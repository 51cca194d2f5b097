/** `GET /`: each role's starting page, listing what that role can do. */
import type { FastifyPluginAsync } from 'fastify';
import { can, ROLE_DESCRIPTIONS } from '../../access/index.ts';
import { tasksFor } from '../destinations.ts';
import type { Services } from '../services.ts';
import { homeFigures } from './figures.ts';

export const homeRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { alerts, cases, inspections, intelligence, portal, prevention } },
) => {
  app.get('/', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!;
    const tasks = tasksFor(user);
    const reminders = await cases.caseReminders(user);
    // An analyst's own alerts awaiting review; undefined for a role that does not triage.
    const myAlerts = can(user, 'alerts.triage') ? await alerts.assignedAwaitingReview(user) : undefined;
    return reply.page('home.njk', {
      // The manager is alerted to cases past a stage deadline or whose owner has not confirmed ownership.
      attention: reminders?.all?.needAttention ?? 0,
      reminders,
      myAlerts,
      prevention: await prevention.preventionReminders(user),
      inspections: await inspections.inspectionReminders(user),
      title: 'Home',
      tasks,
      figures: await homeFigures({ alerts, cases, intelligence, portal }, user),
      roleDescription: ROLE_DESCRIPTIONS[user.role],
    });
  });
};
