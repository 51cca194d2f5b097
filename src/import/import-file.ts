import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { quoteIdent } from '../db/index.ts';
import { KEY_SETS, tableColumns, type KeySet, type RecordType, type Row } from '../dataset/index.ts';
import { readCsv, type CsvBatch, type ReadPosition } from './csv-rows.ts';
import { bytes, DEFAULT_LIMITS, LIMIT_VARIABLES, type ImportLimits } from './limits.ts';
import { bounded, ImportProblem, type ProblemDetails } from './problems.ts';
import { closeRun, discardRun, fileIdentity, openRun, saveCheckpoint, type ImportRun } from './runs.ts';

export interface FileResult {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  refused: number;
  problems: ProblemDetails[];
}

export interface Checkpoint {
  /** Rows read and staged (with the rows before a resumed run's start). */
  rows: number;
  /** Where reading resumes: the line and byte offset (in the decompressed text) of the next record. */
  next: ReadPosition;
  /** Set on the checkpoint a stopped import resumes from, reported when it does. */
  resumed?: boolean;
}

export interface ImportFileOptions {
  /** List every bad row (up to `maxProblems`) instead of stopping at the first. */
  report?: boolean;
  maxProblems?: number;
  /** Who is importing, for the audit trail (e.g. `cli:alice`). */
  actor?: string;
  /** Limits and checkpoint interval; unset ones are the defaults. */
  limits?: Partial<ImportLimits>;
  onProgress?: (progress: { rows: number; bytes: number }) => void;
  /** After a checkpoint is committed, and when the import resumes a stopped one (at its start). */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
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

/** Loads the keys that this record type's references resolve against (dimension tables: small). */
async function loadKeySets(db: Queryable, type: RecordType): Promise<Map<KeySet, Set<string>>> {
  const sets = new Map<KeySet, Set<string>>();
  const needed = new Set(type.refs.flatMap((check) => check.sets));
  for (const set of needed) {
    const { rows } = await db.query<{ k: string }>(KEY_SETS[set]);
    sets.set(set, new Set(rows.map((r) => r.k)));
  }
  return sets;
}

/** A reference to the file's own rows, settled once the whole file is read. */
interface Deferred {
  line: number;
  check: RecordType['refs'][number];
  key: string;
  set: KeySet;
  shown: string;
  /** Whether the row was refused for another reason already. */
  counted?: boolean;
}

/**
 * After a resumed run's checkpoint: the keys the staged rows give their own file's references, and those
 * references still unresolved (as reading the rows before the checkpoint had left them).
 */
async function resumeSelfReferences(
  db: Queryable,
  type: RecordType,
  run: ImportRun,
  keySets: Map<KeySet, Set<string>>,
): Promise<Deferred[]> {
  const deferred: Deferred[] = [];
  const dbName = (name: string) => quoteIdent(type.columns.find((c) => c.name === name)!.db);
  for (const check of type.refs) {
    if (!check.selfKey) continue;
    const { rows } = await db.query<{ line: number; value: string | null; self: string | null }>(
      `SELECT _line AS line, ${dbName(check.column)} AS value, ${dbName(check.selfKey)} AS self
       FROM ${quoteIdent(run.staging)} ORDER BY _line`,
    );
    for (const r of rows)
      for (const ref of check.references({ [check.column]: r.self })) keySets.get(ref.set)!.add(ref.key);
    for (const r of rows)
      for (const ref of check.references({ [check.column]: r.value }))
        if (!keySets.get(ref.set)!.has(ref.key)) deferred.push({ line: r.line, check, ...ref });
  }
  return deferred;
}

const sameFields = (a: string[], b: string[]) => a.length === b.length && a.every((f, i) => f === b[i]);

/**
 * Imports one file of one record type, all or nothing: rows are validated, normalised and their
 * references resolved while the file streams into a staging table; then one upsert writes them.
 * A large file is staged in checkpoints (every `checkpointRows` rows, each committed with the run's
 * progress), so that an import that was stopped resumes at the last one; the upsert, in the last
 * transaction, is the only one that touches the record type's table. Any problem refuses the file.
 */
export async function importFile(
  db: Database,
  type: RecordType,
  filePath: string,
  file: string,
  opts: ImportFileOptions = {},
): Promise<FileResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const limit = opts.report ? (opts.maxProblems ?? REPORT_LIMIT) : 1;
  const problems: ProblemDetails[] = [];
  let refusedLines = 0;
  let lastRefusedLine = -1;
  /** Notes a problem; `counted` when its line was refused already (problems come in line order otherwise). */
  const note = (p: ProblemDetails, counted = false) => {
    if (problems.length < limit) problems.push(bounded(p));
    if (!counted && p.line !== lastRefusedLine) refusedLines++;
    lastRefusedLine = p.line;
    if (!opts.report) throw new Refused();
  };

