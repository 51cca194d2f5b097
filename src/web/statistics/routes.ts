/** `GET /statistics`: aggregate counts only, never a person (oversight bodies and CCU managers). */
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';

/**
 * Counts of people from 1 to 4 are published as `[c]` (the publication rule for small numbers), so that
 * no one, or the person beside them, can be identified from a figure; and the rate that would give the
 * count back is suppressed with it.
 */
const SUPPRESSED = '[c]';
const small = (n: number) => n > 0 && n < 5;
const suppressed = (n: number) => (small(n) ? SUPPRESSED : String(n));

export const statisticsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services: { cases, estate } },
) => {
  app.get('/statistics', { config: { access: 'statistics.view' } }, async (req, reply) => {
    const counts = await estate.recordCounts();
    const units = await estate.establishmentsByKind();
    const rates = await cases.investigationRates(req.user!);
    return reply.page('statistics.njk', {
      title: 'Statistics',
      rates: rates.map((r) => [
        { text: String(r.year) },
        { text: suppressed(r.staffInvestigated), format: 'numeric' },
        { text: small(r.staffInvestigated) ? SUPPRESSED : r.per100.toFixed(1), format: 'numeric' },
        { text: suppressed(r.dismissals), format: 'numeric' },
        { text: suppressed(r.convictions), format: 'numeric' },
      ]),
      counts: counts.map((r) => [
        { text: r.table.replaceAll('_', ' ') },
        { text: r.count.toLocaleString('en-GB'), format: 'numeric' },
      ]),
      units: units.map((r) => [
        { text: r.kind.replaceAll('_', ' ') },
        { text: String(r.count), format: 'numeric' },
      ]),
    });
  });
};
