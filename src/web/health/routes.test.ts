import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/index.ts';
import { readMigrations } from '../../db/migrate.ts';
import { buildApp } from '../app.ts';

describe.each(backends)('GET /health on $name', (backend) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ db, dispose } = await backend.create()));
  afterAll(() => dispose());

  it('reports the database, the schema version and the app version', async () => {
    const app = await buildApp({ db, version: '9.9.9', logger: false });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const latest = readMigrations().length;
    expect(res.json()).toEqual({
      status: 'ok',
      version: '9.9.9',
      database: { reachable: true, kind: backend.name },
      migrations: { current: latest, latest },
    });
  });

  it('answers 503 when the database cannot be reached', async () => {
    const broken: Database = {
      ...db,
      query: () => Promise.reject(new Error('down')),
      exec: () => Promise.reject(new Error('down')),
    };
    const app = await buildApp({ db: broken, version: '9.9.9', logger: false });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'error', database: { reachable: false } });
  });
});
