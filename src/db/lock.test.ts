import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder, lockHolder } from './lock.ts';
import { DatabaseOpenError, openPglite } from './pglite.ts';

const folder = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probity-lock-')), 'pglite');

/** The pid of a process that has exited, so that a lock naming it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

// PGlite only by nature: the lock guards an embedded data folder; a PostgreSQL server has no folder here.
describe('one owner for an embedded data folder', () => {
  it('refuses a second holder, naming the first, and frees the folder on release', () => {
    const dir = folder();
    const lock = lockDataFolder(dir, 'probity serve');
    let refused: unknown;
    try {
      lockDataFolder(dir, 'probity import data');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DataFolderInUse);
    expect((refused as Error).message).toMatch(
      new RegExp(`in use by probity serve \\(pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`),
    );
    expect(lockHolder(lock.file)?.command).toBe('probity serve');
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
    lockDataFolder(dir, 'probity import data').release();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = folder();
    const pid = deadPid();
    const since = new Date().toISOString();
    fs.writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid, command: 'probity serve', since, host: os.hostname() }),
    );
    expect(lockHolder(`${dir}.lock`)).toBeUndefined();
    const lock = lockDataFolder(dir, 'probity migrate');
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('lets exactly one of several processes racing for a stale lock take it', async () => {
    const dir = folder();
    fs.writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: deadPid(), command: 'x', since: new Date().toISOString(), host: os.hostname() }),
    );
    const lockModule = path.resolve(import.meta.dirname, 'lock.ts');
    // Each racer takes the lock and holds it until told to stop, so a later winner would overlap it.
    const script = `
      const { lockDataFolder } = await import(${JSON.stringify(lockModule)});
      try { lockDataFolder(${JSON.stringify(dir)}, 'racer'); console.log('won'); }
      catch (err) { console.log(err.constructor.name); }
      process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`;
    const racers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]),
    );
    const outcomes = await Promise.all(
      racers.map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = '';
            child.stdout.on('data', (d: Buffer) => {
              out += d.toString();
              if (out.includes('\n')) resolve(out.trim());
            });
          }),
      ),
    );
    for (const child of racers) child.stdin.end();
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DataFolderInUse')).toHaveLength(3);
  }, 300_000);

  it('a folder that cannot be opened gives one readable line and the way to recover', async () => {
    const dir = folder();
    const db = await openPglite(dir);
    await db.close();
    fs.writeFileSync(path.join(dir, 'global', 'pg_control'), Buffer.alloc(8192, 7));
    const err = await openPglite(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseOpenError);
    const message = (err as Error).message;
    expect(message).toContain(`The embedded database in ${dir} could not be opened`);
    expect(message).toContain('restore the folder from your latest backup');
    expect(message.length).toBeLessThan(600);
    expect(message).not.toContain('\n');
    // The failed open left no lock behind.
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});
