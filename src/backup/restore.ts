/**
 * `probity restore FILE`: puts a backup's embedded database and evidence folder back. Only while no
 * probity process holds the data folder. Every file is checked against the manifest before anything
 * is changed; a database or evidence folder already there is kept, moved aside, and only with --force.
 * The restored database is brought up to this probity's migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { lockHolder, migrate, migrationStatus, openPglite } from '../db/index.ts';
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

export interface RestoreSummary {
  createdAt: string;
  evidenceFiles: number;
  /** Where what was there before was moved. */
  movedAside: string[];
  migrationsApplied: number;
}

/** Renames, or copies and removes when `to` is on another file system (an evidence folder elsewhere). */
function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

const isEmpty = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

/** Reads and checks the unpacked archive in `dir`, naming the first thing that is wrong. */
async function checked(dir: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    throw new BackupError(`not a probity backup: ${MANIFEST} is missing or not JSON`);
  }
  if (manifest.format !== BACKUP_FORMAT || typeof manifest.sha256 !== 'object')
    throw new BackupError(`not a backup this probity reads (format ${String(manifest.format)})`);
  if (!manifest.sha256[DATABASE_FILE])
    throw new BackupError(`the backup holds no database (${DATABASE_FILE})`);
  const present = new Set([
    DATABASE_FILE,
    ...filesUnder(path.join(dir, EVIDENCE_FOLDER)).map((f) => `${EVIDENCE_FOLDER}/${f}`),
  ]);
  for (const [name, sum] of Object.entries(manifest.sha256)) {
    if (!present.has(name))
      throw new BackupError(`${name}: listed in the manifest but missing from the backup`);
    if ((await sha256Of(path.join(dir, name))) !== sum)
      throw new BackupError(
        `${name}: its contents differ from the manifest's SHA-256 (the backup is damaged)`,
      );
    present.delete(name);
  }
  const extra = [...present][0];
  if (extra) throw new BackupError(`${extra}: in the backup but not in its manifest`);
  return manifest;
}

export async function restoreBackup(opts: {
  file: string;
  dataDir: string;
  evidenceDir: string;
  lockFile: string;
  force: boolean;
}): Promise<RestoreSummary> {
  const holder = lockHolder(opts.lockFile);
  if (holder)
    throw new BackupError(
      `the embedded database is in use by pid ${holder.pid} (${holder.command}): stop it first`,
    );
  if (!fs.existsSync(opts.file)) throw new BackupError(`${opts.file}: no such file`);
  const target = path.join(opts.dataDir, 'pglite');
  const occupied = [target, opts.evidenceDir].filter((d) => !isEmpty(d));
  if (occupied.length && !opts.force)
    throw new BackupError(
      `${occupied.join(' and ')} already hold${occupied.length === 1 ? 's' : ''} data: restore with --force to move it aside and replace it`,
    );
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(opts.dataDir, '.restore-'));
  try {
    try {
      // Only plain files and folders, inside the folder unpacked to (tar refuses `..` and absolute paths).
      await tar.x({
        file: opts.file,
        cwd: work,
        strict: true,
        filter: (_p, e) => 'type' in e && (e.type === 'File' || e.type === 'Directory'),
      });
    } catch (err) {
      throw new BackupError(`not a .tar.gz archive that can be read (${(err as Error).message})`);
    }
    const manifest = await checked(work);
    // The database is unpacked beside its place and checked by opening it before anything is replaced.
    const restoring = path.join(work, 'pglite');
    const db = await openPglite(
      restoring,
      'probity restore',
      new Blob([fs.readFileSync(path.join(work, DATABASE_FILE))]),
    );
    let applied: string[];
    try {
      const { latest } = await migrationStatus(db);
      if (manifest.migration > latest)
        throw new BackupError(
          `the backup was made by a newer probity (${manifest.probity}): upgrade probity first`,
        );
      ({ applied } = await migrate(db));
    } finally {
      await db.close();
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const movedAside = occupied.map((dir) => {
      const aside = `${dir}.before-restore-${stamp}`;
      move(dir, aside);
      return aside;
    });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(restoring, target);
    fs.rmSync(opts.evidenceDir, { recursive: true, force: true });
    const evidence = path.join(work, EVIDENCE_FOLDER);
    if (fs.existsSync(evidence)) {
      fs.mkdirSync(path.dirname(opts.evidenceDir), { recursive: true });
      move(evidence, opts.evidenceDir);
    }
    return {
      createdAt: manifest.createdAt,
      evidenceFiles: filesUnder(opts.evidenceDir).length,
      movedAside,
      migrationsApplied: applied.length,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
