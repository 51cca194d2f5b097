/** `reply.page(template, context)`: renders a page with what every page needs (user, navigation, CSRF token). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { can, ROLE_LABELS, type Permission } from '../access/index.ts';
import type { User } from '../access/index.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

const NAVIGATION: { href: string; text: string; needs: Permission | 'signed-in' }[] = [
  { href: '/', text: 'Home', needs: 'signed-in' },
  { href: '/alerts', text: 'Alerts', needs: 'alerts.read' },
  { href: '/cases', text: 'Cases', needs: 'cases.read' },
  { href: '/intelligence', text: 'Intelligence', needs: 'intelligence.read' },
  { href: '/portal-reports', text: 'Anonymous reports', needs: 'portal.read' },
  { href: '/people', text: 'People', needs: 'people.search' },
  { href: '/protection', text: 'Protecting reporters', needs: 'protection.manage' },
  { href: '/statistics', text: 'Statistics', needs: 'statistics.view' },
  { href: '/audit', text: 'Audit trail', needs: 'audit.read' },
  { href: '/admin/users', text: 'Users', needs: 'users.manage' },
  { href: '/admin/jobs', text: 'Imports and detection', needs: 'jobs.run' },
  { href: '/intelligence/mine', text: 'Your reports', needs: 'intelligence.submit' },
];

export function navigationFor(user: User | null, path: string) {
  if (!user) return [];
  return NAVIGATION.filter((n) => n.needs === 'signed-in' || can(user, n.needs)).map((n) => ({
    href: n.href,
    text: n.text,
    active: n.href === '/' ? path === '/' : path === n.href || path.startsWith(`${n.href}/`),
  }));
}

async function renderPlugin(app: FastifyInstance): Promise<void> {
  app.decorateReply('page', function (template: string, context: Record<string, unknown> = {}) {
    const req = this.request;
    const path = req.url.split('?')[0]!;
    // Pages hold personal data: never cached by the browser or a proxy.
    this.header('cache-control', 'no-store');
    return this.view(template, {
      ...context,
      user: req.user,
      roleLabel: req.user ? ROLE_LABELS[req.user.role] : undefined,
      navigation: navigationFor(req.user, path),
      csrfToken: req.routeOptions.config.csrf === false ? undefined : this.csrfToken(),
    }) as unknown as typeof this;
  });
}

export const rendering = fp(renderPlugin, { name: 'probity-render' });
