/**
 * Sessions, CSRF protection and the signed-in user. Sessions live server-side in the database (so sign-out,
 * disabling a user or changing their role ends them at once); the cookie holds only a signed random id,
 * Secure, HttpOnly and SameSite=Lax. A session ends after 30 idle minutes or 10 hours in all; expired
 * rows are deleted at start and then at most every 10 minutes.
 *
 * Anonymous visitors get no session: a row per visit to the sign-in page would fill the table with
 * nothing. Their one form (sign-in) is protected by a signed double-submit cookie instead (OWASP): a
 * random cookie, and in the form its HMAC under a server key, which another site can neither read nor
 * make. Every other form is a signed-in user's and carries the session's token.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession, { type SessionStore } from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { User } from '../access/index.ts';
import type { Services } from './services.ts';
import { csrfTokenOf, setFirstFieldToken } from './forms.ts';

export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 10;
export const SESSION_COOKIE = 'probity.sid';
/** The anonymous visitor's half of the double-submit CSRF token. */
export const VISITOR_CSRF_COOKIE = 'probity.csrf';
const PURGE_EVERY_MS = 10 * 60_000;

declare module 'fastify' {
  interface Session {
    username?: string;
    signedInAt?: number;
    /** A single sign-on in progress, and where to go after it. */
    oidc?: { state: string; nonce: string; codeVerifier: string; returnTo?: string };
    /** What a refused form showed, for the page it came from to show once (render.ts `failedForm`). */
    flash?: { path: string; context: Record<string, unknown> };
  }
  interface FastifyRequest {
    user: User | null;
  }
  interface FastifyContextConfig {
    /**
     * The route takes a multipart form (with files) whose first field is `_csrf`, and reads it with
     * `req.parts()`, which checks that token before giving any other part. Other routes refuse a
     * multipart body that does not carry its token in a header.
     */
    multipartForm?: boolean;
  }
  interface FastifyReply {
    /** The CSRF token for a form on this page: the session's for a signed-in user, else the visitor's. */
    csrfToken(): string | undefined;
  }
}

const idHash = (id: string): string => createHash('sha256').update(id).digest('hex');

/** JSON with object keys sorted, so that a session read back from jsonb compares equal to itself. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** A session's contents without its cookie (whose expiry changes on every request). */
const contentsOf = (session: object): string => {
  const { cookie: _cookie, ...rest } = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
  return sortedJson(rest);
};

/** A write that would only move a session's expiry by less than this is skipped (see set()). */
const EXTEND_AFTER_MS = 60_000;

/** Where sessions are kept, and how a session's user is read again. */
export type SessionRows = Services['sessions'];

/**
 * Keeps sessions in the `sessions` table (through `SessionRows`) under the hash of their id. Expired sessions are never read, and
 * are deleted on a write at most every `purgeEveryMs` (the server also purges at start).
 */
export class StoredSessions implements SessionStore {
  private lastPurge = Date.now();
  /**
   * Each session as last read or written here: its contents, the expiry in the table, and its user's
   * account as read with it (read again with every request, in the same query as the session).
   */
  private readonly known = new Map<string, { contents: string; expiresAt: number; user?: User | null }>();

  constructor(
    private readonly rows: SessionRows,
    private readonly opts: { purgeEveryMs?: number; onError?: (err: unknown) => void } = {},
  ) {}

