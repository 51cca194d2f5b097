import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, openPglite, openPostgres, type Database } from '../src/db/index.ts';
import { MIGRATIONS_DIR } from '../src/db/migrate.ts';

/**
 * The backends every database test runs on: embedded PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set (`npm test` starts a throwaway server for it when it can).
 */
export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** A new, empty, migrated database. `dispose` removes it. */
  create(): Promise<{ db: Database; dispose: () => Promise<void> }>;
}

/**
 * A migrated embedded database folder, made once per set of migrations (and PGlite version) and shared by
 * every test process: copying it and opening the copy takes a fraction of the time that creating a new
 * database (initdb) and migrating it takes. Built aside and renamed into place, so a process never sees
 * a half-made one; when two build it at once, the first rename wins and the other copy is dropped.
 */
let template: Promise<string> | undefined;
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const hash = createHash('sha256');
    // PGlite's files on disk belong to its version: a new version makes a new template.
    hash.update(
      fs.readFileSync(path.resolve(import.meta.dirname, '../node_modules/@electric-sql/pglite/package.json')),
    );
    for (const f of fs.readdirSync(MIGRATIONS_DIR).sort())
      hash.update(`${f}\n`).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
    const dir = path.join(os.tmpdir(), `probity-test-template-${hash.digest('hex').slice(0, 16)}`);
    if (fs.existsSync(path.join(dir, 'ready'))) return dir;
    const building = fs.mkdtempSync(`${dir}-building-`);
    const db = await openPglite(path.join(building, 'pglite'), 'test template');
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    fs.writeFileSync(path.join(building, 'ready'), '');
    try {
      fs.renameSync(building, dir);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another process made it first
    }
    return dir;
  })();
  return template;
}

const pglite: TestBackend = {
  name: 'pglite',
  async create() {
    // A copy of the migrated template in a folder of its own, removed by dispose.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-test-db-'));
    fs.cpSync(path.join(await pgliteTemplate(), 'pglite'), path.join(folder, 'pglite'), { recursive: true });
    const db = await openPglite(path.join(folder, 'pglite'), 'test');
    await migrate(db); // nothing to apply: the template is up to date, as its name promises
    return {
      db,
      async dispose() {
        await db.close();
        fs.rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

const postgres: TestBackend = {
  name: 'postgres',
  // A database of its own per test file, so files run in parallel without seeing each other's rows.
  create: () => migratedPostgresDatabase(),
};

/** A new, migrated database on the TEST_DATABASE_URL server, with its URL for other connections. */
export async function migratedPostgresDatabase(): Promise<{
  db: Database;
  url: string;
  dispose: () => Promise<void>;
}> {
  const empty = (await emptyPostgresDatabase())!;
  const db = await openPostgres(empty.url);
  await migrate(db);
  return {
    db,
    url: empty.url,
    async dispose() {
      await db.close();
      await empty.dispose();
    },
  };
}

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
