/** `GET /admin/users`: accounts and their roles, for administrators. Changes are made with `probity user`. */
import { actorOf } from '../../audit/index.ts';
import type { FastifyPluginAsync } from 'fastify';
import { ROLE_LABELS } from '../../access/index.ts';
import type { Services } from '../services.ts';

export const adminRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { access } },
) => {
  app.get('/admin/users', { config: { access: 'users.manage' } }, async (req, reply) => {
    const users = await access.listUsers(actorOf(req.user!.username));
    return reply.page('admin/users.njk', {
      title: 'Users',
      rows: users.map((u) => [
        { text: u.username },
        { text: u.displayName },
        { text: ROLE_LABELS[u.role] },
        { text: [...u.establishments, ...u.regions].join(', ') || 'All' },
        { text: u.oidcSubject ? 'Single sign-on' : 'Password' },
        { text: u.disabled ? 'Disabled' : u.lockedUntil && u.lockedUntil > new Date() ? 'Locked' : 'Active' },
        { text: u.lastSignInAt ? u.lastSignInAt.toISOString().slice(0, 16).replace('T', ' ') : 'Never' },
      ]),
    });
  });
};
