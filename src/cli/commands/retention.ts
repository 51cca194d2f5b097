import path from 'node:path';
import type { Command } from 'commander';
import { applyRetention, monthsBefore, monthStart, RetentionError } from '../../retention/index.ts';
import { say, textTable, warn, type CliRun } from '../context.ts';

export function registerRetention(program: Command, run: CliRun): void {
  program
    .command('retention')
    .description('take months older than kept out of the large record types, archiving each first')
    .requiredOption('--before <month>', 'the first month to keep (YYYY-MM): every earlier month goes')
    .option('--archive <dir>', 'write each month to DIR/TABLE_yYYYYmMM.csv.gz before dropping it')
    .option('--discard', 'drop the months without archiving them')
    .option('--dry-run', 'list the months that would go, and change nothing')
    .addHelpText(
      'after',
      '\nApplies to presence, rosters, record access, calls, visits and money, stored by month. Each month is\narchived (and the file synced) before it is dropped; each drop is in the audit trail.',
    )
    .action(async (opts: { before: string; archive?: string; discard?: boolean; dryRun?: boolean }) => {
      const { db } = await run.openDb();
      try {
        const before = monthStart(opts.before);
        const table = (rows: { table: string; month: Date; rows: number; archive?: string | undefined }[]) =>
          textTable(
            ['table', 'month', 'rows', 'archive'],
            rows.map((r) => [r.table, r.month.toISOString().slice(0, 7), r.rows, r.archive ?? '']),
          );
        if (opts.dryRun) {
          const months = await monthsBefore(db, before);
          say(run, months.length ? table(months) : `Nothing is older than ${opts.before}.`);
          return;
        }
        const done = await applyRetention(db, {
          before,
          ...(opts.archive ? { archiveDir: path.resolve(run.cwd, opts.archive) } : {}),
          discard: !!opts.discard,
          actor: run.actor,
        });
        say(
          run,
          done.length
            ? table(done.map((d) => ({ ...d.partition, archive: d.archive })))
            : `Nothing is older than ${opts.before}.`,
        );
      } catch (err) {
        if (!(err instanceof RetentionError)) throw err;
        warn(run, `probity: ${err.message}`);
        run.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
