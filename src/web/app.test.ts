import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { fixtureDatabase, signedIn } from '../../test/web.ts';
import type { Database } from '../db/index.ts';
import { buildApp } from './app.ts';

describe.each(backends)('the web shell on $name', (backend) => {
  const fixture = fixtureDatabase(backend);
  let db: Database;
  beforeAll(() => {
    db = fixture.db;
  });

  it('serves assets under content-hashed names with a year-long immutable cache, and rewrites their references', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    const page = await app.inject({ url: '/sign-in' });
    const css = /href="(\/assets\/govuk-frontend\.min-[0-9a-f]{10}\.css)"/.exec(page.body)![1]!;
    const res = await app.inject({ url: css });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toContain('text/css');
    // The stylesheet's fonts are themselves hashed assets that resolve.
    const font = /url\((\/assets\/fonts\/[^)]+-[0-9a-f]{10}\.woff2)\)/.exec(res.body)![1]!;
    expect((await app.inject({ url: font })).statusCode).toBe(200);
    const js = /src="(\/assets\/app-[0-9a-f]{10}\.js)"/.exec(page.body)![1]!;
    expect((await app.inject({ url: js })).body).toMatch(
      /from '\/assets\/govuk-frontend\.min-[0-9a-f]{10}\.js'/,
    );
    expect((await app.inject({ url: '/assets/govuk-frontend.min.css' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/../package.json' })).statusCode).toBe(404);
  });

  it('answers unknown pages with an accessible 404 page that leaks nothing', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    const res = await app.inject({ url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
  });

  it('answers a failure with a 500 page that shows no error detail', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    const client = await signedIn(app, 'ccu_analyst');
    const original = db.query.bind(db);
    db.query = ((sql: string, params?: readonly unknown[]) =>
      /people_on_probation/.test(sql)
        ? Promise.reject(new Error('relation "secret_table" does not exist'))
        : original(sql, params)) as Database['query'];
    try {
      const res = await client.get('/people?q=dunmore');
      expect(res.statusCode).toBe(500);
      expect(res.body).toContain('Sorry, there is a problem with the service');
      expect(res.body).not.toContain('secret_table');
    } finally {
      db.query = original;
    }
  });

  it('shows each role the navigation and home page of what it may do', async () => {
    const app = await buildApp({ db, version: 'test', logger: false });
    const nav = async (role: Parameters<typeof signedIn>[1]) => {
      const body = (await (await signedIn(app, role)).get('/')).body;
      return [
        ...body.matchAll(/class="moj-primary-navigation__link"\s+(?:aria-current="page"\s+)?href="([^"]+)"/g),
      ].map((m) => m[1]);
    };
    expect(await nav('ccu_manager')).toEqual([
      '/',
      '/alerts',
      '/cases',
      '/intelligence',
      '/portal-reports',
      '/people',
      '/links',
      '/probation',
      '/prevention',
      '/protection',
      '/statistics',
      '/inspections',
      '/intelligence/mine',
    ]);
    expect(await nav('auditor')).toEqual(['/', '/audit', '/intelligence/mine']);
    expect(await nav('admin')).toEqual(['/', '/admin/users', '/admin/jobs', '/intelligence/mine']);
    expect(await nav('oversight')).toEqual(['/', '/statistics', '/inspections']);
    expect(await nav('reporter')).toEqual(['/', '/intelligence/mine']);
    expect(await nav('probation_officer')).toEqual(['/', '/probation', '/intelligence/mine']);
  });
});