  set(
    sessionId: string,
    session: Parameters<SessionStore['set']>[1],
    callback: (err?: unknown) => void,
  ): void {
    if (Date.now() - this.lastPurge >= (this.opts.purgeEveryMs ?? PURGE_EVERY_MS)) {
      this.lastPurge = Date.now();
      for (const [id, k] of this.known) if (k.expiresAt <= Date.now()) this.known.delete(id);
      this.rows.purgeExpiredSessions().catch((err: unknown) => this.opts.onError?.(err));
    }
    const id = idHash(sessionId);
    const expires = session.cookie.expires ?? new Date(Date.now() + IDLE_MINUTES * 60_000);
    const contents = contentsOf(session);
    // Sessions roll: every request of a signed-in user would rewrite the row only to move its expiry.
    // Unchanged contents and an expiry that moves by less than a minute are not written: idle sessions
    // then end between 29 and 30 minutes, and a page view costs one database write fewer.
    const known = this.known.get(id);
    if (known?.contents === contents && expires.getTime() - known.expiresAt < EXTEND_AFTER_MS) {
      callback();
      return;
    }
    this.rows.saveSession(id, session.username ?? null, JSON.stringify(session), expires).then(() => {
      const user = this.known.get(id)?.user;
      this.known.set(id, {
        contents,
        expiresAt: expires.getTime(),
        ...(user === undefined ? {} : { user }),
      });
      callback();
    }, callback);
  }

  get(sessionId: string, callback: (err: unknown, session?: never) => void): void {
    const id = idHash(sessionId);
    // The user's account comes with the session, in one query: every request needs both.
    this.rows.loadSession(id).then((stored) => {
      if (stored)
        this.known.set(id, {
          contents: contentsOf(stored.data),
          expiresAt: stored.expiresAt.getTime(),
          user: stored.user,
        });
      else this.known.delete(id);
      callback(null, (stored?.data ?? null) as never);
    }, callback);
  }

  /**
   * The account of a session's user as read with the session, in this request or a later one; undefined
   * when not known here.
   */
  userOf(sessionId: string): User | null | undefined {
    return this.known.get(idHash(sessionId))?.user;
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    const id = idHash(sessionId);
    this.known.delete(id);
    this.rows.deleteSession(id).then(() => callback(), callback);
  }
}

export interface SessionOptions {
  store: SessionRows;
  secret: string;
  /** Whether cookies are marked Secure. 'auto': when the request came over HTTPS (plain HTTP on loopback). */
  secureCookies: boolean | 'auto';
}

/** Paths that never read or write a session: the anonymous portal must leave no trace of a visitor. */
export const SESSIONLESS_PREFIX = '/report';

/** Whether a path (a routed path or pattern, never a raw URL) is the portal's. */
export const isPortalPath = (path: string): boolean =>
  path === SESSIONLESS_PREFIX || path.startsWith(`${SESSIONLESS_PREFIX}/`);

/**
 * Whether a request is the portal's, decided on the path as routed (the router decodes `%72eport`) or,
 * for a path no route matches, on the decoded path without its query string: never on the raw URL,
 * which `/report?src=poster` or `/%72eport/new` would slip past.
 */
function isSessionless(req: FastifyRequest): boolean {
  const routed = req.routeOptions.url;
  if (routed !== undefined && routed !== '*' && routed !== '/*') return isPortalPath(routed);
  const raw = req.url.split('?')[0]!.replace(/\/+/g, '/');
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // A malformed escape: compare the raw path, and the portal's prefix in any letter case below.
  }
  return isPortalPath(path.toLowerCase()) || isPortalPath(raw.toLowerCase());
}

const invalidCsrfToken = () =>
  Object.assign(new Error('Invalid csrf token'), { statusCode: 403, code: 'FST_CSRF_INVALID_TOKEN' });

