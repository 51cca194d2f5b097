import type { Command } from 'commander';
import { openMigrated } from '../context.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at start by every command)')
    .action(async () => {
      const { db, applied } = await openMigrated();
      await db.close();
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database schema is up to date.');
    });
}
