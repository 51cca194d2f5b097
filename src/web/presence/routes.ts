/** `GET /who-was-there`: everyone at a location in a window, with the source of each fact. */
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/index.ts';
import { whoWasThere, WhoWasThereError } from '../../presence/index.ts';

/** A `datetime-local` value (YYYY-MM-DDTHH:MM) read as UK local time. */
export function londonTime(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  if (Number.isNaN(asUtc)) return undefined;
  // The offset of London at about that time (BST or GMT), found from the formatted UTC instant.
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(new Date(asUtc))
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!);
  return new Date(asUtc - (shown - asUtc));
}

export const presenceRoutes: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get<{ Querystring: { location?: string; from?: string; to?: string } }>(
    '/who-was-there',
    { config: { access: 'people.view' } },
    async (req, reply) => {
      const { location = '', from = '', to = '' } = req.query;
      const values = { location, from, to };
      if (!location && !from && !to)
        return reply.page('presence/who-was-there.njk', { title: 'Who was there', values });
      const errors: Record<string, string> = {};
      const f = londonTime(from);
      const t = londonTime(to);
      if (!location.trim()) errors.location = 'Enter a location code, for example XAA-A-1-003 or XAA-A';
      if (!f) errors.from = 'Enter the start of the window';
      if (!t) errors.to = 'Enter the end of the window';
      if (!Object.keys(errors).length) {
        try {
          const result = await whoWasThere(db, req.user!, { location, from: f!, to: t! });
          return reply.page('presence/who-was-there.njk', {
            title: `Who was at ${result.location.code}`,
            values,
            result,
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
};
