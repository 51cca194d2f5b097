import path from 'node:path';
import type { Command } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { appendAudit } from '../../audit/index.ts';
import { BackupError, restoreBackup, writeBackup } from '../../backup/index.ts';
import { lockFileOf, say, warn, type CliRun } from '../context.ts';

const refused = (run: CliRun, err: unknown): void => {
  if (!(err instanceof BackupError)) throw err;
  warn(run, `probity: ${err.message}`);
  run.exitCode = 1;
};

export function registerBackup(program: Command, run: CliRun): void {
  program
    .command('backup')
    .description('copy the embedded database and the evidence folder into one .tar.gz file')
    .argument('<file>', 'the backup to write (a new file)')
    .addHelpText(
      'after',
      '\nSafe while probity is running: the copy is taken between statements. The audit signing key is\nnot included: keep it apart (README, "Backup and recovery"). On PostgreSQL use pg_dump.',
    )
    .action(async (file: string) => {
      const config = run.config();
      const { db } = await run.openDb();
      try {
        const done = await writeBackup(db, {
          file: path.resolve(run.cwd, file),
          evidenceDir: config.evidenceDir,
          version: pkg.version,
        });
        await appendAudit(db, {
          actor: run.actor,
          action: 'backup.write',
          details: { file: done.file, bytes: done.bytes, evidenceFiles: done.evidenceFiles },
        });
        say(
          run,
          `Backup written to ${done.file}: ${(done.bytes / 1024 ** 2).toFixed(1)} MB, the database and ${done.evidenceFiles} evidence file${done.evidenceFiles === 1 ? '' : 's'}.`,
        );
      } catch (err) {
        refused(run, err);
      } finally {
        await db.close();
      }
    });

  program
    .command('restore')
    .description('put back the embedded database and evidence folder from a `probity backup` file')
    .argument('<file>', 'the backup')
    .option('--force', 'replace a database or evidence folder already there (moved aside, not deleted)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = run.config();
      if (config.databaseUrl) {
        warn(run, 'probity: restore puts back the embedded database; on PostgreSQL use pg_restore (README)');
        run.exitCode = 1;
        return;
      }
      try {
        const done = await restoreBackup({
          file: path.resolve(run.cwd, file),
          dataDir: config.dataDir,
          evidenceDir: config.evidenceDir,
          lockFile: lockFileOf(config),
          force: !!opts.force,
        });
        for (const aside of done.movedAside) say(run, `Moved aside: ${aside}`);
        say(
          run,
          `Restored the backup of ${done.createdAt}: the database and ${done.evidenceFiles} evidence file${done.evidenceFiles === 1 ? '' : 's'}` +
            (done.migrationsApplied ? `, brought up to date by ${done.migrationsApplied} migrations.` : '.'),
        );
      } catch (err) {
        refused(run, err);
      }
    });
}