async function sessionPlugin(app: FastifyInstance, opts: SessionOptions): Promise<void> {
  // Before the session plugin: a signed-in member of staff who opens the portal is not recognised, and
  // their session is not refreshed (its new expiry would record when they were there).
  app.addHook('onRequest', async (req) => {
    if (isSessionless(req)) delete req.headers.cookie;
  });
  await app.register(fastifyCookie);
  const onError = (err: unknown) => app.log.error({ err }, 'purging expired sessions failed');
  const store = new StoredSessions(opts.store, { onError });
  // At start; a database that cannot be reached yet does not stop the server (health answers 503).
  app.addHook('onReady', async () => {
    await opts.store.purgeExpiredSessions().catch(onError);
  });
  await app.register(fastifySession, {
    secret: opts.secret,
    cookieName: SESSION_COOKIE,
    store,
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
    const known = store.userOf(req.session.sessionId);
    const user = expired
      ? undefined
      : known?.username === username
        ? known
        : await opts.store.findUser(username);
    if (!user || user.disabled) {
      // A new, empty session: the old one is deleted from the store, and the request goes on signed out.
      await req.session.regenerate();
      return;
    }
    req.user = user;
  });

  // The visitor's token: HMAC of the visitor's random cookie, under a key of its own derived from the secret.
  const visitorKey = createHmac('sha256', opts.secret).update('probity visitor CSRF').digest();
  const visitorToken = (cookie: string) =>
    createHmac('sha256', visitorKey).update(cookie).digest('base64url');
  app.decorateReply('csrfToken', function (this: FastifyReply): string | undefined {
    const req = this.request;
    if (req.user) return this.generateCsrf();
    if (isSessionless(req)) return undefined; // the portal sets no cookie at all
    let cookie = req.cookies[VISITOR_CSRF_COOKIE];
    if (!cookie || !/^[\w-]{43}$/.test(cookie)) {
      cookie = randomBytes(32).toString('base64url');
      req.cookies[VISITOR_CSRF_COOKIE] = cookie; // the same token if asked again in this request
      this.setCookie(VISITOR_CSRF_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
      });
    }
    return visitorToken(cookie);
  });
  const visitorTokenValid = (req: FastifyRequest): boolean => {
    const cookie = req.cookies[VISITOR_CSRF_COOKIE];
    const sent = csrfTokenOf(req);
    if (!cookie || !sent) return false;
    const expected = Buffer.from(visitorToken(cookie));
    const got = Buffer.from(sent);
    return got.length === expected.length && timingSafeEqual(got, expected);
  };

  // Every state-changing request carries a CSRF token: the session's, or on a form for visitors (sign-in)
  // the visitor's. Only there: a visitor cookie planted in a signed-in user's browser (from a sibling
  // subdomain, say) must never stand in for the session's token.
  app.addHook('preHandler', (req, reply, done) => {
    const { csrf, multipartForm } = req.routeOptions.config;
    if (req.method === 'GET' || req.method === 'HEAD' || csrf === false) return done();
    if (csrf === 'visitor' && visitorTokenValid(req)) return done();
    if (csrf === 'visitor' && !req.user) return done(invalidCsrfToken());
    if (multipartForm && req.isMultipart() && csrfTokenOf(req) === undefined) {
      checkFirstField(req);
      return done();
    }
    app.csrfProtection(req, reply, done);
  });

  /** The session's check of a token, as a promise (csrfProtection answers a refusal with reply.send). */
  const verify = (req: FastifyRequest) =>
    new Promise<void>((resolve, reject) =>
      app.csrfProtection(
        req,
        { send: (err: unknown) => reject(err as Error) } as unknown as FastifyReply,
        () => resolve(),
      ),
    );

  /**
   * A multipart form's token is its first field: `req.parts()` reads it, and gives no other part unless
   * it is the session's. The other ways to read a multipart body would skip it, so they refuse.
   */
  function checkFirstField(req: FastifyRequest): void {
    const parts = req.parts.bind(req);
    req.parts = (options) =>
      (async function* () {
        const it = parts(options);
        const first = await it.next();
        if (first.done || first.value.type !== 'field' || first.value.fieldname !== '_csrf') {
          throw invalidCsrfToken();
        }
        setFirstFieldToken(req, String(first.value.value ?? ''));
        await verify(req);
        yield* it;
      })();
    const refuse = () => {
      throw invalidCsrfToken();
    };
    req.file = refuse;
    req.files = refuse;
    req.formData = refuse;
  }
}

export const sessions = fp(sessionPlugin, { name: 'probity-sessions' });
