/**
 * The staging table of an import run and its merge: COPY text in, the keys references resolve against,
 * the one set-based upsert into the record type's table, and the keys a file repeats.
 */
import type { Queryable } from '../db/index.ts';
import { quoteIdent } from '../db/index.ts';
import { KEY_SETS, type KeySet, type RecordType, type Row } from '../dataset/index.ts';

function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (ch) =>
        ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
      )
    : value;
}

/** A validated row as a line of COPY text (columns, derived columns, then `_line`). */
export function toCopyLine(type: RecordType, row: Row, line: number): string {
  let out = '';
  for (const col of type.columns) {
    const value = row[col.name];
    out += (value == null ? '\\N' : copyEscape(col.type.toColumn ? col.type.toColumn(value) : value)) + '\t';
  }
  for (const derive of Object.values(type.derived)) {
    const value = derive(row);
    out += (value == null ? '\\N' : copyEscape(value)) + '\t';
  }
  return `${out}${line}\n`;
}

/** Appends COPY text lines to the staging table. */
export function stageLines(
  tx: Queryable,
  staging: string,
  columns: readonly string[],
  text: string,
): Promise<void> {
  return tx.copyText(staging, [...columns, '_line'], text);
}

/** Loads the keys that this record type's references resolve against (dimension tables: small). */
export async function loadKeySets(db: Queryable, type: RecordType): Promise<Map<KeySet, Set<string>>> {
  const sets = new Map<KeySet, Set<string>>();
  const needed = new Set(type.refs.flatMap((check) => check.sets));
  for (const set of needed) {
    const { rows } = await db.query<{ k: string }>(KEY_SETS[set]);
    sets.set(set, new Set(rows.map((r) => r.k)));
  }
  return sets;
}

/** A self-referencing column's staged values, and the key each row gives it, in line order. */
export async function stagedSelfReferences(
  db: Queryable,
  type: RecordType,
  staging: string,
  column: string,
  selfKey: string,
): Promise<{ line: number; value: string | null; self: string | null }[]> {
  const dbName = (name: string) => quoteIdent(type.columns.find((c) => c.name === name)!.db);
  const { rows } = await db.query<{ line: number; value: string | null; self: string | null }>(
    `SELECT _line AS line, ${dbName(column)} AS value, ${dbName(selfKey)} AS self
       FROM ${quoteIdent(staging)} ORDER BY _line`,
  );
  return rows;
}

/** The record types stored partitioned by month of a time column (migration 0026), and that column. */
export const MONTHLY_PARTITIONS: Record<string, string> = {
  presence: 'start_at',
  rosters: 'start_at',
  record_access: 'at',
  calls: 'start_at',
  visits: 'start_at',
  money: 'at',
};

/**
 * One set-based statement: new keys inserted, changed rows updated, identical rows left alone, a key
 * repeated within the file taken once (its first row). `staged` > `total` when a key was repeated.
 */
