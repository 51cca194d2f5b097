import type { Command } from 'commander';
import { verifyAudit } from '../../audit/index.ts';
import { say, warn, type CliRun } from '../context.ts';

export function registerAudit(program: Command, run: CliRun): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain of the whole audit trail and name the first broken entry')
    .addHelpText(
      'after',
      '\nExit status: 0 when the chain is intact, 1 when an entry was changed, deleted or reordered.',
    )
    .action(async () => {
      const { db } = await run.openDb();
      try {
        const result = await verifyAudit(db);
        const { rows } = await db.query<{ hash: string }>(
          'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1',
        );
        if (result.ok) {
          say(run, `Audit trail intact: ${result.entries.toLocaleString('en-GB')} entries.`);
          // Removing entries from the end leaves a valid chain: keep this elsewhere to detect that too.
          if (rows[0]) say(run, `Latest hash: ${rows[0].hash}`);
        } else {
          warn(
            run,
            `Audit trail broken at entry ${result.broken!.id}: ${result.broken!.problem}. ${result.entries.toLocaleString('en-GB')} entries before it verified.`,
          );
          run.exitCode = 1;
        }
      } finally {
        await db.close();
      }
    });
}
