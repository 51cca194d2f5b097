import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './types.ts';

/** Plain versioned SQL files, `NNNN_name.sql`, applied in order and recorded in `schema_migrations`. */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export class MigrationError extends Error {}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const migrations = files.map((f) => {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(f);
    if (!m) throw new MigrationError(`migrations/${f}: expected a name like 0001_description.sql`);
    return { version: Number(m[1]), name: m[2]!, sql: fs.readFileSync(path.join(dir, f), 'utf8') };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(`migrations: expected version ${i + 1}, found ${m.version}`);
  });
  return migrations;
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export interface MigrationStatus {
  /** Highest version applied to the database (0 for an empty one). */
  current: number;
  /** Highest version this code knows. */
  latest: number;
}

/**
 * Runs `fn` in a transaction that first takes the migration lock, a transaction-level advisory lock:
 * two processes starting at once against one empty PostgreSQL database would otherwise both create the
 * ledger or apply a migration (`duplicate key … pg_type_typname_nsp_index`). The second waits for the
 * first's transaction to end, then sees what it did. The lock is released by COMMIT or ROLLBACK, so it
 * needs no connection of its own (node-postgres hands out pooled connections). PGlite has one connection
 * and takes it at once.
 */
function underMigrationLock<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('probity:migrate'))`);
    await tx.exec(LEDGER);
    return fn(tx);
  });
}

async function currentVersion(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/** Where the database stands. Only reads (no lock, no ledger made): health checks call it. */
export async function migrationStatus(db: Queryable, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const { rows } = await db.query<{ ledger: string | null }>(
    `SELECT to_regclass('schema_migrations')::text AS ledger`,
  );
  const current = rows[0]?.ledger ? await currentVersion(db) : 0;
  return { current, latest: readMigrations(dir).length };
}

/**
 * Applies every pending migration, each in its own transaction with its ledger row, under the migration
 * lock; a migration that another process applied meanwhile is skipped.
 * Refuses a database migrated by a newer probity: its schema may not mean what this code expects.
 */
export async function migrate(
  db: Database,
  dir = MIGRATIONS_DIR,
): Promise<{ applied: string[]; status: MigrationStatus }> {
  const migrations = readMigrations(dir);
  const status = { current: await underMigrationLock(db, currentVersion), latest: migrations.length };
  if (status.current > status.latest) {
    throw new MigrationError(
      `The database is at schema version ${status.current}, newer than this probity knows (${status.latest}). ` +
        'Upgrade probity rather than run an older version against it.',
    );
  }
  const applied: string[] = [];
  for (const m of migrations.slice(status.current)) {
    const done = await underMigrationLock(db, async (tx) => {
      // Versions are applied in order by every process, so the ledger is at m.version - 1 or beyond.
      if ((await currentVersion(tx)) >= m.version) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  return { applied, status: { current: migrations.length, latest: migrations.length } };
}
