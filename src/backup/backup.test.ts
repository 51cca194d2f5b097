import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../db/index.ts';
import { backends } from '../../test/databases.ts';
import { cliOn, probity } from '../../test/cli.ts';
import { BackupError, restoreBackup, writeBackup } from './index.ts';

const temp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `probity-${name}-`));
const [pglite] = backends;

/** A data folder to restore into, with its lock file where the CLI looks for it. */
const place = () => {
  const dataDir = temp('restore');
  return {
    dataDir,
    evidenceDir: path.join(dataDir, 'evidence'),
    lockFile: path.join(dataDir, 'pglite.lock'),
  };
};

async function marker(dataDir: string): Promise<string | undefined> {
  const db = await openPglite(path.join(dataDir, 'pglite'), 'test');
  try {
    const { rows } = await db.query<{ value: string }>(
      `SELECT value FROM settings WHERE key = 'backup_marker'`,
    );
    return rows[0]?.value;
  } finally {
    await db.close();
  }
}

describe('backup and restore of the embedded database', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let evidenceDir: string;
  let backup: string;
  beforeAll(async () => {
    ({ db, dispose } = await pglite!.create());
    await db.query(`INSERT INTO settings (key, value) VALUES ('backup_marker', 'before the backup')`);
    evidenceDir = temp('evidence');
    fs.mkdirSync(path.join(evidenceDir, 'ca', 'se'), { recursive: true });
    fs.writeFileSync(path.join(evidenceDir, 'ca', 'se', 'statement.pdf'), 'a statement');
    fs.writeFileSync(path.join(evidenceDir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00]));
    backup = path.join(temp('backups'), 'probity.tar.gz');
    const done = await writeBackup(db, { file: backup, evidenceDir, version: 'test' });
    expect(done.evidenceFiles).toBe(2);
    // Changed after the backup: the restore must not have it.
    await db.query(`UPDATE settings SET value = 'after the backup' WHERE key = 'backup_marker'`);
  });
  afterAll(() => dispose());

  it('puts back the database as it was and every evidence file byte for byte', async () => {
    const to = place();
    const done = await restoreBackup({ file: backup, ...to, force: false });
    expect(done).toMatchObject({ evidenceFiles: 2, movedAside: [], migrationsApplied: 0 });
    expect(await marker(to.dataDir)).toBe('before the backup');
    expect(fs.readFileSync(path.join(to.evidenceDir, 'ca', 'se', 'statement.pdf'), 'utf8')).toBe(
      'a statement',
    );
    expect([...fs.readFileSync(path.join(to.evidenceDir, 'photo.jpg'))]).toEqual([0xff, 0xd8, 0xff, 0x00]);
  });

  it('replaces a database already there only with force, keeping it aside', async () => {
    const to = place();
    await restoreBackup({ file: backup, ...to, force: false });
    await expect(restoreBackup({ file: backup, ...to, force: false })).rejects.toThrow(
      /already hold data: restore with --force/,
    );
    const done = await restoreBackup({ file: backup, ...to, force: true });
    expect(done.movedAside).toHaveLength(2);
    for (const aside of done.movedAside) expect(fs.readdirSync(aside).length).toBeGreaterThan(0);
    expect(await marker(to.dataDir)).toBe('before the backup');
  });

  it('refuses a damaged backup, naming the file, and changes nothing', async () => {
    const unpacked = temp('unpacked');
    await tar.x({ file: backup, cwd: unpacked });
    fs.writeFileSync(path.join(unpacked, 'evidence', 'photo.jpg'), 'not the photo');
    const damaged = path.join(temp('damaged'), 'damaged.tar.gz');
    await tar.c({ gzip: true, file: damaged, cwd: unpacked }, fs.readdirSync(unpacked));
    const to = place();
    await expect(restoreBackup({ file: damaged, ...to, force: true })).rejects.toThrow(
      "evidence/photo.jpg: its contents differ from the manifest's SHA-256 (the backup is damaged)",
    );
    expect(fs.readdirSync(to.dataDir)).toEqual([]);
  });

  it('refuses a file that is not a backup, and a database in use', async () => {
    const notBackup = path.join(temp('junk'), 'junk.tar.gz');
    fs.writeFileSync(notBackup, 'junk');
    await expect(restoreBackup({ file: notBackup, ...place(), force: false })).rejects.toThrow(
      /not a \.tar\.gz archive that can be read/,
    );
    const to = place();
    const holder = await openPglite(path.join(to.dataDir, 'pglite'), 'probity serve');
    try {
      await expect(restoreBackup({ file: backup, ...to, force: true })).rejects.toThrow(
        /in use by pid \d+ \(probity serve\): stop it first/,
      );
    } finally {
      await holder.close();
    }
  });

  it('never overwrites a file, and leaves nothing behind when it cannot write', async () => {
    await expect(writeBackup(db, { file: backup, evidenceDir, version: 'test' })).rejects.toThrow(
      /already exists: name a new file/,
    );
    await expect(
      writeBackup(db, { file: '/no/such/folder/b.tar.gz', evidenceDir, version: 'test' }),
    ).rejects.toBeInstanceOf(BackupError);
  });

  it('is run from the command line: backup while the database is open, restore into an empty folder', async () => {
    const data = temp('cli-data');
    const cli = cliOn(db, { PROBITY_DATA_DIR: data, PROBITY_EVIDENCE_DIR: evidenceDir });
    const file = path.join(temp('cli-backups'), 'nightly.tar.gz');
    const made = await cli(['backup', file]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(
      /Backup written to .*nightly\.tar\.gz: [\d.]+ MB, the database and 2 evidence files\./,
    );
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'backup.write'`,
    );
    expect(rows[0]!.n).toBe(1);
    const to = temp('cli-restore');
    const restored = await probity(['restore', file], { PROBITY_DATA_DIR: to, DATABASE_URL: '' });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored the backup of .*: the database and 2 evidence files\./);
    expect(await marker(to)).toBe('after the backup');
    const again = await probity(['restore', file], { PROBITY_DATA_DIR: to, DATABASE_URL: '' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('restore with --force');
  });
});

describe.skipIf(backends.length < 2)('backup on PostgreSQL', () => {
  it('points to pg_dump', async () => {
    const { db, dispose } = await backends[1]!.create();
    try {
      await expect(
        writeBackup(db, { file: path.join(temp('pg'), 'b.tar.gz'), evidenceDir: temp('e'), version: 'test' }),
      ).rejects.toThrow(/on PostgreSQL use pg_dump/);
    } finally {
      await dispose();
    }
  });
});
