/** `reply.page(template, context)`: renders a page with what every page needs (user, navigation, CSRF token). */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ROLE_LABELS } from '../access/index.ts';
import { navigationFor } from './destinations.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>): FastifyReply;
    /**
     * Post/redirect/get for a refused form on another page (a case page's decision, an alert's triage):
     * keeps what the page should show (errors, what was entered) in the session and sends the browser
     * back to `path`, whose next rendering shows it once. The address after an error is the form's, and
     * reloading it sends nothing again.
     */
    failedForm(address: string, context: Record<string, unknown>): FastifyReply;
  }
}

async function renderPlugin(app: FastifyInstance): Promise<void> {
  app.decorateReply('page', function (template: string, context: Record<string, unknown> = {}) {
    const req = this.request;
    const path = req.url.split('?')[0]!;
    const flash =
      req.method === 'GET' && req.session?.flash?.path === path ? req.session.flash.context : undefined;
    if (flash) req.session.flash = undefined;
    // Pages hold personal data: never cached by the browser or a proxy.
    this.header('cache-control', 'no-store');
    return this.view(template, {
      ...context,
      ...flash,
      user: req.user,
      roleLabel: req.user ? ROLE_LABELS[req.user.role] : undefined,
      navigation: navigationFor(req.user, path),
      // The page's own address, for a form that saves it (saved searches).
      currentUrl: req.method === 'GET' ? req.url : undefined,
      csrfToken: req.routeOptions.config.csrf === false ? undefined : this.csrfToken(),
    }) as unknown as typeof this;
  });

  // `address` may carry the form page's query (a filtered list); the page's path alone claims the flash.
  app.decorateReply('failedForm', function (address: string, context: Record<string, unknown>) {
    this.request.session.flash = { path: address.split('?')[0]!, context };
    return this.redirect(address, 303);
  });
}

export const rendering = fp(renderPlugin, { name: 'probity-render' });
