/** `GET /statistics`: aggregate counts only, never a person (oversight bodies and CCU managers). */
import type { FastifyPluginAsync } from 'fastify';
import { investigationRates } from '../../cases/index.ts';
import { RECORD_TYPES } from '../../dataset/record-types.ts';
import type { Database } from '../../db/index.ts';

/**
 * Counts of people from 1 to 4 are published as `[c]` (the publication rule for small numbers), so that
 * no one, or the person beside them, can be identified from a figure; and the rate that would give the
 * count back is suppressed with it.
 */
const SUPPRESSED = '[c]';
const small = (n: number) => n > 0 && n < 5;
const suppressed = (n: number) => (small(n) ? SUPPRESSED : String(n));

export const statisticsRoutes: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get('/statistics', { config: { access: 'statistics.view' } }, async (req, reply) => {
    const { rows } = await db.query<{ t: string; n: number }>(
      RECORD_TYPES.map((t) => `SELECT '${t.table}' AS t, count(*)::int AS n FROM ${t.table}`).join(
        ' UNION ALL ',
      ),
    );
    const { rows: units } = await db.query<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM establishments GROUP BY kind ORDER BY kind',
    );
    const rates = await investigationRates(db, req.user!);
    return reply.page('statistics.njk', {
      title: 'Statistics',
      rates: rates.map((r) => [
        { text: String(r.year) },
        { text: suppressed(r.staffInvestigated), format: 'numeric' },
        { text: small(r.staffInvestigated) ? SUPPRESSED : r.per100.toFixed(1), format: 'numeric' },
        { text: suppressed(r.dismissals), format: 'numeric' },
        { text: suppressed(r.convictions), format: 'numeric' },
      ]),
      counts: rows.map((r) => [
        { text: r.t.replaceAll('_', ' ') },
        { text: r.n.toLocaleString('en-GB'), format: 'numeric' },
      ]),
      units: units.map((r) => [
        { text: r.kind.replaceAll('_', ' ') },
        { text: String(r.n), format: 'numeric' },
      ]),
    });
  });
};
