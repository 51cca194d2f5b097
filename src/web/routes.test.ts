/**
 * The route × role matrix: every registered route, requested by every role and by nobody signed in, must
 * give the outcome written in test/route-matrix.ts. A new route without an entry there fails the test, and so does a route
 * registered without an access rule (the access hook would refuse it to everyone).
 */
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, Client, signedIn } from '../../test/web.ts';
import { pseudonymsOf } from '../access/index.ts';
import { EVERYONE, MATRIX } from '../../test/route-matrix.ts';
import type { Database } from '../db/index.ts';
import { rankedAlerts, runDetection } from '../alerts/index.ts';
import { buildApp } from './app.ts';

describe.each(backends)('route × role matrix on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  beforeAll(async () => {
    db = fixture.db;
    await runDetection(db, { actor: 'test' });
  });

  const build = () =>
    buildApp({
      db,
      version: 'test',
      logger: false,
      signInAttemptsPerMinute: 1000,
      sso: {
        label: 'Test SSO',
        // Never contacted: the matrix only checks who gets through to these routes.
        config: new oidc.Configuration(
          {
            issuer: 'https://sso.invalid',
            authorization_endpoint: 'https://sso.invalid/auth',
            token_endpoint: 'https://sso.invalid/token',
          },
          'probity',
          'secret',
        ),
        redirectUri: 'http://localhost/sign-in/sso/callback',
        mapping: { claim: 'roles', map: [['CCU', 'ccu_analyst']], unitsClaim: 'units' },
      },
    });

  it('has a rule for every registered route, and an expectation for every route', async () => {
    const app = await build();
    await app.ready();
    const keys = app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(app.routeTable.filter((r) => r.access === undefined)).toEqual([]);
    expect(keys.filter((k) => !(k in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it.each(EVERYONE)('gives %s exactly what the matrix says', async (who) => {
    const app = await build();
    await app.ready();
    const pseudonym = (await pseudonymsOf(db, ['S1001'])).get('S1001')!;
    const alert = (await rankedAlerts(db, { method: 'engine', establishment: 'XAA' }))[0]!.id;
    const home = await app.inject({ url: '/accessibility' });
    const asset = /href="(\/assets\/govuk-frontend\.min-[0-9a-f]+\.css)"/.exec(home.body)![1]!;
    const client = who === 'anonymous' ? new Client(app) : await signedIn(app, who);
    if (who === 'anonymous') await client.get('/sign-in');
    const outcomes: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [key, e] of Object.entries(MATRIX)) {
      const method = key.split(' ')[0]!;
      const url = typeof e.url === 'function' ? e.url({ pseudonym, asset, alert }) : e.url;
      const res = method === 'GET' ? await client.get(url) : await client.post(url, e.form ?? {});
      const location = String(res.headers.location ?? '');
      outcomes[key] =
        res.statusCode === 303 && /^\/sign-in(\?|$)/.test(location) && key !== 'POST /sign-out'
          ? -1
          : res.statusCode;
      const status = typeof e.status === 'number' ? e.status : (e.status?.[who] ?? 200);
      expected[key] = e.allowed.includes(who) ? status : who === 'anonymous' && method === 'GET' ? -1 : 403;
    }
    // -1 means "sent to sign in".
    expect(outcomes).toEqual(expected);
  });
});
