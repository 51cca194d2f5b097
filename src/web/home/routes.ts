import type { FastifyPluginAsync } from 'fastify';
import { RECORD_TYPES } from '../../dataset/record-types.ts';
import type { Database } from '../../db/index.ts';

/** `GET /`: what probity holds, as aggregate counts only (no personal data). */
export const homeRoutes: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get('/', async (_req, reply) => {
    const { rows } = await db.query<{ t: string; n: number }>(
      RECORD_TYPES.map((t) => `SELECT '${t.table}' AS t, count(*)::int AS n FROM ${t.table}`).join(
        ' UNION ALL ',
      ),
    );
    const counts = rows.map((r) => [
      { text: r.t.replaceAll('_', ' ') },
      { text: r.n.toLocaleString('en-GB'), format: 'numeric' },
    ]);
    return reply.view('home.njk', { title: 'Home', counts });
  });
};
