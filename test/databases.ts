import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openPglite, openPostgres, type Database } from '../src/db/index.ts';

/**
 * The backends every database test runs on: embedded PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set (`npm test` starts a throwaway server for it when it can).
 */
export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** A new, empty, migrated database. `dispose` removes it. */
  create(): Promise<{ db: Database; dispose: () => Promise<void> }>;
}

const pglite: TestBackend = {
  name: 'pglite',
  async create() {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, dispose: () => db.close() };
  },
};

const postgres: TestBackend = {
  name: 'postgres',
  async create() {
    // A database of its own per test file, so files run in parallel without seeing each other's rows.
    const empty = (await emptyPostgresDatabase())!;
    const db = await openPostgres(empty.url);
    await migrate(db);
    return {
      db,
      async dispose() {
        await db.close();
        await empty.dispose();
      },
    };
  },
};

export const backends: TestBackend[] = [pglite, ...(process.env.TEST_DATABASE_URL ? [postgres] : [])];

/**
 * URL of a fresh, empty (unmigrated) PostgreSQL database on the server of `adminUrl` (default:
 * TEST_DATABASE_URL), or undefined when none is configured.
 */
export async function emptyPostgresDatabase(
  adminUrl = process.env.TEST_DATABASE_URL,
): Promise<{ url: string; dispose: () => Promise<void> } | undefined> {
  if (!adminUrl) return undefined;
  const name = `probity_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
