/** Public information pages linked from the footer. */
import type { FastifyPluginAsync } from 'fastify';

export const infoRoutes: FastifyPluginAsync = async (app) => {
  app.get('/accessibility', { config: { access: 'public' } }, async (_req, reply) =>
    reply.page('info/accessibility.njk', { title: 'Accessibility' }),
  );
  app.get('/privacy', { config: { access: 'public' } }, async (_req, reply) =>
    reply.page('info/privacy.njk', { title: 'How probity uses personal data' }),
  );
};
