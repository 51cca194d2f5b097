/**
 * The merge of an import run's staging table into its record type's table: the one set-based upsert of
 * a small table, and month by month into a partitioned one (a month not yet held built whole and
 * attached, a month held merged by key or, when the file brings as much again, built again and swapped).
 */
import type { Queryable } from '../db/index.ts';
import { quoteIdent } from '../db/index.ts';
import type { RecordType } from '../dataset/index.ts';

/** The record types stored partitioned by month of a time column (migration 0026), and that column. */
export const MONTHLY_PARTITIONS: Record<string, string> = {
  presence: 'start_at',
  rosters: 'start_at',
  record_access: 'at',
  calls: 'start_at',
  visits: 'start_at',
  money: 'at',
};

type Merged = { staged: number; total: number; inserted: number; updated: number };

/** The SQL pieces of a merge: the columns, the key, the other columns, and the staged rows, one per key. */
function mergeParts(type: RecordType, staging: string, columns: string[], where: string) {
  const cols = columns.map(quoteIdent).join(', ');
  const key = type.key.map(quoteIdent).join(', ');
  const rest = columns.filter((c) => !type.key.includes(c)).map(quoteIdent);
  // In key order: a key's B-tree is then filled page by page (about a third faster here).
  const src = `SELECT DISTINCT ON (${key}) ${cols} FROM ${staging} ${where} ORDER BY ${key}, _line`;
  const staged = `(SELECT count(*) FROM ${staging} ${where})::int AS staged`;
  // Whether the table's row `t` holds other values than `other`'s (never, when the key is every column).
  const differs = (other: string) =>
    rest.length
      ? `(${rest.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `${other}.${c}`).join(', ')})`
      : 'false';
  return { cols, key, rest, src, staged, differs };
}

/**
 * The months the staged rows fall in, with each month's partition and whether the month is held already:
 * made, or with rows waiting in the default partition (then made now, those rows moved into it).
 */
async function stagedMonths(
  tx: Queryable,
  table: string,
  column: string,
  staging: string,
): Promise<{ part: string; start: Date; held: boolean }[]> {
  const { rows } = await tx.query<{ start: Date; part: string; made: boolean; waiting: boolean }>(
    `SELECT start, part, to_regclass(part) IS NOT NULL AS made,
            EXISTS (SELECT 1 FROM ${quoteIdent(`${table}_default`)} d
                     WHERE d.${quoteIdent(column)} >= start AND d.${quoteIdent(column)} < start + interval '1 month') AS waiting
       FROM (SELECT start, format('%s_y%sm%s', $1::text, to_char(start AT TIME ZONE 'UTC', 'YYYY'),
                                  to_char(start AT TIME ZONE 'UTC', 'MM')) AS part
               FROM (SELECT DISTINCT date_trunc('month', ${quoteIdent(column)}, 'UTC') AS start FROM ${staging}) m) p
      ORDER BY start`,
    [table],
  );
  const waiting = rows.filter((m) => !m.made && m.waiting).map((m) => m.start);
  if (waiting.length)
    await tx.query('SELECT probity_ensure_month_partitions($1, $2, $3)', [table, column, waiting]);
  return rows.map((m) => ({ part: m.part, start: m.start, held: m.made || m.waiting }));
}

/**
 * A month not yet held is built whole apart from its table and then attached (migration 0028): its key
 * and index are built once from the rows instead of row by row, and its references checked in one pass.
 * This is what makes loading history about as fast as a bare copy into the keyed table.
 */
