/** `GET /`: each role's starting page, listing what that role can do. */
import type { FastifyPluginAsync } from 'fastify';
import { ROLE_DESCRIPTIONS } from '../../access/index.ts';
import { tasksFor } from '../destinations.ts';
import type { Services } from '../services.ts';

export const homeRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases } },
) => {
  app.get('/', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!;
    const tasks = tasksFor(user);
    const reminders = await cases.caseReminders(user);
    return reply.page('home.njk', {
      // The manager is alerted to cases past a stage deadline or whose owner has not confirmed ownership.
      attention: reminders?.all?.needAttention ?? 0,
      reminders,
      title: 'Home',
      tasks,
      roleDescription: ROLE_DESCRIPTIONS[user.role],
    });
  });
};
