import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { fixtureDatabase, Client, PASSWORD, signedIn } from '../../../test/web.ts';
import { createUser, MAX_FAILED_SIGN_INS, setDisabled } from '../../access/index.ts';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../app.ts';
import { createServices } from '../services.ts';
import { StoredSessions, VISITOR_CSRF_COOKIE } from '../session.ts';
import { SIGN_IN_REFUSED } from './routes.ts';

describe.each(backends)('sign-in and sessions on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  beforeAll(() => {
    db = fixture.db;
  });

  const app = (attempts = 1000) =>
    buildApp({
      db,
      version: 'test',
      logger: false,
      signInAttemptsPerMinute: attempts,
      signInAttemptsPerAccountPerMinute: 1000,
    });
  const auditCount = async (action: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]))
      .rows[0]!.n;

  it('signs in with a fresh HttpOnly, SameSite session cookie, and records it once', async () => {
    const client = new Client(await app());
    await client.get('/sign-in');
    const before = client.cookies.get('probity.sid');
    const audits = await auditCount('sign-in');
    const res = await client.post('/sign-in', { username: 'ccu.analyst', password: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.cookies.find((c) => c.name === 'probity.sid')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value).not.toBe(before); // a new session id: no session fixation
    expect(await auditCount('sign-in')).toBe(audits + 1);
    expect((await client.get('/')).body).toContain('Hello, Test ccu_analyst');
  });

  it('returns to the page first asked for, and never to another site', async () => {
    const client = new Client(await app());
    const to = String((await client.get('/people?q=x')).headers.location);
    expect(to).toBe('/sign-in?returnTo=%2Fpeople%3Fq%3Dx');
    expect((await client.get(to)).body).toContain(
      '<input type="hidden" name="returnTo" value="/people?q=x">',
    );
    const res = await client.post('/sign-in', {
      username: 'ccu.analyst',
      password: PASSWORD,
      returnTo: '/people?q=x',
    });
    expect(res.headers.location).toBe('/people?q=x');
    expect((await client.get('/people?q=x')).statusCode).toBe(200);
    for (const elsewhere of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      '/sign-out',
      '/a b',
    ]) {
      const visitor = new Client(await app());
      expect((await visitor.get(`/sign-in?returnTo=${encodeURIComponent(elsewhere)}`)).body).not.toContain(
        'name="returnTo"',
      );
      const signedIn = await visitor.post('/sign-in', {
        username: 'ccu.analyst',
        password: PASSWORD,
        returnTo: elsewhere,
      });
      expect(signedIn.headers.location).toBe('/');
    }
  });

  it('keeps no session for visitors who are not signed in, and one for a user who signs in', async () => {
    const a = await app();
    await db.query('DELETE FROM sessions');
    for (let i = 0; i < 5; i++) {
      const visitor = new Client(a);
      expect((await visitor.get('/sign-in')).statusCode).toBe(200);
      expect((await visitor.get('/people?q=x')).statusCode).toBe(303);
      expect((await visitor.get('/alerts')).statusCode).toBe(303);
      expect((await visitor.get('/no-such-page')).statusCode).toBe(404);
      expect(
        (await visitor.post('/sign-in', { username: 'nobody.here', password: 'wrong' })).statusCode,
      ).toBe(401);
    }
    const count = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]!.n;
    expect(await count()).toBe(0);
    const user = await signedIn(a, 'ccu_analyst');
    expect((await user.get('/alerts')).statusCode).toBe(200);
    expect(await count()).toBe(1);
  });

  it('rewrites a signed-in user’s session only when it changes or its expiry moves by a minute', async () => {
    const a = await app();
    const user = await signedIn(a, 'ccu_investigator');
    const expiry = async () =>
      (
        await db.query<{ at: Date }>(
          `SELECT expires_at AS at FROM sessions WHERE username = 'ccu.investigator'`,
        )
      ).rows.map((r) => r.at.getTime());
    await user.get('/alerts');
    const [first] = await expiry();
    expect((await user.get('/alerts')).statusCode).toBe(200);
    expect(await expiry()).toEqual([first]); // no write for a page view
    await db.query(
      `UPDATE sessions SET expires_at = expires_at - interval '2 minutes' WHERE username = 'ccu.investigator'`,
    );
    expect((await user.get('/alerts')).statusCode).toBe(200);
    const [extended] = await expiry();
    expect(extended).toBeGreaterThan(first! - 60_000); // written again, with a later expiry
  });

  it('deletes expired sessions at start and then from time to time', async () => {
    const ids = async () =>
      (await db.query<{ id: string }>(`SELECT id FROM sessions WHERE id LIKE 'test-%' ORDER BY id`)).rows.map(
        (r) => r.id,
      );
    await db.query(
      `INSERT INTO sessions (id, data, expires_at) VALUES ('test-expired', '{}', now() - interval '1 minute'),
        ('test-live', '{}', now() + interval '10 minutes')`,
    );
    await (await app()).ready();
    expect(await ids()).toEqual(['test-live']);
    await db.query(
      `INSERT INTO sessions (id, data, expires_at) VALUES ('test-expired', '{}', now() - interval '1 minute')`,
    );
    const store = new StoredSessions(createServices(db, { evidenceDir: '' }).sessions, { purgeEveryMs: 0 });
    await new Promise<void>((resolve, reject) =>
      store.set('another', { cookie: { expires: new Date(Date.now() + 60_000) } } as never, (err) =>
        err ? reject(err as Error) : resolve(),
      ),
    );
    await expect.poll(ids).toEqual(['test-live']);
  });

  it('refuses a wrong password or unknown user with one message that does not say which', async () => {
    const client = new Client(await app());
    const failures = await auditCount('sign-in.failed');
    const wrong = await client.signIn('ccu.manager', 'not the password');
    const unknown = await client.signIn('nobody.here', 'not the password');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Enter a correct username and password');
    }
    expect(await auditCount('sign-in.failed')).toBe(failures + 2);
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });

  it('locks an account for 15 minutes after 5 failures in a row, even against the right password', async () => {
    const client = new Client(await app());
    for (let i = 0; i < 5; i++)
      expect((await client.signIn('auditor', 'wrong password!')).statusCode).toBe(401);
    const res = await client.signIn('auditor', PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('locked');
    const { rows } = await db.query<{ locked: boolean }>(
      "SELECT locked_until > now() + interval '14 minutes' AS locked FROM users WHERE username = 'auditor'",
    );
    expect(rows[0]!.locked).toBe(true);
    await db.query("UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'auditor'");
    expect((await client.signIn('auditor', PASSWORD)).statusCode).toBe(303);
  });

  it('answers a locked account exactly as a username that does not exist, after as many failures', async () => {
    await createUser(
      db,
      { username: 'lock.probe', displayName: 'P', role: 'auditor', password: PASSWORD },
      'test',
    );
    const a = await app();
    const answers = async (username: string) => {
      const client = new Client(a);
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await client.signIn(username, 'wrong password!');
      const res = await client.signIn(username, username === 'lock.probe' ? PASSWORD : 'wrong password!');
      // The page, without what differs by design: the username typed, and the visitor's token.
      return {
        status: res.statusCode,
        page: res.body.replaceAll(username, 'USERNAME').replace(/name="_csrf" value="[^"]+"/g, ''),
      };
    };
    const locked = await answers('lock.probe');
    const unknown = await answers('no.such.person');
    expect(locked.page).toContain(SIGN_IN_REFUSED);
    expect(locked).toEqual(unknown);
  });

  it('limits attempts per account as well as per address, unknown usernames alike', async () => {
    const a = await buildApp({
      db,
      version: 'test',
      logger: false,
      signInAttemptsPerMinute: 1000,
      signInAttemptsPerAccountPerMinute: 3,
    });
    // Each attempt from an address of its own, as a spread-out guesser would send them.
    let address = 0;
    const attempt = async (username: string) => {
      const remoteAddress = `198.51.100.${++address}`;
      const page = await a.inject({ url: '/sign-in', remoteAddress });
      const cookie = page.cookies.find((c) => c.name === VISITOR_CSRF_COOKIE)!.value;
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      return (
        await a.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress,
          headers: {
            cookie: `${VISITOR_CSRF_COOKIE}=${cookie}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: new URLSearchParams({ _csrf: token, username, password: 'not the password' }).toString(),
        })
      ).statusCode;
    };
    for (const username of ['ccu.manager', 'nobody.at.all']) {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push(await attempt(username));
      expect(codes, username).toEqual([401, 401, 401, 429]);
    }
    // The same limit for the same account however its name is typed.
    expect(await attempt('  CCU.Manager ')).toBe(429);
    expect(await attempt('ccu.investigator')).toBe(401);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const client = new Client(await app(3));
    await client.get('/sign-in');
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await client.post('/sign-in', { username: 'x', password: 'y' })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('refuses a sign-in form without its CSRF token, or with another visitor’s', async () => {
    const a = await app();
    const client = new Client(a);
    await client.get('/sign-in');
    const form = { username: 'ccu.analyst', password: PASSWORD };
    const res = await client.post('/sign-in', form, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Your form could not be sent');
    const other = new Client(a);
    await other.get('/sign-in');
    other.csrf = client.csrf; // a token made for another visitor's cookie
    expect((await other.post('/sign-in', form)).statusCode).toBe(403);
    other.cookies.delete('probity.csrf'); // a token without its cookie
    expect((await other.post('/sign-in', form)).statusCode).toBe(403);
    expect((await client.post('/sign-in', form)).statusCode).toBe(303);
  });

  it('never takes a visitor’s token for a signed-in user’s form', async () => {
    const a = await app();
    const visitor = new Client(a);
    await visitor.get('/sign-in');
    const user = await signedIn(a, 'ccu_analyst');
    // A visitor cookie planted in the user's browser, with its token: the session's token is still required.
    user.cookies.set('probity.csrf', visitor.cookies.get('probity.csrf')!);
    user.csrf = visitor.csrf;
    expect((await user.post('/sign-out')).statusCode).toBe(403);
    expect((await user.get('/alerts')).statusCode).toBe(200);
  });

  it('signs out: the old session cookie no longer works, and the sign-out is recorded', async () => {
    const a = await app();
    const client = await signedIn(a, 'oversight');
    const stolen = new Client(a);
    stolen.cookies = new Map(client.cookies);
    const outs = await auditCount('sign-out');
    expect((await client.post('/sign-out')).headers.location).toBe('/sign-in');
    expect(await auditCount('sign-out')).toBe(outs + 1);
    expect((await stolen.get('/')).headers.location).toBe('/sign-in');
  });

  it('ends the sessions of a user who is disabled', async () => {
    const a = await app();
    const client = await signedIn(a, 'admin');
    expect((await client.get('/admin/users')).statusCode).toBe(200);
    await setDisabled(db, 'admin', true, 'test');
    expect((await client.get('/admin/users')).headers.location).toBe('/sign-in?returnTo=%2Fadmin%2Fusers');
    expect((await client.signIn('admin')).statusCode).toBe(401);
    await setDisabled(db, 'admin', false, 'test');
  });

  it('ends a session after 30 idle minutes or 10 hours in all', async () => {
    const a = await app();
    const client = await signedIn(a, 'reporter');
    await db.query(
      `UPDATE sessions SET data = jsonb_set(data, '{signedInAt}', to_jsonb(0)) WHERE username = 'reporter'`,
    );
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    const idle = await signedIn(a, 'reporter');
    await db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE username = 'reporter'`,
    );
    expect((await idle.get('/')).headers.location).toBe('/sign-in');
  });

  it('sends security headers with a strict Content-Security-Policy and no-store on pages', async () => {
    const res = await (await app()).inject({ url: '/sign-in' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script at all
  });

  it('shows the demo accounts on the sign-in page when given them', async () => {
    const a = await buildApp({
      db,
      version: 'test',
      logger: false,
      demo: true,
      demoAccounts: async () => ({
        password: 'demo-secret',
        rows: [[{ text: 'ccu.analyst' }, { text: 'Analyst' }, { text: '' }]],
      }),
    });
    const res = await a.inject({ url: '/sign-in' });
    expect(res.body).toContain('demo-secret');
    expect(res.body).toContain('Synthetic demo data');
  });
});
