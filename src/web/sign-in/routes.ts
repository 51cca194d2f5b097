/** Sign-in with a probity account, sign-out. Single sign-on lives in ../sso. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS, type User } from '../../access/index.ts';
import { actorOf } from '../../audit/index.ts';
import type { Services } from '../services.ts';
import { HttpError } from '../errors.ts';

export interface SignInOptions {
  services: Services;
  /** Sign-in attempts allowed per client address per minute. */
  attemptsPerMinute: number;
  /** Sign-in attempts allowed per username per minute, from all addresses together (default 10). */
  attemptsPerAccountPerMinute?: number;
  /** The demo accounts to show on the sign-in page, when the database holds the demo estate. */
  demoAccounts?: () => Promise<{ password: string; rows: { text: string }[][] } | undefined>;
  /** The label of the single sign-on button, when single sign-on is configured. */
  ssoLabel?: string;
}

/** Where to go after signing in: a path on this site, never another site. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' &&
    value.length <= 2000 &&
    /^\/(?![/\\])[^\s]*$/.test(value) &&
    !value.startsWith('/sign-')
    ? value
    : '/';
}

/** The sign-in page (or `page`), coming back to `returnTo` afterwards: in the URL, as a visitor has no session. */
export function signInUrl(returnTo: unknown, page = '/sign-in'): string {
  const path = safeReturnTo(returnTo);
  return path === '/' ? page : `${page}?${new URLSearchParams({ returnTo: path }).toString()}`;
}

/**
 * Starts a fresh session for a user who has just proved who they are (a new id defeats session fixation),
 * and says where to go next.
 */
export async function startSession(req: FastifyRequest, user: User, returnTo: unknown): Promise<string> {
  await req.session.regenerate();
  req.session.username = user.username;
  req.session.signedInAt = Date.now();
  return safeReturnTo(returnTo);
}

/**
 * One answer for every refused sign-in, whether the username exists, the password was wrong or the
 * account is locked: a different answer for a locked account would say which usernames exist.
 */
export const SIGN_IN_REFUSED = `Enter a correct username and password. After ${MAX_FAILED_SIGN_INS} wrong attempts in a row an account is locked for ${LOCKOUT_MINUTES} minutes`;

export const signInRoutes: FastifyPluginAsync<SignInOptions> = async (app, opts) => {
  // Per account as well as per address: many addresses trying one username are slowed down together.
  // Unknown usernames are counted the same way, so the limit says nothing about which exist.
  const perAccount = app.createRateLimit({
    max: opts.attemptsPerAccountPerMinute ?? 10,
    timeWindow: 60_000,
    keyGenerator: (req) =>
      `sign-in:${String((req.body as { username?: unknown } | undefined)?.username ?? '')
        .trim()
        .toLowerCase()
        .slice(0, 64)}`,
  });

  const render = async (returnTo: unknown, extra: Record<string, unknown> = {}) => {
    const path = safeReturnTo(returnTo);
    return {
      title: 'Sign in',
      demoAccounts: await opts.demoAccounts?.(),
      sso: opts.ssoLabel,
      ssoHref: signInUrl(path, '/sign-in/sso'),
      returnTo: path === '/' ? undefined : path,
      ...extra,
    };
  };

  app.get<{ Querystring: { returnTo?: string } }>(
    '/sign-in',
    { config: { access: 'public' } },
    async (req, reply) => {
      if (req.user) return reply.redirect(safeReturnTo(req.query.returnTo), 303);
      return reply.page('sign-in.njk', await render(req.query.returnTo));
    },
  );

  app.post<{ Body: { username?: string; password?: string; returnTo?: string } }>(
    '/sign-in',
    {
      config: {
        access: 'public',
        csrf: 'visitor',
        rateLimit: { max: opts.attemptsPerMinute, timeWindow: 60_000 },
      },
    },
    async (req, reply) => {
      const username = String(req.body?.username ?? '')
        .trim()
        .toLowerCase();
      const password = String(req.body?.password ?? '');
      const errors: { text: string; href: string }[] = [];
      if (!username) errors.push({ text: 'Enter your username', href: '#username' });
      if (!password) errors.push({ text: 'Enter your password', href: '#password' });
      if (errors.length === 0) {
        const limit = await perAccount(req);
        if (!limit.isAllowed && limit.isExceeded) throw new HttpError(429);
        const result = await opts.services.access.signInWithPassword(username, password, { ip: req.ip });
        if (result.ok) return reply.redirect(await startSession(req, result.user, req.body?.returnTo), 303);
        errors.push({ text: SIGN_IN_REFUSED, href: '#username' });
      }
      const field = (href: string) => errors.find((e) => e.href === href)?.text;
      return reply.code(errors.length && username && password ? 401 : 400).page(
        'sign-in.njk',
        await render(req.body?.returnTo, {
          username,
          errorSummary: errors,
          usernameError: field('#username'),
          passwordError: field('#password'),
        }),
      );
    },
  );

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = req.user!;
    await opts.services.audit.appendAudit({
      actor: actorOf(user.username),
      action: 'sign-out',
      details: { ip: req.ip },
    });
    await req.session.destroy();
    return reply.redirect('/sign-in', 303);
  });
};
