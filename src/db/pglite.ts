import fs from 'node:fs';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { copySql, type Database, type Queryable, type QueryResult } from './types.ts';

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

// Same value shapes as node-postgres: bigint and numeric come back as strings, never silently rounded.
const parsers = {
  [types.INT8]: (v: string) => v,
  [types.NUMERIC]: (v: string) => v,
  // A calendar date is not an instant: keep `YYYY-MM-DD` rather than a Date at some midnight.
  [types.DATE]: (v: string) => v,
};

function wrap(conn: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const res = await conn.query<R>(sql, params as unknown[], { parsers });
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    async copyText(table, columns, data) {
      // PGlite reads COPY input from a virtual file that the query's blob option provides.
      await conn.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([data]) });
    },
  };
}

/** Opens (creating if needed) an embedded database in `dir`, or in memory when `dir` is undefined. */
export async function openPglite(dir: string | undefined): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
