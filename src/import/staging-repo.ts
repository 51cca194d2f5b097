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

type Merged = { staged: number; total: number; inserted: number; updated: number };

/** The SQL pieces of a merge: the columns, the key, the other columns, and the staged rows, one per key. */
function mergeParts(type: RecordType, staging: string, columns: string[], where: string) {
  const cols = columns.map(quoteIdent).join(', ');
  const key = type.key.map(quoteIdent).join(', ');
  const rest = columns.filter((c) => !type.key.includes(c)).map(quoteIdent);
  // In key order: a key's B-tree is then filled page by page (about a third faster here).
  const src = `SELECT DISTINCT ON (${key}) ${cols} FROM ${staging} ${where} ORDER BY ${key}, _line`;
  const staged = `(SELECT count(*) FROM ${staging} ${where})::int AS staged`;
  return { cols, key, rest, src, staged };
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

/**
 * Into a month already held: changed rows updated and new keys inserted, by a join on the key rather
 * than a speculative insert per row (a third less time). Only an import of the record type writes its
 * partitions, one run at a time (import_runs); a key written meanwhile by anything else fails the file.
 */
async function mergeMonth(
  tx: Queryable,
  type: RecordType,
  part: string,
  staging: string,
  columns: string[],
  where: string,
  params: unknown[],
): Promise<Merged> {
  const { cols, rest, src, staged } = mergeParts(type, staging, columns, where);
  // A key column that may be empty is matched as NULLS NOT DISTINCT, as the table's key treats it.
  const required = (k: string) => type.columns.some((c) => c.db === k && !c.optional);
  const on = type.key
    .map((k) => `t.${quoteIdent(k)} ${required(k) ? '=' : 'IS NOT DISTINCT FROM'} s.${quoteIdent(k)}`)
    .join(' AND ');
  const set = rest.map((c) => `${c} = s.${c}`).join(', ');
  const differs = `(${rest.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `s.${c}`).join(', ')})`;
  const table = quoteIdent(part);
  const { rows } = await tx.query<Merged>(
    `WITH src AS MATERIALIZED (${src}),
     updated AS (${rest.length ? `UPDATE ${table} t SET ${set} FROM src s WHERE ${on} AND ${differs} RETURNING 1` : 'SELECT 1 WHERE false'}),
     inserted AS (INSERT INTO ${table} (${cols}) SELECT ${cols} FROM src s
                   WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${on}) RETURNING 1)
     SELECT ${staged}, (SELECT count(*) FROM src)::int AS total,
            (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM updated)::int AS updated`,
    params,
  );
  return rows[0]!;
}

/** Into a table that is not partitioned (the small ones, which other writers may share): an upsert. */
async function upsertTable(
  tx: Queryable,
  type: RecordType,
  staging: string,
  columns: string[],
): Promise<Merged> {
  const { cols, key, rest, src, staged } = mergeParts(type, staging, columns, '');
  const changed = `(${rest.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${c}`).join(', ')})`;
  const onConflict = rest.length
    ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${changed}`
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
      ? await mergeMonth(tx, type, month.part, staging, columns, where, [month.start])
      : await buildMonth(tx, type, month, staging, columns, where);
    for (const k of Object.keys(sum) as (keyof Merged)[]) sum[k] += merged[k];
  }
  return sum;
}

/**
 * Per record type whose merge makes kept days stale, each establishment touched and the earliest record
 * (`first`) that a day's roll reconciliation reads, null when none; presence also its whole span (`lo`,
 * `hi`), which detection's kept day sweeps read.
 */
const TOUCHED: Record<string, (staging: string) => string> = {
  presence: (t) => `SELECT l.establishment, min(s.start_at) AS lo, max(s.end_at) AS hi,
      min(s.start_at) FILTER (WHERE s.subject_type = 'prisoner') AS first
    FROM ${t} s JOIN locations l ON l.code = s.location GROUP BY l.establishment`,
  cell_allocations: (t) => `SELECT l.establishment, min(s.from_at) AS first FROM ${t} s
    JOIN locations l ON l.code = s.location GROUP BY l.establishment`,
  // A movement belongs to the establishment of either place and of the prisoner (joins, not a correlated
  // test per row and establishment, which a large file makes slow).
  movements: (t) => `SELECT establishment, min(at) AS first FROM (
      SELECT l.establishment, s.at FROM ${t} s JOIN locations l ON l.code = s.from_location
      UNION ALL SELECT l.establishment, s.at FROM ${t} s JOIN locations l ON l.code = s.to_location
      UNION ALL SELECT p.establishment, s.at FROM ${t} s JOIN prisoners p ON p.prison_number = s.prison_number
    ) m GROUP BY establishment`,
  roll_counts: (t) => `SELECT establishment, min(at) AS first FROM ${t} GROUP BY establishment`,
};

/** Whether a merge into `table` can make kept days stale (forgetKeptDays). */
export const makesKeptDaysStale = (table: string): boolean => table in TOUCHED;

/**
 * Detection keeps each day's sweep of presence (detect/window-presence.ts, migration 0027) and each day's
 * reconciled roll counts (accountability/counted-days.ts, migration 0029). A merge that changed their
 * records makes them stale, in its own transaction and in one pass over the file: presence makes every
 * day from its earliest start to its latest end stale for each establishment it touched (the next run
 * sweeps those days again); a change to what reconciliation reads forgets the establishment's kept counts
 * from its earliest record on (a movement or an allocation decides where someone is until the next) and
 * moves the establishment's epoch on, so that a day read before this merge is not kept after it.
 */
export async function forgetKeptDays(tx: Queryable, table: string, staging: string): Promise<void> {
  const swept =
    table === 'presence'
      ? `swept AS (INSERT INTO presence_day_sweeps AS p (establishment, day, generation)
           SELECT r.establishment, d::date, 1
             FROM touched r, generate_series((r.lo AT TIME ZONE 'UTC')::date::timestamp,
                                             (r.hi AT TIME ZONE 'UTC')::date::timestamp, interval '1 day') d
           ON CONFLICT (establishment, day) DO UPDATE SET generation = p.generation + 1, basis = NULL, sweep = NULL),`
      : '';
  await tx.query(
    `WITH touched AS MATERIALIZED (${TOUCHED[table]!(quoteIdent(staging))}), ${swept}
     moved AS (INSERT INTO roll_count_epochs AS e (establishment, epoch)
               SELECT establishment, 1 FROM touched WHERE first IS NOT NULL
               ON CONFLICT (establishment) DO UPDATE SET epoch = e.epoch + 1)
     DELETE FROM roll_count_days d USING touched t
      WHERE d.establishment = t.establishment AND d.day >= (t.first AT TIME ZONE 'UTC')::date`,
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
