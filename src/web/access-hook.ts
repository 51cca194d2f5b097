/**
 * Default deny: every route names an access rule in its config, and this hook applies it through the
 * policy module before the handler runs. A route without a rule is refused to everyone.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { allows, isAccessRule, type AccessRule } from '../access/index.ts';
import { HttpError } from './errors.ts';
import { signInUrl } from './sign-in/routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /**
     * false: the route takes no CSRF token (the anonymous portal: no session, no ambient authority).
     * 'visitor': a form served to visitors who are not signed in (sign-in), checked by a signed
     * double-submit cookie rather than a session.
     */
    csrf?: boolean | 'visitor';
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
      // Where to come back to rides in the URL: a visitor who is not signed in has no session.
      if (req.method === 'GET') return reply.redirect(signInUrl(req.url), 303);
      throw new HttpError(403);
    }
    throw new HttpError(403);
  });
}

export const accessControl = fp(accessHook, { name: 'probity-access', dependencies: ['probity-sessions'] });
