/** `/teams`: a CCU manager's view of the unit's teams, adding and removing members. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { User } from '../../access/index.ts';
import { FormError } from '../../form-error.ts';
import { HttpError } from '../errors.ts';
import { formProblems } from '../forms.ts';
import type { Services } from '../services.ts';

export const teamRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases, access } },
) => {
  const page = async (user: User, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const [teams, workers] = await Promise.all([cases.listTeams(), access.caseWorkers()]);
    const nameOf = new Map(workers.map((w) => [w.username, w.displayName]));
    return reply.page('teams.njk', {
      title: 'Teams',
      teams: teams.map((t) => ({
        team: t.team,
        members: t.members.map((m) => ({ username: m, name: nameOf.get(m) ?? m })),
      })),
      people: [
        { value: '', text: 'Choose a person' },
        ...workers.map((w) => ({ value: w.username, text: `${w.displayName} (${w.username})` })),
      ],
      values: {},
      ...extra,
    });
  };

  app.get('/teams', { config: { access: 'cases.allocate' } }, (req, reply) => page(req.user!, reply));

  app.post<{ Body: Record<string, string> }>(
    '/teams',
    { config: { access: 'cases.allocate' } },
    async (req, reply) => {
      const values = { team: String(req.body?.team ?? ''), username: String(req.body?.username ?? '') };
      try {
        await cases.addTeamMember(req.user!, values.team, values.username);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return page(req.user!, reply.code(400), { ...formProblems(err), values });
      }
      return reply.redirect('/teams', 303);
    },
  );

  app.post<{ Body: Record<string, string> }>(
    '/teams/remove',
    { config: { access: 'cases.allocate' } },
    async (req, reply) => {
      if (
        !(await cases.removeTeamMember(
          req.user!,
          String(req.body?.team ?? ''),
          String(req.body?.username ?? ''),
        ))
      )
        throw new HttpError(404);
      return reply.redirect('/teams', 303);
    },
  );
};
