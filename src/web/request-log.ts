/**
 * One log line per request, written here rather than by Fastify's built-in request logging, which logs
 * every client's address and the raw URL (query strings included). A line names the route pattern,
 * never the raw URL, so receipt codes and search terms in a query stay out of the logs. An address is
 * logged only for a signed-in member of staff: an anonymous visitor's (a reporter fetching the portal's
 * script, a mistyped `/report/...` address, the sign-in page) is never written down.
 */
import type { FastifyInstance } from 'fastify';
import { isPortalPath } from './session.ts';

export function requestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url;
    // The portal's own routes log nothing at all, not even that someone came.
    if (isPortalPath(route ?? '')) return;
    req.log.info(
      {
        method: req.method,
        route: route ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(req.user ? { user: req.user.username, address: req.ip } : {}),
      },
      'request completed',
    );
  });
}
