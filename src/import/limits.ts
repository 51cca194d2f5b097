import { z } from 'zod';

/**
 * Bounds on what one file may hold, so that a malformed or hostile file (one endless line, a gzip
 * bomb) is refused within seconds and in bounded memory, and how often a large file is checkpointed.
 */
export interface ImportLimits {
  /** Bytes of one record (line), including line breaks inside quoted fields. */
  maxLineBytes: number;
  /** Bytes of one value. */
  maxFieldBytes: number;
  /** How many times its compressed size a `.csv.gz` file may expand to... */
  maxGzipRatio: number;
  /** ...once it has expanded past this many bytes (small files may compress better). */
  gzipRatioFromBytes: number;
  /** Rows staged between checkpoints of a large file (see importFile). */
  checkpointRows: number;
}

const MiB = 1 << 20;

/** Far above any real record: the longest rows of the format (intelligence text) are a few kilobytes. */
export const DEFAULT_LIMITS: ImportLimits = {
  maxLineBytes: MiB,
  maxFieldBytes: 64 << 10,
  maxGzipRatio: 200,
  gzipRatioFromBytes: 16 * MiB,
  checkpointRows: 500_000,
};

/** The environment variable that sets each limit, named in refusals so that it can be raised. */
export const LIMIT_VARIABLES: Record<keyof ImportLimits, string> = {
  maxLineBytes: 'PROBITY_IMPORT_MAX_LINE_BYTES',
  maxFieldBytes: 'PROBITY_IMPORT_MAX_FIELD_BYTES',
  maxGzipRatio: 'PROBITY_IMPORT_MAX_GZIP_RATIO',
  gzipRatioFromBytes: 'PROBITY_IMPORT_GZIP_RATIO_FROM_BYTES',
  checkpointRows: 'PROBITY_IMPORT_CHECKPOINT_ROWS',
};

export class ImportLimitsError extends Error {}

const positive = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * The limits, each from its environment variable when set (README, "Importing data"). Like the rest of
 * the configuration a bad value is refused with a message naming the variable.
 */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_VARIABLES) as (keyof ImportLimits)[]) {
    const name = LIMIT_VARIABLES[key];
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const parsed = positive.safeParse(raw);
    if (!parsed.success)
      throw new ImportLimitsError(`Invalid configuration: ${name}: expected a whole number of at least 1`);
    limits[key] = parsed.data;
  }
  return limits;
}

/** `1,048,576 bytes` */
export const bytes = (n: number): string => `${n.toLocaleString('en-GB')} bytes`;