  const columns = tableColumns(type);
  const run = await openRun(db, type, file, await fileIdentity(filePath), columns);
  if (run.resumed) opts.onCheckpoint?.({ rows: run.rows, next: run.next, resumed: true });
  let rows = run.rows;
  let headerFields = run.header;
  let header = headerFields && mapHeader(type, file, headerFields);
  let batches: AsyncGenerator<CsvBatch> | undefined;

  try {
    const keySets = await loadKeySets(db, type);
    // References a file makes to its own rows may point forward: settled once the file is read.
    const deferred = run.resumed ? await resumeSelfReferences(db, type, run, keySets) : [];
    batches = readCsv(filePath, file, {
      limits,
      ...(headerFields ? { from: { ...run.next, header: headerFields } } : {}),
    });
    /** The previous record, and whether it was staged: a repeat of a staged row is the same record. */
    let previous: { fields: string[]; staged: boolean } | undefined;

    const stageRecord = (line: number, fields: string[]): string | undefined => {
      if (!header) {
        headerFields = fields;
        header = mapHeader(type, file, fields);
        header.problems.forEach((p) => note(p));
        if (header.problems.length) throw new Refused();
        return undefined;
      }
      rows++;
      if (previous?.staged && sameFields(previous.fields, fields)) return undefined;
      const row = validateRow(type, file, line, fields, header, limits, note);
      previous = { fields, staged: false };
      if (!row) return undefined;
      let resolved = true;
      const deferredFrom = deferred.length;
      for (const check of type.refs) {
        for (const ref of check.references(row)) {
          if (keySets.get(ref.set)!.has(ref.key)) continue;
          if (check.selfKey) {
            deferred.push({ line, check, ...ref });
          } else {
            resolved = false;
            note({
              file,
              line,
              column: check.column,
              got: ref.shown,
              literal: true,
              expected: check.expected,
            });
          }
        }
        if (check.selfKey)
          for (const r of check.references({ ...row, [check.column]: row[check.selfKey]! }))
            keySets.get(r.set)!.add(r.key);
      }
      if (!resolved) {
        for (let i = deferredFrom; i < deferred.length; i++) deferred[i]!.counted = true;
        return undefined;
      }
      // After a problem nothing more is staged: the file is refused, only its problems are listed.
      if (problems.length) return undefined;
      previous.staged = true;
      return toCopyLine(type, row, line);
    };

    for (;;) {
      const segment = await db.transaction<
        { checkpoint: ReadPosition } | { written: Awaited<ReturnType<typeof upsert>> }
      >(async (tx) => {
        // One COPY in flight while the next chunk is parsed: PostgreSQL works on the other core meanwhile.
        let inflight: Promise<void> | undefined;
        let chunk = '';
        const flush = async () => {
          await inflight;
          inflight = chunk ? tx.copyText(run.staging, [...columns, '_line'], chunk) : undefined;
          chunk = '';
        };
        try {
          let staged = 0;
          for (;;) {
            const { value: batch, done } = await batches!.next();
            if (done) break;
            for (const record of batch.records) {
              const line = stageRecord(record.line, record.fields);
              if (line === undefined) continue;
              staged++;
              chunk += line;
              if (chunk.length >= CHUNK_CHARS) await flush();
            }
            opts.onProgress?.({ rows, bytes: batch.bytesRead });
            if (staged >= limits.checkpointRows && problems.length === 0) {
              await flush();
              await inflight;
              await saveCheckpoint(tx, run, { header: headerFields!, rows, next: batch.next });
              return { checkpoint: batch.next };
            }
          }
          await flush();
          await inflight;
        } finally {
          // Never leave a COPY running (or its failure unobserved) when reading stops early.
          await inflight?.catch(() => undefined);
        }
        if (!header)
          note({
            file,
            line: 1,
            got: 'an empty file',
            expected: `a header line naming the columns of ${file}`,
          });
        for (const d of deferred) {
          if (!keySets.get(d.set)!.has(d.key))
            note(
              {
                file,
                line: d.line,
                column: d.check.column,
                got: d.shown,
                literal: true,
                expected: d.check.expected,
              },
              d.counted,
            );
        }
        if (problems.length) throw new Refused();
        const written = await upsert(tx, type, file, run.staging, columns, limit, note);
        // The import and its record in the audit trail commit together, and the run ends with them.
        await appendAudit(tx, {
          actor: opts.actor ?? 'system',
          action: 'import',
          subjectType: 'dataset_file',
          subjectId: file,
          details: { rows, ...written },
        });
        await closeRun(tx, run);
        return { written };
      });
      if ('written' in segment) return { file, rows, ...segment.written, refused: 0, problems: [] };
      opts.onCheckpoint?.({ rows, next: segment.checkpoint });
    }
  } catch (err) {
    if (!(err instanceof Refused || err instanceof ImportProblem)) throw err;
    await discardRun(db, run);
    const all = [...problems, ...(err instanceof ImportProblem ? [err.details] : [])];
    return {
      file,
      rows,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      refused: Math.max(refusedLines, 1),
      problems: all.sort((a, b) => a.line - b.line),
    };
  } finally {
    await batches?.return(undefined);
  }
}

