/**
 * `probity backup FILE`: the embedded database and the evidence folder in one `.tar.gz`, with a
 * manifest of every file's SHA-256. Written beside FILE and renamed into place when whole, so a backup
 * cut short never looks like one. The audit signing key is left out on purpose: it is kept apart from
 * the database's backups (README, "Backup and recovery").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { migrationStatus, type Database } from '../db/index.ts';
import {
  BACKUP_FORMAT,
  BackupError,
  DATABASE_FILE,
  EVIDENCE_FOLDER,
  filesUnder,
  MANIFEST,
  sha256Of,
  type Manifest,
} from './manifest.ts';

export interface BackupSummary {
  file: string;
  bytes: number;
  evidenceFiles: number;
}

export async function writeBackup(
  db: Database,
  opts: { file: string; evidenceDir: string; version: string },
): Promise<BackupSummary> {
  if (!db.snapshot)
    throw new BackupError(
      'probity backup copies the embedded database; on PostgreSQL use pg_dump (README: "Backup and recovery")',
    );
  const file = path.resolve(opts.file);
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: name a new file`);
  if (!fs.existsSync(path.dirname(file))) throw new BackupError(`${path.dirname(file)}: no such folder`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-backup-'));
  const partial = `${file}.partial`;
  try {
    const snapshot = await db.snapshot();
    fs.writeFileSync(path.join(work, DATABASE_FILE), Buffer.from(await snapshot.arrayBuffer()));
    const evidence = filesUnder(opts.evidenceDir);
    // The evidence folder is archived through a link to it, followed, so the archive holds its files.
    if (evidence.length) fs.symlinkSync(opts.evidenceDir, path.join(work, EVIDENCE_FOLDER));
    const sha256: Record<string, string> = {
      [DATABASE_FILE]: await sha256Of(path.join(work, DATABASE_FILE)),
    };
    for (const f of evidence)
      sha256[`${EVIDENCE_FOLDER}/${f}`] = await sha256Of(path.join(opts.evidenceDir, f));
    const schema = await migrationStatus(db);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      probity: opts.version,
      createdAt: new Date().toISOString(),
      migration: schema.current,
      sha256,
    };
    fs.writeFileSync(path.join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await tar.c({ gzip: true, file: partial, cwd: work, follow: true, portable: true }, [
      MANIFEST,
      DATABASE_FILE,
      ...(evidence.length ? [EVIDENCE_FOLDER] : []),
    ]);
    fs.renameSync(partial, file);
    return { file, bytes: fs.statSync(file).size, evidenceFiles: evidence.length };
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}
