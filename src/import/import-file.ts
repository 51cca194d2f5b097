import { recordImportedFile } from './imported-files-repo.ts';
import { appendAudit } from '../audit/index.ts';
import type { Database, Queryable } from '../db/index.ts';
import { tableColumns, type KeySet, type RecordType } from '../dataset/index.ts';
import { readCsv, type CsvBatch, type ReadPosition } from './csv-rows.ts';
import { fileIdentity } from './file-identity.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import { bounded, ImportProblem, type ProblemDetails } from './problems.ts';
import { closeRun, discardRun, openRun, saveCheckpoint, type ImportRun } from './runs-repo.ts';
import {
  forgetKeptDays,
  makesKeptDaysStale,
  loadKeySets,
  repeatedKeyLines,
  stageLines,
  stagedSelfReferences,
  toCopyLine,
} from './staging-repo.ts';
import { mergeStaged } from './merge-repo.ts';
import { mapHeader, validateRow } from './validate.ts';

export interface FileResult {
  file: string;
  /** The record type's file name (`calls.csv` for `Calls.csv.gz`). */
  recordType: string;
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
  /** The file's SHA-256 and size as delivered, recorded with its rows (imported_files) when given. */
  delivered?: { sha256: string; bytes: number };
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
  for (const check of type.refs) {
    if (!check.selfKey) continue;
    const rows = await stagedSelfReferences(db, type, run.staging, check.column, check.selfKey);
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
          inflight = chunk ? stageLines(tx, run.staging, columns, chunk) : undefined;
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
        if (opts.delivered)
          await recordImportedFile(tx, {
            recordType: type.file,
            file,
            ...opts.delivered,
            rows,
            inserted: written.inserted,
            updated: written.updated,
            actor: opts.actor ?? 'system',
          });
        await closeRun(tx, run);
        return { written };
      });
      if ('written' in segment)
        return { file, recordType: type.file, rows, ...segment.written, refused: 0, problems: [] };
      opts.onCheckpoint?.({ rows, next: segment.checkpoint });
    }
  } catch (err) {
    if (!(err instanceof Refused || err instanceof ImportProblem)) throw err;
    await discardRun(db, run);
    const all = [...problems, ...(err instanceof ImportProblem ? [err.details] : [])];
    return {
      file,
      recordType: type.file,
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

/**
 * Writes the staged rows (staging-repo.ts). Only when a key was repeated is the (sorting) analysis of
 * repeats run: identical repeats are one record, repeats with different values are refused.
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
  const r = await mergeStaged(tx, type, staging, columns);
  // A refusal rolls the whole transaction back, the rows just written with it.
  if (r.staged > r.total) {
    const rows = await repeatedKeyLines(tx, type, staging, columns, Math.min(limit, REPORT_LIMIT));
    const keyColumns = type.columns.filter((c) => type.key.includes(c.db)).map((c) => c.name);
    for (const k of rows) {
      note({
        file,
        line: k.line,
        column: keyColumns.join(', '),
        got: `the same key as line ${k.firstLine} with different values`,
        expected: `one row per key (${keyColumns.join(', ')})`,
      });
    }
    if (rows.length) throw new Refused();
  }
  if (makesKeptDaysStale(type.table) && r.inserted + r.updated > 0)
    await forgetKeptDays(tx, type.table, staging);
  return { inserted: r.inserted, updated: r.updated, unchanged: r.total - r.inserted - r.updated };
}
