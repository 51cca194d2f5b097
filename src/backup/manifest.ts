/** What a backup archive holds, written into it as `probity-backup.json` and checked on restore. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export const MANIFEST = 'probity-backup.json';
export const DATABASE_FILE = 'pglite.tar.gz';
export const EVIDENCE_FOLDER = 'evidence';
export const BACKUP_FORMAT = 1;

export interface Manifest {
  format: number;
  /** The probity version that wrote it, and when. */
  probity: string;
  createdAt: string;
  /** How many migrations the database backed up had applied (a newer probity's backup is refused). */
  migration: number;
  /** SHA-256 of every file in the archive but the manifest, by its path in the archive. */
  sha256: Record<string, string>;
}

export class BackupError extends Error {}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every plain file under `dir`, as paths relative to it with `/` separators, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
