import type { Command } from 'commander';
import { say, type CliRun } from '../context.ts';

export function registerMigrate(program: Command, run: CliRun): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at start by every command)')
    .action(async () => {
      const { db, applied } = await run.openDb();
      await db.close();
      say(run, applied.length ? `Applied ${applied.join(', ')}` : 'The database schema is up to date.');
    });
}
