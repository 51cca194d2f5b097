/** Retaliation monitoring of staff who reported under their own name (CCU). */
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { MIN_DAYS, WatchError } from '../../protection/index.ts';
import { HttpError } from '../errors.ts';

export const protectionRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { access, estate, protection } },
) => {
  const page = async (
    req: { user: import('../../access/index.ts').User | null },
    reply: import('fastify').FastifyReply,
    extra: Record<string, unknown> = {},
  ) => {
    const watches = await protection.listWatches(req.user!);
    const names = await estate.staffNames(watches.map((w) => w.staffId));
    const labels = await access.labelStaff(req.user!.username, names);
    return reply.page('protection/index.njk', {
      title: 'Protecting reporters',
      watches: watches.map((w) => ({ ...w, label: labels.get(w.staffId)?.label ?? w.staffId })),
      minDays: MIN_DAYS,
      ...extra,
    });
  };

  app.get('/protection', { config: { access: 'protection.manage' } }, (req, reply) => page(req, reply));

  app.post<{ Body: Record<string, string> }>(
    '/protection',
    { config: { access: 'protection.manage' } },
    async (req, reply) => {
      const b = req.body ?? {};
      try {
        await protection.startWatch(req.user!, {
          staffId: String(b.staffId ?? ''),
          ...(b.reportId ? { reportId: String(b.reportId) } : {}),
          days: Number(b.days ?? MIN_DAYS),
          intervalDays: Number(b.intervalDays ?? 14),
        });
      } catch (err) {
        if (!(err instanceof WatchError)) throw err;
        return page(req, reply.code(400), { errorSummary: [{ text: err.message, href: '#watches' }] });
      }
      return reply.redirect('/protection', 303);
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    '/protection/:id/checkin',
    { config: { access: 'protection.manage' } },
    async (req, reply) => {
      try {
        if (!(await protection.checkIn(req.user!, Number(req.params.id), String(req.body?.note ?? ''))))
          throw new HttpError(404);
      } catch (err) {
        if (!(err instanceof WatchError)) throw err;
        return reply.failedForm('/protection', {
          errorSummary: [{ text: err.message, href: `#note-${req.params.id}` }],
        });
      }
      return reply.redirect('/protection', 303);
    },
  );
};
