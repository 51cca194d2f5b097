import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/index.ts';
import { RECORD_TYPES, RECORD_TYPE_BY_FILE, type RecordType } from '../dataset/record-types.ts';
import { importFile, type Checkpoint, type FileResult, type ImportFileOptions } from './import-file.ts';
import { limitsFromEnv } from './limits.ts';
import { formatProblem, ImportProblem, type ProblemDetails } from './problems.ts';

export { formatProblem, ImportProblem, type Checkpoint, type FileResult, type ProblemDetails };
export { DEFAULT_LIMITS, ImportLimitsError, limitsFromEnv, type ImportLimits } from './limits.ts';

/** The highest dataset format version this importer reads. */
export const FORMAT_VERSION = 1;

export interface DatasetFile {
  type: RecordType;
  /** The file's name as found (`presence.csv` or `presence.csv.gz`). */
  name: string;
  path: string;
  size: number;
}

export interface DatasetPlan {
  files: DatasetFile[];
  /** Files that are not record types and are passed over (README, ground_truth.json, ...). */
  notices: string[];
}

/**
 * Works out what a dataset folder holds, refusing what the format forbids before anything is written:
 * a format version from the future, a CSV whose name is not a record type, a type given twice.
 */
export function planDataset(dir: string): DatasetPlan {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ImportProblem({ file: dir, line: 0, got: 'no such folder', expected: 'a dataset folder' });
  }
  const manifest = path.join(dir, 'dataset.json');
  if (fs.existsSync(manifest)) {
    let format: unknown;
    try {
      format = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { format?: unknown }).format;
    } catch (err) {
      throw new ImportProblem({
        file: 'dataset.json',
        line: 0,
        got: `invalid JSON (${(err as Error).message})`,
        expected: '{"format": 1}',
      });
    }
    if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) {
      throw new ImportProblem({
        file: 'dataset.json',
        line: 0,
        column: 'format',
        got: JSON.stringify(format) ?? 'nothing',
        expected: 'a format version number such as 1',
      });
    }
    if (format > FORMAT_VERSION) {
      throw new ImportProblem({
        file: 'dataset.json',
        line: 0,
        column: 'format',
        got: String(format),
        expected: `format version ${FORMAT_VERSION} or lower: this dataset was written for a newer probity, so upgrade probity to import it`,
      });
    }
  }
  const byType = new Map<RecordType, DatasetFile>();
  const notices: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (!fs.statSync(full).isFile()) continue;
    const isCsv = name.endsWith('.csv') || name.endsWith('.csv.gz');
    if (!isCsv) {
      notices.push(`${name}: not a record type of the dataset format, passed over`);
      continue;
    }
    const type = RECORD_TYPE_BY_FILE.get(name.replace(/\.gz$/, ''));
    if (!type) {
      throw new ImportProblem({
        file: name,
        line: 0,
        got: 'a file name that is not a record type',
        expected: `one of ${RECORD_TYPES.map((t) => t.file).join(', ')} (optionally .gz)`,
      });
    }
    const existing = byType.get(type);
    if (existing) {
      throw new ImportProblem({
        file: name,
        line: 0,
        got: `a second file for ${type.file} beside ${existing.name}`,
        expected: 'one file per record type',
      });
    }
    byType.set(type, { type, name, path: full, size: fs.statSync(full).size });
  }
  const files = RECORD_TYPES.flatMap((t) => {
    const f = byType.get(t);
    return f ? [f] : [];
  });
  return { files, notices };
}

export interface ImportHooks {
  onFileStart?: (file: DatasetFile) => void;
  onProgress?: (file: DatasetFile, progress: { rows: number; bytes: number }) => void;
  /** After each checkpoint of a large file, and when a stopped import of a file resumes. */
  onCheckpoint?: (file: DatasetFile, checkpoint: Checkpoint) => void;
  onFileEnd?: (file: DatasetFile, result: FileResult) => void;
}

export interface DatasetResult {
  files: FileResult[];
  notices: string[];
  /** True when every file was imported. */
  ok: boolean;
}

/**
 * Imports a dataset folder, file by file in dependency order, each file all or nothing. The first
 * refused file stops the import (later files would mostly fail on references to it), except with
 * `report`, which goes on so that every bad row of every file is listed.
 */
export async function importDataset(
  db: Database,
  dir: string,
  opts: Pick<ImportFileOptions, 'report' | 'maxProblems' | 'actor' | 'limits'> &
    ImportHooks & {
      /** A file to which a line is appended at each checkpoint (default: PROBITY_IMPORT_PROGRESS_FILE). */
      progressFile?: string;
    } = {},
): Promise<DatasetResult> {
  const limits = { ...limitsFromEnv(), ...opts.limits };
  const progressFile = opts.progressFile ?? (process.env.PROBITY_IMPORT_PROGRESS_FILE || undefined);
  const plan = planDataset(dir);
  const results: FileResult[] = [];
  for (const file of plan.files) {
    opts.onFileStart?.(file);
    const result = await importFile(db, file.type, file.path, file.name, {
      report: opts.report,
      maxProblems: opts.maxProblems,
      actor: opts.actor,
      limits,
      onProgress: (p) => opts.onProgress?.(file, p),
      onCheckpoint: (c) => {
        if (progressFile) writeProgress(progressFile, file, c);
        opts.onCheckpoint?.(file, c);
      },
    });
    opts.onFileEnd?.(file, result);
    results.push(result);
    if (result.problems.length && !opts.report) break;
  }
  return { files: results, notices: plan.notices, ok: results.every((r) => r.problems.length === 0) };
}

/** Appends one JSON line saying where an import is (PROBITY_IMPORT_PROGRESS_FILE). */
function writeProgress(progressFile: string, file: DatasetFile, c: Checkpoint) {
  const line = { file: file.name, rows: c.rows, next: c.next, resumed: c.resumed ?? false, at: new Date() };
  fs.appendFileSync(progressFile, `${JSON.stringify(line)}\n`);
}
