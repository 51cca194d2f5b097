/**
 * Default deny: every route names an access rule in its config, and this hook applies it through the
 * policy module before the handler runs. A route without a rule is refused to everyone.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { allows, isAccessRule, type AccessRule } from '../access/index.ts';
import { HttpError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** false: the route takes no CSRF token (the anonymous portal: no session, no ambient authority). */
    csrf?: boolean;
  }
}

async function accessHook(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', async (req, reply) => {
    if (req.is404) return;
    const rule = req.routeOptions.config.access;
    if (!isAccessRule(rule)) {
      req.log.error({ route: req.routeOptions.url }, 'route has no access rule: refused');
      throw new HttpError(403);
    }
    if (allows(rule, req.user)) return;
    if (!req.user) {
      if (req.method === 'GET') {
        req.session.returnTo = req.url;
        return reply.redirect('/sign-in', 303);
      }
      throw new HttpError(403);
    }
    throw new HttpError(403);
  });
}

export const accessControl = fp(accessHook, { name: 'probity-access', dependencies: ['probity-sessions'] });
