import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copySql, type Database, type Queryable, type QueryResult } from './types.ts';

type Conn = pg.Pool | pg.PoolClient;

// A calendar date is not an instant: keep `YYYY-MM-DD` rather than a Date at local midnight.
const DATE_OID = 1082;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function wrap(conn: Conn, withClient: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const res = await conn.query(sql, params as unknown[]);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    copyText: (table, columns, data) =>
      withClient(async (client) => {
        const sink = client.query(copyFrom(copySql(table, columns, 'STDIN')));
        await pipeline(Readable.from([data]), sink);
      }),
  };
}

/** `poolSize`: connections at most (a worker running several tasks at once needs more than the default). */
export async function openPostgres(url: string, opts: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 5, types: typeParsers });
  // An idle pooled connection can be ended by the server (a restart, an administrator, a dropped test
  // database). The pool then discards it; without this listener the error would crash the process.
  pool.on('error', () => {});
  // Fail fast with the server's own message when the URL is wrong.
  const probe = await pool.connect();
  probe.release();
  const withPoolClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  };
  return {
    kind: 'postgres',
    ...wrap(pool, withPoolClient),
    transaction: (fn) =>
      withPoolClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await fn(wrap(client, (f) => f(client)));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }),
    session: (fn) => withPoolClient((client) => fn(wrap(client, (f) => f(client)))),
    close: () => pool.end(),
  };
}
