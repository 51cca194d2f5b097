import fs from 'node:fs';
import { sha256OfFile as sha256Of } from '../file-hash.ts';
import path from 'node:path';
import type { Database } from '../db/index.ts';
import { RECORD_TYPES, RECORD_TYPE_BY_FILE, type RecordType } from '../dataset/index.ts';
import { importFile, type Checkpoint, type FileResult, type ImportFileOptions } from './import-file.ts';
import { importedBefore } from './imported-files-repo.ts';
import { limitsFromEnv } from './limits.ts';
import { formatProblem, ImportProblem, type ProblemDetails } from './problems.ts';

export { formatProblem, ImportProblem, type Checkpoint, type FileResult, type ProblemDetails };
export { MONTHLY_PARTITIONS } from './merge-repo.ts';
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

const RECORD_FILE_NAMES = RECORD_TYPES.flatMap((t) => [t.file, `${t.file}.gz`]);
/** Longest first, so that `staff_identifiers_2024.csv` is taken for staff_identifiers, not staff. */
const BY_LENGTH = [...RECORD_FILE_NAMES].sort((a, b) => b.length - a.length);
const STEMS = RECORD_TYPES.map((t) => t.file.slice(0, -'.csv'.length)).sort((a, b) => b.length - a.length);

/**
 * The record file a name most likely meant, when it differs from one only by case or by a suffix
 * (`Presence.CSV`, `presence.csv.bak`, `presence.csv.old`, `presence_2024.csv`, `presence (1).csv.gz`):
 * such a file is refused rather than passed over, since it is most likely a mistake. Other names
 * (`README.md`, `staff-guide.pdf`) are not near misses.
 */
function nearMiss(name: string): { meant: string; by: string } | undefined {
  const lower = name.toLowerCase();
  const by = (samePart: boolean) => (samePart ? 'a suffix' : 'case and a suffix');
  const exact = RECORD_FILE_NAMES.find((f) => f === lower);
  if (exact) return { meant: exact, by: 'case' };
  // Something after a whole record file name: presence.csv.bak, presence.csv~, presence.csv.gz.part
  const prefix = BY_LENGTH.find((f) => lower.startsWith(f));
  if (prefix) return { meant: prefix, by: by(name.startsWith(prefix)) };
  // A CSV named after a record type and something more: presence_2024.csv, presence-old.csv.gz
  const ext = /\.csv(\.gz)?$/.exec(lower)?.[0];
  const stem = ext && STEMS.find((s) => new RegExp(`^${s}[ ._(-]`).test(lower));
  if (ext && stem) return { meant: stem + ext, by: by(name.startsWith(stem) && name.endsWith(ext)) };
  return undefined;
}

/** The first record file (or near miss) in a folder or below it, with its path from the dataset folder. */
function recordFileWithin(dir: string, shown: string, depth = 0): { path: string; name: string } | undefined {
  if (depth > 3) return undefined;
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const at = `${shown}/${entry.name}`;
    if (entry.isDirectory()) {
      const found = recordFileWithin(full, at, depth + 1);
      if (found) return found;
    } else if (RECORD_FILE_NAMES.includes(entry.name)) {
      return { path: at, name: entry.name };
    } else {
      const miss = nearMiss(entry.name);
      if (miss) return { path: at, name: miss.meant };
    }
  }
  return undefined;
}

/**
 * Works out what a dataset folder holds, refusing what the format forbids before anything is written:
 * a format version from the future, a CSV whose name is not a record type, a type given twice, and
 * what is most likely a mistake: a name that differs from a record type's only by case or a suffix,
 * a subfolder holding record files.
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
    if (fs.statSync(full).isDirectory()) {
      const inside = recordFileWithin(full, name);
      if (inside) {
        throw new ImportProblem({
          file: name,
          line: 0,
          got: `a folder holding record files (${inside.path})`,
          expected: `${inside.name} directly in the dataset folder`,
        });
      }
      notices.push(`${name}: a folder without record files, passed over`);
      continue;
    }
    if (!fs.statSync(full).isFile()) continue;
    const type = RECORD_TYPE_BY_FILE.get(name.replace(/\.gz$/, ''));
    if (!type) {
      const miss = nearMiss(name);
      if (miss) {
        throw new ImportProblem({
          file: name,
          line: 0,
          got: `a file name that differs from a record type only by ${miss.by}`,
          expected: miss.meant,
        });
      }
      if (/\.csv(\.gz)?$/i.test(name)) {
        throw new ImportProblem({
          file: name,
          line: 0,
          got: 'a file name that is not a record type',
          expected: `one of ${RECORD_TYPES.map((t) => t.file).join(', ')} (optionally .gz)`,
        });
      }
      notices.push(`${name}: not a record type of the dataset format, passed over`);
      continue;
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
  /** Files passed over because the same contents were imported before (`skipImported`). */
  passedOver: string[];
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
      /**
       * Pass over files whose contents (SHA-256) were imported before, with a notice: for files that
       * arrive by themselves (a watched folder), never for a person's deliberate import.
       */
      skipImported?: boolean;
    } = {},
): Promise<DatasetResult> {
  const limits = { ...limitsFromEnv(), ...opts.limits };
  const progressFile = opts.progressFile ?? (process.env.PROBITY_IMPORT_PROGRESS_FILE || undefined);
  const plan = planDataset(dir);
  const results: FileResult[] = [];
  const notices = [...plan.notices];
  const passedOver: string[] = [];
  for (const file of plan.files) {
    const sha256 = await sha256Of(file.path);
    const before = opts.skipImported ? await importedBefore(db, file.type.file, sha256) : undefined;
    if (before) {
      passedOver.push(file.name);
      notices.push(
        `${file.name}: the same contents were imported on ${before.toISOString().slice(0, 10)}: passed over`,
      );
      continue;
    }
    opts.onFileStart?.(file);
    const result = await importFile(db, file.type, file.path, file.name, {
      delivered: { sha256, bytes: file.size },
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
  return { files: results, notices, passedOver, ok: results.every((r) => r.problems.length === 0) };
}

/** Appends one JSON line saying where an import is (PROBITY_IMPORT_PROGRESS_FILE). */
function writeProgress(progressFile: string, file: DatasetFile, c: Checkpoint) {
  const line = { file: file.name, rows: c.rows, next: c.next, resumed: c.resumed ?? false, at: new Date() };
  fs.appendFileSync(progressFile, `${JSON.stringify(line)}\n`);
}
