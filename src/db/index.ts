import path from 'node:path';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './types.ts';

export type { Database, Queryable, QueryResult } from './types.ts';
export { quoteIdent } from './types.ts';
export { camelRows } from './rows.ts';
export { inArrivalOrder, outsideRequests } from './arrival-order.ts';
export { DataFolderInUse, lockHolder, type LockHolder, type DataFolderLock } from './lock.ts';
export { DatabaseOpenError } from './pglite.ts';
export { migrate, migrationStatus, MigrationError } from './migrate.ts';
export { bindDatabase, type Bound } from './bind.ts';

/** A PostgreSQL server when `databaseUrl` is set, otherwise the embedded database under `dataDir`. */
export function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(path.join(opts.dataDir, 'pglite'));
}

export { openPglite, openPostgres };
