import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';

/** `GET /health`: whether the database answers, its schema version against this code's, and the app version. */
export const healthRoutes: FastifyPluginAsync<{ services: Services; version: string }> = async (
  app,
  { services: { health }, version },
) => {
  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    try {
      const migrations = await health.migrationStatus();
      const healthy = migrations.current === migrations.latest;
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'degraded',
        version,
        database: { reachable: true, kind: health.databaseKind() },
        migrations,
      });
    } catch {
      return reply
        .code(503)
        .send({ status: 'error', version, database: { reachable: false, kind: health.databaseKind() } });
    }
  });
};