/** Parses and checks one record; undefined when any value is bad (each problem noted). */
function validateRow(
  type: RecordType,
  file: string,
  line: number,
  fields: string[],
  header: HeaderMap,
  limits: Pick<ImportLimits, 'maxFieldBytes'>,
  note: (p: ProblemDetails) => void,
): Row | undefined {
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
  for (let i = 0; i < type.columns.length; i++) {
    const col = type.columns[i]!;
    const pos = header.positions[i];
    const raw = pos === undefined ? '' : fields[pos]!;
    if (raw === '') {
      if (col.optional) {
        row[col.name] = col.default ?? null;
      } else {
        ok = false;
        note({ file, line, column: col.name, got: raw, literal: true, expected: col.type.expected });
      }
      continue;
    }
    // A string has at most 3 bytes of UTF-8 per UTF-16 unit: only a long one needs counting.
    if (raw.length * 3 > limits.maxFieldBytes && Buffer.byteLength(raw) > limits.maxFieldBytes) {
      ok = false;
      note({
        file,
        line,
        column: col.name,
        got: raw,
        literal: true,
        gotLength: bytes(Buffer.byteLength(raw)),
        expected: `a value of at most ${bytes(limits.maxFieldBytes)} (${LIMIT_VARIABLES.maxFieldBytes})`,
      });
      continue;
    }
    // PostgreSQL text cannot hold NUL, whatever the column's type says.
    const value = raw.includes('\u0000') ? undefined : col.type.parse(raw);
    if (value === undefined) {
      ok = false;
      note({ file, line, column: col.name, got: raw, literal: true, expected: col.type.expected });
    } else {
      row[col.name] = value;
    }
  }
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
  return row;
}

function toCopyLine(type: RecordType, row: Row, line: number): string {
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

/**
 * One set-based statement: new keys inserted, changed rows updated, identical rows left alone, a key
 * repeated within the file taken once (its first row). Only when a key was repeated is the (sorting)
 * analysis of repeats run: identical repeats are one record, repeats with different values are refused.
 */
async function upsert(
  tx: Queryable,
  type: RecordType,
  file: string,
  staging: string,
  columns: string[],
  limit: number,
  note: (p: ProblemDetails) => void,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
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
  // In key order: the primary key's B-tree is then filled page by page (about a third faster here).
  const { rows } = await tx.query<{ staged: number; total: number; inserted: number; updated: number }>(
    `WITH src AS (SELECT DISTINCT ON (${key}) ${cols} FROM ${staging} ORDER BY ${key}, _line),
     written AS (
       INSERT INTO ${type.table} AS t (${cols}) SELECT ${cols} FROM src
       ON CONFLICT (${key}) ${onConflict}
       RETURNING (xmax = 0) AS inserted
     )
     SELECT (SELECT count(*) FROM ${staging})::int AS staged,
            (SELECT count(*) FROM src)::int AS total,
            count(*) FILTER (WHERE inserted)::int AS inserted,
            count(*) FILTER (WHERE NOT inserted)::int AS updated
     FROM written`,
  );
  const r = rows[0]!;
  // A refusal rolls the whole transaction back, the rows just written with it.
  if (r.staged > r.total) await reportRepeatedKeys(tx, type, file, staging, columns, limit, note);
  return { inserted: r.inserted, updated: r.updated, unchanged: r.total - r.inserted - r.updated };
}

async function reportRepeatedKeys(
  tx: Queryable,
  type: RecordType,
  file: string,
  staging: string,
  columns: string[],
  limit: number,
  note: (p: ProblemDetails) => void,
): Promise<void> {
  const key = type.key.map(quoteIdent).join(', ');
  const rest = columns.filter((c) => !type.key.includes(c));
  const restRow = rest.length ? `ROW(${rest.map(quoteIdent).join(', ')})::text` : `''`;
  const { rows } = await tx.query<{ line: number; first_line: number }>(
    `SELECT _line AS line, first_line FROM (
       SELECT _line, first_value(_line) OVER w AS first_line, ${restRow} AS rest, first_value(${restRow}) OVER w AS first_rest
       FROM ${staging} WINDOW w AS (PARTITION BY ${key} ORDER BY _line)
     ) x WHERE rest IS DISTINCT FROM first_rest ORDER BY _line LIMIT ${Math.min(limit, REPORT_LIMIT)}`,
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
  if (rows.length) throw new Refused();
}
