import type { Command } from 'commander';
import { verifyEvidence } from '../../cases/index.ts';
import { say, warn, type CliRun } from '../context.ts';

export function registerEvidence(program: Command, run: CliRun): void {
  const evidence = program.command('evidence').description('case evidence');
  evidence
    .command('verify')
    .description('re-hash every exhibit in the evidence folder and report any that changed or went missing')
    .addHelpText(
      'after',
      '\nEach file is checked against the SHA-256 recorded at its upload in the exhibit record, the chain of custody and ' +
        'the audit trail; records that disagree are reported too. `probity audit verify` proves the audit trail intact.' +
        '\n\nExit status: 0 when every file matches its recorded SHA-256, 1 otherwise. Each check is in the chain of custody.',
    )
    .action(async () => {
      const config = run.config();
      const { db } = await run.openDb(config);
      try {
        const { checked, problems } = await verifyEvidence(db, config.evidenceDir, run.actor);
        for (const p of problems) warn(run, `${p.reference} exhibit ${p.id} (${p.filename}): ${p.problem}`);
        if (problems.length) {
          warn(run, `${problems.length} of ${checked} exhibits do not match their records.`);
          run.exitCode = 1;
        } else {
          say(run, `All ${checked} exhibits match their recorded SHA-256.`);
        }
      } finally {
        await db.close();
      }
    });
}
