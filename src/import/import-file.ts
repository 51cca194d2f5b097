import type { Database, Queryable } from '../db/index.ts';
import { quoteIdent } from '../db/index.ts';
import { tableColumns, type RecordType, type Row } from '../dataset/record-types.ts';
import { readCsv } from './csv-rows.ts';
import { ImportProblem, type ProblemDetails } from './problems.ts';

export interface FileResult {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  refused: number;
  problems: ProblemDetails[];
}

export interface ImportFileOptions {
  /** List every bad row (up to `maxProblems`) instead of stopping at the first. */
  report?: boolean;
  maxProblems?: number;
  onProgress?: (progress: { rows: number; bytes: number }) => void;
}

/** Rows are sent to the database in chunks of about this many characters: memory stays bounded. */
const CHUNK_CHARS = 4 << 20;
const REPORT_LIMIT = 10_000;

class Refused extends Error {}

function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (ch) =>
        ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
      )
    : value;
}

/** Reads the header line and works out which field of each record goes to which column. */
interface HeaderMap {
  /** For each column of the record type, the index of its field in a record, if the header names it. */
  positions: (number | undefined)[];
  width: number;
  problems: ProblemDetails[];
}

function mapHeader(type: RecordType, file: string, header: string[]): HeaderMap {
  const known = type.columns.map((c) => c.name);
  const problems: ProblemDetails[] = [];
  const seen = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!known.includes(name)) {
      problems.push({
        file,
        line: 1,
        column: name,
        got: raw,
        literal: true,
        expected: `one of the columns of ${file}: ${known.join(', ')}`,
      });
    } else if (seen.has(name)) {
      problems.push({
        file,
        line: 1,
        column: name,
        got: raw,
        literal: true,
        expected: 'each column named once in the header',
      });
    } else {
      seen.set(name, i);
    }
  });
  for (const col of type.columns) {
    if (!col.optional && !seen.has(col.name)) {
      problems.push({
        file,
        line: 1,
        column: col.name,
        got: 'a header without it',
        expected: `a header naming every required column of ${file}`,
      });
    }
  }
  return { positions: type.columns.map((c) => seen.get(c.name)), width: header.length, problems };
}

/**
 * Imports one file of one record type, all or nothing: it is validated row by row while it streams
 * into a staging table, checked as a set (duplicate keys, references), then upserted in one statement.
 * Any problem rolls the whole file back.
 */
export async function importFile(
  db: Database,
  type: RecordType,
  filePath: string,
  file: string,
  opts: ImportFileOptions = {},
): Promise<FileResult> {
  const limit = opts.report ? (opts.maxProblems ?? REPORT_LIMIT) : 1;
  const problems: ProblemDetails[] = [];
  const badLines = new Set<number>();
  const note = (p: ProblemDetails) => {
    if (problems.length < limit) problems.push(p);
    badLines.add(p.line);
    if (!opts.report) throw new Refused();
  };

  const columns = tableColumns(type);
  const staging = `_import_${type.table}`;
  let rows = 0;
  let bytes = 0;

  try {
    const counts = await db.transaction(async (tx) => {
      await tx.exec(
        `CREATE TEMP TABLE ${staging} ON COMMIT DROP AS SELECT ${columns.map(quoteIdent).join(', ')} FROM ${type.table} WITH NO DATA;
         ALTER TABLE ${staging} ADD COLUMN _line integer NOT NULL`,
      );
      let chunk = '';
      const flush = async () => {
        if (chunk) await tx.copyText(staging, [...columns, '_line'], chunk);
        chunk = '';
      };

      let header: HeaderMap | undefined;
      for await (const record of readCsv(filePath, file, (n) => (bytes += n))) {
        if (!header) {
          header = mapHeader(type, file, record.fields);
          header.problems.forEach(note);
          if (header.problems.length) throw new Refused();
          continue;
        }
        rows++;
        const line = validateRow(type, file, record.line, record.fields, header, note);
        // While reporting, valid rows are still staged so that the set checks below report theirs too.
        if (line !== undefined && (badLines.size === 0 || opts.report)) {
          chunk += line;
          if (chunk.length >= CHUNK_CHARS) await flush();
        }
        if (opts.onProgress && rows % 5000 === 0) opts.onProgress({ rows, bytes });
      }
      if (!header) {
        note({
          file,
          line: 1,
          got: 'an empty file',
          expected: `a header line naming the columns of ${file}`,
        });
        throw new Refused();
      }
      await flush();
      opts.onProgress?.({ rows, bytes });

      const hasDuplicates = await checkDuplicateKeys(tx, type, file, staging, limit, note);
      await checkReferences(tx, type, file, staging, limit, note);
      if (problems.length) throw new Refused();
      return upsert(tx, type, staging, columns, hasDuplicates);
    });
    return { file, rows, ...counts, refused: 0, problems: [] };
  } catch (err) {
    if (err instanceof Refused) {
      problems.sort((a, b) => a.line - b.line);
      return {
        file,
        rows,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        refused: Math.max(badLines.size, 1),
        problems,
      };
    }
    if (err instanceof ImportProblem) {
      return {
        file,
        rows,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        refused: Math.max(badLines.size, 1),
        problems: [...problems, err.details],
      };
    }
    throw err;
  }
}

