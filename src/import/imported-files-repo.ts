/** The record of files imported, by their contents' SHA-256 (`imported_files`). */
import type { Queryable } from '../db/index.ts';

export interface ImportedFile {
  recordType: string;
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
  inserted: number;
  updated: number;
  actor: string;
}

export async function recordImportedFile(tx: Queryable, f: ImportedFile): Promise<void> {
  await tx.query(
    `INSERT INTO imported_files (record_type, file, sha256, bytes, rows, inserted, updated, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [f.recordType, f.file, f.sha256, f.bytes, f.rows, f.inserted, f.updated, f.actor],
  );
}

/** When a file of this record type with these contents was first imported, if ever. */
export async function importedBefore(
  db: Queryable,
  recordType: string,
  sha256: string,
): Promise<Date | undefined> {
  const { rows } = await db.query<{ at: Date }>(
    'SELECT min(imported_at) AS at FROM imported_files WHERE record_type = $1 AND sha256 = $2',
    [recordType, sha256],
  );
  return rows[0]?.at ?? undefined;
}
