/** `GET /`: each role's starting page, listing what that role can do. */
import type { FastifyPluginAsync } from 'fastify';
import { can, ROLE_DESCRIPTIONS } from '../../access/index.ts';
import { listCases } from '../../cases/index.ts';
import type { Database } from '../../db/index.ts';

export const homeRoutes: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get('/', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!;
    const tasks = [
      can(user, 'alerts.read') && {
        href: '/alerts',
        title: 'Alerts',
        text: 'Staff whose contact, look-ups, communications or intelligence stand out from their peers, ranked, with the evidence.',
      },
      can(user, 'intelligence.read') && {
        href: '/intelligence',
        title: 'Intelligence',
        text: 'Reports to grade 3x5x2 and act on, and subjects named by independent sources.',
      },
      can(user, 'intelligence.submit') && {
        href: '/intelligence/new',
        title: 'Report a concern',
        text: 'Tell the security department and the counter-corruption unit what you have seen. Nobody you name will see it.',
      },
      can(user, 'people.view') && {
        href: '/who-was-there',
        title: 'Who was there',
        text: 'Everyone at a cell, landing, wing or room in a time window, with the source of each fact.',
      },
      can(user, 'people.search') && {
        href: '/people',
        title: 'Find a person',
        text: 'Staff, prisoners and people on probation your role covers, with what was imported about them.',
      },
      can(user, 'statistics.view') && {
        href: '/statistics',
        title: 'Statistics',
        text: 'Aggregate figures for ministers, inspectors and oversight bodies. No personal data.',
      },
      can(user, 'audit.read') && {
        href: '/audit',
        title: 'Audit trail',
        text: 'Who looked at what, when and why: search it and export it.',
      },
      can(user, 'users.manage') && {
        href: '/admin/users',
        title: 'Users',
        text: 'Accounts, roles and the establishments or regions each covers.',
      },
    ].filter(Boolean);
    // The manager is alerted to cases past a stage deadline or whose owner has not confirmed ownership.
    const attention = user.role === 'ccu_manager' ? await listCases(db, user, 'overdue') : [];
    return reply.page('home.njk', {
      attention: attention.length,
      title: 'Home',
      tasks,
      roleDescription: ROLE_DESCRIPTIONS[user.role],
    });
  });
};