export async function mergeStaged(
  tx: Queryable,
  type: RecordType,
  staging: string,
  columns: string[],
): Promise<{ staged: number; total: number; inserted: number; updated: number }> {
  const cols = columns.map(quoteIdent).join(', ');
  const key = type.key.map(quoteIdent).join(', ');
  const rest = columns.filter((c) => !type.key.includes(c)).map(quoteIdent);
  const changed =
    rest.length === 1
      ? `t.${rest[0]} IS DISTINCT FROM EXCLUDED.${rest[0]}`
      : `(${rest.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${c}`).join(', ')})`;
  const onConflict = rest.length
    ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${changed}`
    : 'DO NOTHING';
  // A partitioned table is written month by month into each month's own partition, made first if new:
  // RETURNING cannot read xmax (inserted or updated) through the partitioned table itself.
  const monthly = MONTHLY_PARTITIONS[type.table];
  const targets = monthly
    ? (
        await tx.query<{ part: string; month: Date }>(
          `WITH months AS (SELECT DISTINCT date_trunc('month', ${quoteIdent(monthly)}, 'UTC') AS month FROM ${staging}),
                made AS (SELECT probity_ensure_month_partitions($1, $2, ARRAY(SELECT month FROM months)))
           SELECT format('%s_y%sm%s', $1::text, to_char(month AT TIME ZONE 'UTC', 'YYYY'),
                         to_char(month AT TIME ZONE 'UTC', 'MM')) AS part, month
             FROM months, made ORDER BY month`,
          [type.table, monthly],
        )
      ).rows.map((r) => ({
        table: quoteIdent(r.part),
        where: `WHERE ${quoteIdent(monthly)} >= $1 AND ${quoteIdent(monthly)} < $1::timestamptz + interval '1 month'`,
        params: [r.month],
      }))
    : [{ table: type.table, where: '', params: [] as unknown[] }];
  const sum = { staged: 0, total: 0, inserted: 0, updated: 0 };
  for (const target of targets) {
    // In key order: the primary key's B-tree is then filled page by page (about a third faster here).
    const { rows } = await tx.query<typeof sum>(
      `WITH src AS (SELECT DISTINCT ON (${key}) ${cols} FROM ${staging} ${target.where} ORDER BY ${key}, _line),
       written AS (
         INSERT INTO ${target.table} AS t (${cols}) SELECT ${cols} FROM src
         ON CONFLICT (${key}) ${onConflict}
         RETURNING (xmax = 0) AS inserted
       )
       SELECT (SELECT count(*) FROM ${staging} ${target.where})::int AS staged,
              (SELECT count(*) FROM src)::int AS total,
              count(*) FILTER (WHERE inserted)::int AS inserted,
              count(*) FILTER (WHERE NOT inserted)::int AS updated
       FROM written`,
      target.params,
    );
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += rows[0]![k];
  }
  return sum;
}

/**
 * Detection keeps each day's sweep of presence (detect/window-presence.ts, migration 0027). A merge that
 * changed presence makes every day from its earliest start to its latest end stale for each
 * establishment it touched, in its own transaction: the next run sweeps those days again.
 */
export async function forgetSweptDays(tx: Queryable, staging: string): Promise<void> {
  await tx.query(
    `INSERT INTO presence_day_sweeps AS t (establishment, day, generation)
     SELECT r.establishment, d::date, 1
       FROM (SELECT l.establishment, min(s.start_at) AS lo, max(s.end_at) AS hi
               FROM ${quoteIdent(staging)} s JOIN locations l ON l.code = s.location GROUP BY l.establishment) r,
            generate_series((r.lo AT TIME ZONE 'UTC')::date::timestamp, (r.hi AT TIME ZONE 'UTC')::date::timestamp,
                            interval '1 day') d
     ON CONFLICT (establishment, day) DO UPDATE SET generation = t.generation + 1, basis = NULL, sweep = NULL`,
  );
}

/** Lines that repeat an earlier line's key with different values, with that first line, in order. */
export async function repeatedKeyLines(
  tx: Queryable,
  type: RecordType,
  staging: string,
  columns: string[],
  max: number,
): Promise<{ line: number; firstLine: number }[]> {
  const key = type.key.map(quoteIdent).join(', ');
  const rest = columns.filter((c) => !type.key.includes(c));
  const restRow = rest.length ? `ROW(${rest.map(quoteIdent).join(', ')})::text` : `''`;
  const { rows } = await tx.query<{ line: number; firstLine: number }>(
    `SELECT _line AS line, first_line AS "firstLine" FROM (
       SELECT _line, first_value(_line) OVER w AS first_line, ${restRow} AS rest, first_value(${restRow}) OVER w AS first_rest
       FROM ${staging} WINDOW w AS (PARTITION BY ${key} ORDER BY _line)
     ) x WHERE rest IS DISTINCT FROM first_rest ORDER BY _line LIMIT ${max}`,
  );
  return rows;
}
