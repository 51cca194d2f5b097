import fs from 'node:fs';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { OldestFirst } from './arrival-order.ts';
import { lockDataFolder } from './lock.ts';
import { copySql, type Database, type Queryable, type QueryResult } from './types.ts';

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

// Same value shapes as node-postgres: bigint and numeric come back as strings, never silently rounded.
const parsers = {
  [types.INT8]: (v: string) => v,
  [types.NUMERIC]: (v: string) => v,
  // A calendar date is not an instant: keep `YYYY-MM-DD` rather than a Date at some midnight.
  [types.DATE]: (v: string) => v,
};

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs on this thread and resolves without returning to the event loop. Outside a transaction
 * each statement waits its turn in `order` (oldest request first, back to the event loop between
 * statements); inside one, which holds the database anyway, it only yields first.
 */
function wrap(conn: PgliteLike, order?: OldestFirst): Queryable {
  const inTurn = <T>(task: () => Promise<T>): Promise<T> =>
    order ? order.run(task) : yieldToEventLoop().then(task);
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const res = await inTurn(() => conn.query<R>(sql, params as unknown[], { parsers }));
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await inTurn(() => conn.exec(sql));
    },
    async copyText(table, columns, data) {
      // PGlite reads COPY input from a virtual file that the query's blob option provides.
      await inTurn(() => conn.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([data]) }));
    },
  };
}

export class DatabaseOpenError extends Error {}

/** What a process is, for the lock's "in use by …" message. */
const thisCommand = (): string => `probity ${process.argv.slice(2).join(' ')}`.trim();

/**
 * Opens (creating if needed) an embedded database in `dir`, or in memory when `dir` is undefined.
 * A folder is opened by one process at a time (see lock.ts): a second gets DataFolderInUse.
 */
export async function openPglite(
  dir: string | undefined,
  command = thisCommand(),
  /** A snapshot (Database.snapshot) to fill a new, empty folder from: a restore. */
  from?: Blob,
): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const lock = dir ? lockDataFolder(dir, command) : undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir, from ? { loadDataDir: from } : {});
  } catch (err) {
    lock?.release();
    throw new DatabaseOpenError(
      `The embedded database in ${dir ?? 'memory'} could not be opened (${firstLine(err)}). ` +
        'If probity was stopped abruptly or the disk was full, restore the folder from your latest backup: ' +
        'stop probity, move the folder aside (keep it for investigation), and put the backup in its place ' +
        '(README: "Backup and recovery").',
    );
  }
  const order = new OldestFirst();
  const base = wrap(pg, order);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => order.run(() => pg.transaction((tx) => fn(wrap(tx)))),
    session: (fn) => fn(base),
    // In turn like a statement: never in the middle of another's transaction.
    snapshot: () => order.run(() => pg.dumpDataDir('gzip')),
    lock,
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** The first line of an error's message, at most 200 characters: PGlite's can carry its minified source. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => l.trim()) ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
