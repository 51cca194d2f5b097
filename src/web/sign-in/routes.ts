/** Sign-in with a probity account, sign-out. Single sign-on lives in ../sso. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { signInWithPassword, type User } from '../../access/index.ts';
import { appendAudit } from '../../audit/index.ts';
import type { Database } from '../../db/index.ts';

export interface SignInOptions {
  db: Database;
  /** Sign-in attempts allowed per client address per minute. */
  attemptsPerMinute: number;
  /** The demo accounts to show on the sign-in page, when the database holds the demo estate. */
  demoAccounts?: () => Promise<{ password: string; rows: { text: string }[][] } | undefined>;
  /** The label of the single sign-on button, when single sign-on is configured. */
  ssoLabel?: string;
}

/** Where to go after signing in: a path on this site, never another site. */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) && !value.startsWith('/sign-') ? value : '/';
}

/** Starts a fresh session for a user who has just proved who they are (a new id defeats session fixation). */
export async function startSession(req: FastifyRequest, user: User): Promise<string> {
  const returnTo = safeReturnTo(req.session.returnTo);
  await req.session.regenerate();
  req.session.username = user.username;
  req.session.signedInAt = Date.now();
  return returnTo;
}

export const signInRoutes: FastifyPluginAsync<SignInOptions> = async (app, opts) => {
  const render = async (extra: Record<string, unknown> = {}) => ({
    title: 'Sign in',
    demoAccounts: await opts.demoAccounts?.(),
    sso: opts.ssoLabel,
    ...extra,
  });

  app.get('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    if (req.user) return reply.redirect('/', 303);
    return reply.page('sign-in.njk', await render());
  });

  app.post<{ Body: { username?: string; password?: string } }>(
    '/sign-in',
    { config: { access: 'public', rateLimit: { max: opts.attemptsPerMinute, timeWindow: 60_000 } } },
    async (req, reply) => {
      const username = String(req.body?.username ?? '')
        .trim()
        .toLowerCase();
      const password = String(req.body?.password ?? '');
      const errors: { text: string; href: string }[] = [];
      if (!username) errors.push({ text: 'Enter your username', href: '#username' });
      if (!password) errors.push({ text: 'Enter your password', href: '#password' });
      if (errors.length === 0) {
        const result = await signInWithPassword(opts.db, username, password, { ip: req.ip });
        if (result.ok) return reply.redirect(await startSession(req, result.user), 303);
        errors.push(
          result.reason === 'locked'
            ? {
                text: 'This account is locked after too many failed attempts: try again in 15 minutes',
                href: '#username',
              }
            : { text: 'Enter a correct username and password', href: '#username' },
        );
      }
      const field = (href: string) => errors.find((e) => e.href === href)?.text;
      return reply.code(errors.length && username && password ? 401 : 400).page(
        'sign-in.njk',
        await render({
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
    await opts.db.transaction((tx) =>
      appendAudit(tx, { actor: `user:${user.username}`, action: 'sign-out', details: { ip: req.ip } }),
    );
    await req.session.destroy();
    return reply.redirect('/sign-in', 303);
  });
};
