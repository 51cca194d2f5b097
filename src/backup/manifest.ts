/** What a backup archive holds, written into it as `probity-backup.json` and checked on restore. */
import fs from 'node:fs';
import path from 'node:path';
export { sha256OfFile as sha256Of } from '../file-hash.ts';

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

/** Every plain file under `dir`, as paths relative to it with `/` separators, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
