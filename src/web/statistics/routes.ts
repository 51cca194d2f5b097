/** `GET /statistics`: aggregate counts only, never a person (oversight bodies and CCU managers). */
import type { FastifyPluginAsync } from 'fastify';
import { RECORD_TYPES } from '../../dataset/record-types.ts';
import type { Database } from '../../db/index.ts';

export const statisticsRoutes: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get('/statistics', { config: { access: 'statistics.view' } }, async (_req, reply) => {
    const { rows } = await db.query<{ t: string; n: number }>(
      RECORD_TYPES.map((t) => `SELECT '${t.table}' AS t, count(*)::int AS n FROM ${t.table}`).join(
        ' UNION ALL ',
      ),
    );
    const { rows: units } = await db.query<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM establishments GROUP BY kind ORDER BY kind',
    );
    return reply.page('statistics.njk', {
      title: 'Statistics',
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