/** Parses one record into a COPY line (or undefined when any value is bad, each problem noted). */
function validateRow(
  type: RecordType,
  file: string,
  line: number,
  fields: string[],
  header: HeaderMap,
  note: (p: ProblemDetails) => void,
): string | undefined {
  if (fields.length !== header.width) {
    note({
      file,
      line,
      got: `${fields.length} fields`,
      expected: `${header.width} fields, as in the header`,
    });
    return undefined;
  }
  const row: Row = {};
  let ok = true;
  type.columns.forEach((col, i) => {
    const pos = header.positions[i];
    const raw = pos === undefined ? '' : (fields[pos] ?? '');
    if (raw === '') {
      if (col.optional) {
        row[col.name] = col.default ?? null;
      } else {
        ok = false;
        note({ file, line, column: col.name, got: raw, literal: true, expected: col.type.expected });
      }
      return;
    }
    // PostgreSQL text cannot hold NUL, whatever the column's type says.
    const value = raw.includes('\u0000') ? undefined : col.type.parse(raw);
    if (value === undefined) {
      ok = false;
      note({ file, line, column: col.name, got: raw, literal: true, expected: col.type.expected });
    } else {
      row[col.name] = value;
    }
  });
  if (!ok) return undefined;
  const problem = type.check?.(row);
  if (problem) {
    note({
      file,
      line,
      column: problem.column,
      got: row[problem.column] ?? '',
      literal: true,
      expected: problem.expected,
    });
    return undefined;
  }
  let out = '';
  for (const col of type.columns) {
    const value = row[col.name];
    out += (value == null ? '\\N' : copyEscape(value)) + '\t';
  }
  for (const derive of Object.values(type.derived)) {
    const value = derive(row);
    out += (value == null ? '\\N' : copyEscape(value)) + '\t';
  }
  return `${out}${line}\n`;
}

const SAMPLE_SQL_LIMIT = (limit: number) => Math.min(limit, REPORT_LIMIT);

/**
 * A key may repeat only with identical values (then it is one record). Returns whether any key repeats,
 * so the upsert can skip de-duplicating when none does.
 */
async function checkDuplicateKeys(
  tx: Queryable,
  type: RecordType,
  file: string,
  staging: string,
  limit: number,
  note: (p: ProblemDetails) => void,
): Promise<boolean> {
  const key = type.key.map(quoteIdent).join(', ');
  // A hash aggregate answers the common case (no repeats) without sorting the file.
  const { rows: any } = await tx.query(
    `SELECT 1 FROM ${staging} GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`,
  );
  if (any.length === 0) return false;
  const rest = tableColumns(type).filter((c) => !type.key.includes(c));
  const restRow = rest.length ? `ROW(${rest.map(quoteIdent).join(', ')})::text` : `''`;
  const { rows } = await tx.query<{ line: number; first_line: number }>(
    `SELECT _line AS line, first_line FROM (
       SELECT _line, first_value(_line) OVER w AS first_line, ${restRow} AS rest, first_value(${restRow}) OVER w AS first_rest
       FROM ${staging} WINDOW w AS (PARTITION BY ${key} ORDER BY _line)
     ) x WHERE rest IS DISTINCT FROM first_rest ORDER BY _line LIMIT ${SAMPLE_SQL_LIMIT(limit)}`,
  );
  const keyColumns = type.columns.filter((c) => type.key.includes(c.db)).map((c) => c.name);
  for (const r of rows) {
    note({
      file,
      line: r.line,
      column: keyColumns.join(', '),
      got: `the same key as line ${r.first_line} with different values`,
      expected: `one row per key (${keyColumns.join(', ')})`,
    });
  }
  return true;
}

async function checkReferences(
  tx: Queryable,
  type: RecordType,
  file: string,
  staging: string,
  limit: number,
  note: (p: ProblemDetails) => void,
): Promise<void> {
  for (const ref of type.refs) {
    const sql = ref.sql.replaceAll('{s}', staging);
    const { rows } = await tx.query<{ _line: number; value: string }>(
      `${sql} ORDER BY 1 LIMIT ${SAMPLE_SQL_LIMIT(limit)}`,
    );
    for (const r of rows)
      note({ file, line: r._line, column: ref.column, got: r.value, literal: true, expected: ref.expected });
  }
}

/** One set-based statement: new keys inserted, changed rows updated, identical rows left alone. */
async function upsert(
  tx: Queryable,
  type: RecordType,
  staging: string,
  columns: string[],
  deduplicate: boolean,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const cols = columns.map(quoteIdent).join(', ');
  const key = type.key.map(quoteIdent).join(', ');
  const rest = columns.filter((c) => !type.key.includes(c)).map(quoteIdent);
  const source = deduplicate
    ? `SELECT DISTINCT ON (${key}) ${cols} FROM ${staging} ORDER BY ${key}, _line`
    : `SELECT ${cols} FROM ${staging}`;
  const changed =
    rest.length === 1
      ? `t.${rest[0]} IS DISTINCT FROM EXCLUDED.${rest[0]}`
      : `(${rest.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${c}`).join(', ')})`;
  const onConflict = rest.length
    ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${changed}`
    : 'DO NOTHING';
  const { rows } = await tx.query<{ total: number; inserted: number; updated: number }>(
    `WITH src AS (${source}),
     written AS (
       INSERT INTO ${type.table} AS t (${cols}) SELECT ${cols} FROM src
       ON CONFLICT (${key}) ${onConflict}
       RETURNING (xmax = 0) AS inserted
     )
     SELECT (SELECT count(*) FROM src)::int AS total,
            count(*) FILTER (WHERE inserted)::int AS inserted,
            count(*) FILTER (WHERE NOT inserted)::int AS updated
     FROM written`,
  );
  const r = rows[0]!;
  return { inserted: r.inserted, updated: r.updated, unchanged: r.total - r.inserted - r.updated };
}