async function buildMonth(
  tx: Queryable,
  type: RecordType,
  month: { part: string; start: Date },
  staging: string,
  columns: string[],
  where: string,
): Promise<Merged> {
  const { cols, src, staged } = mergeParts(type, staging, columns, where);
  const part = quoteIdent(month.part);
  await tx.exec(`CREATE TABLE ${part} (LIKE ${type.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  const { rows } = await tx.query<{ staged: number; total: number }>(
    `WITH written AS (INSERT INTO ${part} (${cols}) ${src} RETURNING 1)
     SELECT ${staged}, (SELECT count(*) FROM written)::int AS total`,
    [month.start],
  );
  await tx.query('SELECT probity_attach_month_partition($1, $2, $3)', [type.table, month.part, month.start]);
  return { ...rows[0]!, inserted: rows[0]!.total, updated: 0 };
}

/** A held month is built again whole when the file's new keys are at least this share of its rows. */
const REBUILD_SHARE = 0.5;

/**
 * Into a month already held. The file's rows are joined once with the month's on the key: each staged
 * row with the tuple of its key in the month, if any, and whether its values differ. Then either the
 * changed rows are updated and the new keys inserted, through the key and index row by row; or, when the
 * new keys come to half the rows the month holds or more (a month's file loaded in parts, history sent
 * again with more in it), the month is built again beside it from its rows the file does not replace
 * and the file's, and swapped in with its key and index built at once, as a month not yet held is: that
 * costs about a third as much a row as inserting through them. Only an import of the record type writes
 * its partitions, one run at a time (import_runs); a key written meanwhile by anything else fails the
 * file, and a month being rebuilt is locked against other writers from before it is read.
 */
async function mergeMonth(
  tx: Queryable,
  type: RecordType,
  month: { part: string; start: Date },
  staging: string,
  columns: string[],
  where: string,
): Promise<Merged> {
  const { cols, key, rest, src, staged, differs } = mergeParts(type, staging, columns, where);
  // A key column that may be empty is matched as NULLS NOT DISTINCT, as the table's key treats it.
  const required = (k: string) => type.columns.some((c) => c.db === k && !c.optional);
  const on = type.key
    .map((k) => `t.${quoteIdent(k)} ${required(k) ? '=' : 'IS NOT DISTINCT FROM'} s.${quoteIdent(k)}`)
    .join(' AND ');
  const part = quoteIdent(month.part);
  const matched = quoteIdent(`${staging}_matched`);
  await tx.exec(`CREATE TEMP TABLE ${matched} AS
    SELECT ${cols}, NULL::tid AS tid, false AS changed FROM ${type.table} WITH NO DATA`);
  await tx.query(
    `INSERT INTO ${matched} SELECT s.*, t.ctid, t.ctid IS NOT NULL AND ${differs('s')}
       FROM (${src}) s LEFT JOIN ${part} t ON ${on}`,
    [month.start],
  );
  const { rows } = await tx.query<Omit<Merged, 'updated'> & { inserted: number; changed: number }>(
    `SELECT ${staged}, count(*)::int AS total, (count(*) FILTER (WHERE tid IS NULL))::int AS inserted,
            (count(*) FILTER (WHERE changed))::int AS changed FROM ${matched}`,
    [month.start],
  );
  const { staged: stagedRows, total, inserted, changed } = rows[0]!;
  // How many rows the month holds, counted only as far as matters: no further than the file's new keys allow.
  const limit = Math.floor(inserted / REBUILD_SHARE);
  const held = inserted
    ? (
        await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${part} LIMIT $1) x`, [
          limit + 1,
        ])
      ).rows[0]!.n
    : Infinity;
  if (held <= limit) {
    const rebuilt = quoteIdent(`${month.part}_rebuilt`);
    await tx.exec(`LOCK TABLE ${part} IN SHARE MODE`);
    await tx.exec(`CREATE TABLE ${rebuilt} (LIKE ${type.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
      INSERT INTO ${rebuilt} (${cols}) SELECT ${cols} FROM ${matched}
        UNION ALL SELECT ${cols} FROM ${part} t WHERE NOT EXISTS (SELECT 1 FROM ${matched} m WHERE m.tid = t.ctid);
      DROP TABLE ${matched};
      ALTER TABLE ${type.table} DETACH PARTITION ${part};
      DROP TABLE ${part};
      ALTER TABLE ${rebuilt} RENAME TO ${part}`);
    await tx.query('SELECT probity_attach_month_partition($1, $2, $3)', [
      type.table,
      month.part,
      month.start,
    ]);
  } else {
    const set = rest.map((c) => `${c} = s.${c}`).join(', ');
    if (changed)
      await tx.exec(`UPDATE ${part} t SET ${set} FROM ${matched} s WHERE t.ctid = s.tid AND s.changed`);
    // In key order: each key's B-tree is then filled where it left off rather than all over.
    if (inserted)
      await tx.exec(
        `INSERT INTO ${part} (${cols}) SELECT ${cols} FROM ${matched} WHERE tid IS NULL ORDER BY ${key}`,
      );
    await tx.exec(`DROP TABLE ${matched}`);
  }
  return { staged: stagedRows, total, inserted, updated: changed };
}

/** Into a table that is not partitioned (the small ones, which other writers may share): an upsert. */
async function upsertTable(
  tx: Queryable,
  type: RecordType,
  staging: string,
  columns: string[],
): Promise<Merged> {
  const { cols, key, rest, src, staged, differs } = mergeParts(type, staging, columns, '');
  const onConflict = rest.length
    ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${differs('EXCLUDED')}`
    : 'DO NOTHING';
  const { rows } = await tx.query<Merged>(
    `WITH src AS (${src}),
     written AS (
       INSERT INTO ${type.table} AS t (${cols}) SELECT ${cols} FROM src
       ON CONFLICT (${key}) ${onConflict}
       RETURNING (xmax = 0) AS inserted
     )
     SELECT ${staged}, (SELECT count(*) FROM src)::int AS total,
            count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
     FROM written`,
  );
  return rows[0]!;
}

/**
 * The staged rows written: new keys inserted, changed rows updated, identical rows left alone, a key
 * repeated within the file taken once (its first row). `staged` > `total` when a key was repeated.
 * A partitioned table is written month by month, each month into its own partition.
 */
export async function mergeStaged(
  tx: Queryable,
  type: RecordType,
  staging: string,
  columns: string[],
): Promise<Merged> {
  const monthly = MONTHLY_PARTITIONS[type.table];
  if (!monthly) return upsertTable(tx, type, staging, columns);
  const sum: Merged = { staged: 0, total: 0, inserted: 0, updated: 0 };
  // A staging table just filled has no statistics: the merge would be planned for a few rows (an index
  // probe per staged row even for a file as large as its month). Sampled, it is planned for its size.
  await tx.exec(`ANALYZE ${quoteIdent(staging)}`);
  const where = `WHERE ${quoteIdent(monthly)} >= $1 AND ${quoteIdent(monthly)} < $1::timestamptz + interval '1 month'`;
  for (const month of await stagedMonths(tx, type.table, monthly, staging)) {
    const merged = month.held
      ? await mergeMonth(tx, type, month, staging, columns, where)
      : await buildMonth(tx, type, month, staging, columns, where);
    for (const k of Object.keys(sum) as (keyof Merged)[]) sum[k] += merged[k];
  }
  return sum;
}
