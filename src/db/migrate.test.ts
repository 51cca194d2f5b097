import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyPostgresDatabase } from '../../test/databases.ts';
import {
  migrate,
  migrationStatus,
  MigrationError,
  openPglite,
  openPostgres,
  type Database,
} from './index.ts';
import { MIGRATIONS_DIR, readMigrations } from './migrate.ts';

const opened: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of opened.reverse()) await close();
});

// Empty, unmigrated databases (not `backends`, whose databases come migrated): PGlite, and PostgreSQL
// when TEST_DATABASE_URL is set.
const emptyDatabases: [string, () => Promise<Database>][] = [
  ['pglite', () => openPglite(undefined)],
  ...(process.env.TEST_DATABASE_URL
    ? [
        [
          'postgres',
          async () => {
            const empty = (await emptyPostgresDatabase())!;
            const db = await openPostgres(empty.url);
            opened.push(empty.dispose);
            return db;
          },
        ] as [string, () => Promise<Database>],
      ]
    : []),
];

describe.each(emptyDatabases)('migrations on %s', (_name, open) => {
  it('applies every migration once, records it, and is a no-op the second time', async () => {
    const db = await open();
    opened.push(() => db.close());
    const first = await migrate(db);
    const latest = readMigrations().length;
    expect(first.applied).toHaveLength(latest);
    expect(await migrationStatus(db)).toEqual({ current: latest, latest });
    expect((await migrate(db)).applied).toEqual([]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe(latest);
  });

  it('refuses a database migrated by a newer probity', async () => {
    const db = await open();
    opened.push(() => db.close());
    await migrate(db);
    await db.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')`);
    await expect(migrate(db)).rejects.toThrow(MigrationError);
    await expect(migrate(db)).rejects.toThrow(/schema version 999, newer than this probity knows/);
  });

  it('rolls back a failing migration with its ledger row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-mig-'));
    for (const f of fs.readdirSync(MIGRATIONS_DIR))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    const next = String(readMigrations().length + 1).padStart(4, '0');
    fs.writeFileSync(
      path.join(dir, `${next}_broken.sql`),
      'CREATE TABLE half_done (id int); SELECT no_such_function();',
    );
    const db = await open();
    opened.push(() => db.close());
    await expect(migrate(db, dir)).rejects.toThrow(/no_such_function/);
    expect((await migrationStatus(db, dir)).current).toBe(readMigrations().length);
    const { rows } = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(rows).toEqual([]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('concurrent migrations on postgres', () => {
  it('lets several first starts migrate one empty database at once, each waiting its turn', async () => {
    const empty = (await emptyPostgresDatabase())!;
    opened.push(empty.dispose);
    // Separate connections, as separate processes would have.
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openPostgres(empty.url)));
    for (const db of dbs) opened.push(() => db.close());
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    const latest = readMigrations().length;
    // Every migration applied exactly once, by one of them.
    expect(results.flatMap((r) => r.applied).sort()).toEqual(
      readMigrations().map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`),
    );
    const { rows } = await dbs[0]!.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    for (const db of dbs) expect(await migrationStatus(db)).toEqual({ current: latest, latest });
  });
});

describe('readMigrations', () => {
  it('refuses a badly named file and a gap in versions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-mig-'));
    fs.writeFileSync(path.join(dir, '0001_ok.sql'), 'SELECT 1');
    fs.writeFileSync(path.join(dir, '0003_gap.sql'), 'SELECT 1');
    expect(() => readMigrations(dir)).toThrow('migrations: expected version 2, found 3');
    fs.writeFileSync(path.join(dir, 'Bad Name.sql'), 'SELECT 1');
    expect(() => readMigrations(dir)).toThrow(
      'migrations/Bad Name.sql: expected a name like 0001_description.sql',
    );
  });
});
