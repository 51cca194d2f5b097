/**
 * The staging table of an import run: COPY text in, the keys references resolve against, the kept days a
 * merge makes stale, and the keys a file repeats. The merge itself is merge-repo.ts.
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
