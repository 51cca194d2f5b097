/** `GET /who-was-there`: everyone at a location in a window, with the source of each fact. */
import { londonInput } from '../../time/index.ts';
import { FormError } from '../../form-error.ts';
import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../access/index.ts';
import type { Services } from '../services.ts';
import { WhoWasThereError } from '../../presence/index.ts';
import { HttpError } from '../errors.ts';

export const presenceRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases, presence } },
) => {
  app.get<{ Querystring: { location?: string; from?: string; to?: string } }>(
    '/who-was-there',
    { config: { access: 'people.view' } },
    async (req, reply) => {
      const { location = '', from = '', to = '' } = req.query;
      const values = { location, from, to };
      if (!location && !from && !to)
        return reply.page('presence/who-was-there.njk', { title: 'Who was there', values });
      const errors: Record<string, string> = {};
      const f = londonInput(from);
      const t = londonInput(to);
      if (!location.trim()) errors.location = 'Enter a location code, for example XAA-A-1-003 or XAA-A';
      if (!f) errors.from = 'Enter the start of the window';
      if (!t) errors.to = 'Enter the end of the window';
      if (!Object.keys(errors).length) {
        try {
          const result = await presence.whoWasThere(req.user!, { location, from: f!, to: t! });
          return reply.page('presence/who-was-there.njk', {
            title: `Who was at ${result.location.code}`,
            values,
            result,
            canAttach: can(req.user, 'cases.open'),
          });
        } catch (err) {
          if (!(err instanceof WhoWasThereError)) throw err;
          errors[err.field] = err.message;
        }
      }
      return reply.code(400).page('presence/who-was-there.njk', {
        title: 'Who was there',
        values,
        errors,
        errorSummary: Object.entries(errors).map(([k, text]) => ({ text, href: `#${k}` })),
      });
    },
  );

  app.post<{ Body: Record<string, string> }>(
    '/who-was-there/attach',
    { config: { access: 'cases.open' } },
    async (req, reply) => {
      const b = req.body ?? {};
      const from = londonInput(String(b.from ?? ''));
      const to = londonInput(String(b.to ?? ''));
      const reference = String(b.caseRef ?? '').trim();
      if (!from || !to) throw new HttpError(400);
      let result;
      try {
        result = await presence.whoWasThere(req.user!, { location: String(b.location ?? ''), from, to });
      } catch (err) {
        if (err instanceof WhoWasThereError) throw new HttpError(400, err.message);
        throw err;
      }
      const lines = result.people.flatMap((p) =>
        p.facts.map(
          (f) =>
            `${p.kind === 'staff' ? 'Staff' : 'Prisoner'} ${p.kind === 'staff' ? p.id : p.label}: ${f.source}, ${f.location}, ${f.from}${f.to ? ` to ${f.to}` : ''}`,
        ),
      );
      const body = [
        `Who was at ${result.location.code} from ${String(b.from)} to ${String(b.to)} (UK time):`,
        ...lines,
      ].join('\n');
      try {
        if (!(await cases.addEntry(req.user!, reference, { kind: 'note', body }))) throw new HttpError(404);
      } catch (err) {
        if (err instanceof FormError) throw new HttpError(400, err.message);
        throw err;
      }
      return reply.redirect(`/cases/${encodeURIComponent(reference)}`, 303);
    },
  );
};
