import type { FastifyPluginAsync } from 'fastify';
import { migrationStatus, type Database } from '../../db/index.ts';

/** `GET /health`: whether the database answers, its schema version against this code's, and the app version. */
export const healthRoutes: FastifyPluginAsync<{ db: Database; version: string }> = async (
  app,
  { db, version },
) => {
  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    try {
      const migrations = await migrationStatus(db);
      const healthy = migrations.current === migrations.latest;
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'degraded',
        version,
        database: { reachable: true, kind: db.kind },
        migrations,
      });
    } catch {
      return reply
        .code(503)
        .send({ status: 'error', version, database: { reachable: false, kind: db.kind } });
    }
  });
};
