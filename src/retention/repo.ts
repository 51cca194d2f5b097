/** The data layer of retention: monthly partitions, their rows in pages, detaching and dropping them. */
import { quoteIdent, type Queryable } from '../db/index.ts';

export interface MonthPartition {
  table: string;
  partition: string;
  /** The month's first instant (UTC). */
  month: Date;
  rows: number;
}

/** The monthly partitions of `tables` for months before `before`, oldest first. */
export async function partitionsBefore(
  db: Queryable,
  tables: string[],
  before: Date,
): Promise<MonthPartition[]> {
  const { rows } = await db.query<{ table: string; partition: string; month: Date }>(
    `SELECT parent.relname AS table, child.relname AS partition,
            to_timestamp(substring(child.relname FROM '_y(\\d{4})m(\\d{2})$') || '01', 'YYYYMMDD')::date::timestamp AT TIME ZONE 'UTC' AS month
       FROM pg_inherits i
       JOIN pg_class parent ON parent.oid = i.inhparent
       JOIN pg_class child ON child.oid = i.inhrelid
      WHERE parent.relname = ANY($1) AND child.relname ~ '_y\\d{4}m\\d{2}$'
      ORDER BY 3, 1`,
    [tables],
  );
  const old = rows.filter((r) => r.month < before);
  const out: MonthPartition[] = [];
  for (const r of old) out.push({ ...r, rows: await rowCount(db, r.partition) });
  return out;
}

export async function rowCount(db: Queryable, partition: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(partition)}`);
  return Number(rows[0]!.n);
}

/** The columns of a table in order. */
export async function columnsOf(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

/**
 * A page of a partition's rows after the row at `after` (a tuple id, or undefined to start), in storage
 * order, with the last row's tuple id to go on from; read while the partition is held against writes.
 */
export async function rowsPage(
  db: Queryable,
  partition: string,
  columns: string[],
  after: string | undefined,
  limit: number,
): Promise<{ rows: Record<string, unknown>[]; last: string | undefined }> {
  const { rows } = await db.query<Record<string, unknown> & { _tid: string }>(
    `SELECT ctid::text AS _tid, ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(partition)}
      WHERE ctid > $1::tid ORDER BY ctid LIMIT ${limit}`,
    [after ?? '(0,0)'],
  );
  const last = rows.at(-1)?._tid;
  return { rows: rows.map(({ _tid, ...row }) => row), last };
}

/** Holds a partition against writes until the transaction ends (reads go on). */
export async function holdAgainstWrites(tx: Queryable, partition: string): Promise<void> {
  await tx.query(`LOCK TABLE ${quoteIdent(partition)} IN SHARE MODE`);
}

/** Detaches and drops a partition: its rows leave the database. */
export async function dropPartition(tx: Queryable, table: string, partition: string): Promise<void> {
  await tx.query(`ALTER TABLE ${quoteIdent(table)} DETACH PARTITION ${quoteIdent(partition)}`);
  await tx.query(`DROP TABLE ${quoteIdent(partition)}`);
}
