import type { DataFolderLock } from './lock.ts';

/** The one data-access interface that every other folder uses. Implemented by PGlite and node-postgres. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Loads `data`, in PostgreSQL COPY text format (tab-separated, `\N` for null, one row a line),
   * into `table(columns)`. Callers stream a file by calling this once per bounded chunk.
   */
  copyText(table: string, columns: readonly string[], data: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection held for its whole length, outside a transaction: what a session-level
   * advisory lock needs (held until released or the connection ends, even when the process is killed).
   * The embedded database has one connection: `fn` gets it.
   */
  session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>;
  /**
   * The embedded database's whole folder as a gzipped tarball, taken between statements so that it is
   * consistent (`probity backup`); undefined for a server, which has its own tools (pg_dump).
   */
  readonly snapshot?: (() => Promise<Blob>) | undefined;
  /** The embedded database's hold on its folder (see lock.ts); undefined for a server or in memory. */
  readonly lock?: DataFolderLock | undefined;
  close(): Promise<void>;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function copySql(table: string, columns: readonly string[], source: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source}`;
}
