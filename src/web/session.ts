/**
 * Sessions, CSRF protection and the signed-in user. Sessions live server-side in the database (so sign-out,
 * disabling a user or changing their role ends them at once); the cookie holds only a signed random id,
 * Secure, HttpOnly and SameSite=Lax. A session ends after 30 idle minutes or 10 hours in all.
 */
import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession, { type SessionStore } from '@fastify/session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findUser, type User } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { csrfTokenOf } from './forms.ts';

export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 10;
export const SESSION_COOKIE = 'probity.sid';

declare module 'fastify' {
  interface Session {
    username?: string;
    signedInAt?: number;
    returnTo?: string;
    oidc?: { state: string; nonce: string; codeVerifier: string };
  }
  interface FastifyRequest {
    user: User | null;
  }
}

const idHash = (id: string): string => createHash('sha256').update(id).digest('hex');

/** Keeps sessions in the `sessions` table under the hash of their id. */
export class DatabaseSessionStore implements SessionStore {
  constructor(private readonly db: Database) {}

  set(
    sessionId: string,
    session: Parameters<SessionStore['set']>[1],
    callback: (err?: unknown) => void,
  ): void {
    const expires = session.cookie.expires ?? new Date(Date.now() + IDLE_MINUTES * 60_000);
    this.db
      .query(
        `INSERT INTO sessions (id, username, data, expires_at) VALUES ($1, $2, $3::text::jsonb, $4)
         ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, data = EXCLUDED.data,
           expires_at = EXCLUDED.expires_at`,
        [idHash(sessionId), session.username ?? null, JSON.stringify(session), expires],
      )
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: (err: unknown, session?: never) => void): void {
    this.db
      .query<{ data: unknown }>('SELECT data FROM sessions WHERE id = $1 AND expires_at > now()', [
        idHash(sessionId),
      ])
      .then(({ rows }) => {
        const data = rows[0]?.data;
        callback(null, (data ?? null) as never);
      }, callback);
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    this.db.query('DELETE FROM sessions WHERE id = $1', [idHash(sessionId)]).then(() => callback(), callback);
  }
}

export interface SessionOptions {
  db: Database;
  secret: string;
  /** Whether cookies are marked Secure. 'auto': when the request came over HTTPS (plain HTTP on loopback). */
  secureCookies: boolean | 'auto';
}

/** Paths that never read or write a session: the anonymous portal must leave no trace of a visitor. */
export const SESSIONLESS_PREFIX = '/report';

async function sessionPlugin(app: FastifyInstance, opts: SessionOptions): Promise<void> {
  // Before the session plugin: a signed-in member of staff who opens the portal is not recognised, and
  // their session is not refreshed (its new expiry would record when they were there).
  app.addHook('onRequest', async (req) => {
    if (req.url === SESSIONLESS_PREFIX || req.url.startsWith(`${SESSIONLESS_PREFIX}/`))
      delete req.headers.cookie;
  });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: opts.secret,
    cookieName: SESSION_COOKIE,
    store: new DatabaseSessionStore(opts.db),
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookies,
      path: '/',
      maxAge: IDLE_MINUTES * 60_000,
    },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session', getToken: csrfTokenOf });

  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req: FastifyRequest) => {
    const { username, signedInAt } = req.session;
    if (!username) return;
    const expired = !signedInAt || Date.now() - signedInAt > ABSOLUTE_HOURS * 3_600_000;
    const user = expired ? undefined : await findUser(opts.db, username);
    if (!user || user.disabled) {
      // A new, empty session: the old one is deleted from the store, and the request goes on signed out.
      await req.session.regenerate();
      return;
    }
    req.user = user;
  });
  // Every state-changing request carries the session's CSRF token.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.routeOptions.config.csrf === false)
      return done();
    app.csrfProtection(req, reply, done);
  });
}

export const sessions = fp(sessionPlugin, { name: 'probity-sessions' });
