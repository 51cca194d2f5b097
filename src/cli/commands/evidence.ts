import os from 'node:os';
import type { Command } from 'commander';
import { verifyEvidence } from '../../cases/evidence.ts';
import { loadConfig } from '../../config.ts';
import { openMigrated } from '../context.ts';

export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description('case evidence');
  evidence
    .command('verify')
    .description('re-hash every exhibit in the evidence folder and report any that changed or went missing')
    .addHelpText(
      'after',
      '\nExit status: 0 when every file matches its recorded SHA-256, 1 otherwise. Each check is in the chain of custody.',
    )
    .action(async () => {
      const config = loadConfig();
      const { db } = await openMigrated(config);
      try {
        const { checked, problems } = await verifyEvidence(
          db,
          config.evidenceDir,
          `cli:${os.userInfo().username}`,
        );
        for (const p of problems)
          console.error(`${p.reference} exhibit ${p.id} (${p.filename}): ${p.problem}`);
        if (problems.length) {
          console.error(`${problems.length} of ${checked} exhibits do not match their records.`);
          process.exitCode = 1;
        } else {
          console.log(`All ${checked} exhibits match their recorded SHA-256.`);
        }
      } finally {
        await db.close();
      }
    });
}
