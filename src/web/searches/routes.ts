/** `/saved-searches`: a user's saved list pages, saving the page they are on, and deleting one. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { User } from '../../access/index.ts';
import { FormError } from '../../form-error.ts';
import type { Services } from '../services.ts';
import { HttpError } from '../errors.ts';
import { formProblems } from '../forms.ts';

export const savedSearchRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { searches } },
) => {
  const listPage = async (user: User, reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.page('searches.njk', {
      title: 'Saved searches',
      searches: await searches.savedSearches(user),
      ...extra,
    });

  app.get('/saved-searches', { config: { access: 'signed-in' } }, (req, reply) => listPage(req.user!, reply));

  app.post<{ Body: Record<string, string> }>(
    '/saved-searches',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const name = String(req.body?.name ?? '');
      const address = String(req.body?.address ?? '');
      try {
        await searches.saveSearch(req.user!, name, address);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return listPage(req.user!, reply.code(400), { ...formProblems(err), values: { name, address } });
      }
      return reply.redirect('/saved-searches', 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/saved-searches/:id/delete',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      if (!(await searches.deleteSavedSearch(req.user!, req.params.id))) throw new HttpError(404);
      return reply.redirect('/saved-searches', 303);
    },
  );
};
