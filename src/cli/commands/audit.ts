import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  CHECKPOINT_EVERY_MS,
  CheckpointError,
  countCheckpoints,
  createCheckpoint,
  exportCheckpoint,
  latestCheckpointFile,
  readAuditSigner,
  readCheckpointFile,
  loadAuditSigner,
  verifyCheckpoints,
  writeCheckpointFile,
  type Checkpoint,
} from '../../audit/index.ts';
import { verifyAudit } from '../../audit/index.ts';
import type { Database } from '../../db/index.ts';
import { say, warn, type CliRun } from '../context.ts';

const n = (count: number) => count.toLocaleString('en-GB');
const describe = (c: Checkpoint) => `position ${n(c.seq)}, hash ${c.hash}, signed ${c.signedAt}`;

/** Checks every signed checkpoint; prints what it found; false when one does not hold. */
async function checkCheckpoints(run: CliRun, db: Database, checkpointFile?: string): Promise<boolean> {
  const config = run.config();
  const problems: string[] = [];
  const also: { source: string; checkpoint: Checkpoint }[] = [];
  let trusted;
  const signer = readAuditSigner(config.auditKeyFile);
  if (checkpointFile) {
    // The file was kept away from the database: its key is the one every checkpoint must be signed with.
    const file = path.resolve(run.cwd, checkpointFile);
    const { checkpoint, publicKey } = readCheckpointFile(file);
    trusted = publicKey;
    also.push({ source: checkpointFile, checkpoint });
    if (signer && signer.keyId !== checkpoint.keyId)
      problems.push(
        `the signing key ${config.auditKeyFile} is not the key that signed ${checkpointFile} (it was replaced)`,
      );
  } else if (signer) {
    trusted = signer.publicKey;
  }
  if (signer) {
    const latest = latestCheckpointFile(signer);
    if (fs.existsSync(latest))
      also.push({ source: latest, checkpoint: readCheckpointFile(latest).checkpoint });
  }
  const stored = await countCheckpoints(db);
  if (!trusted) {
    if (stored > 0) {
      warn(
        run,
        `The signing key ${config.auditKeyFile} is missing: ${n(stored)} signed checkpoints cannot be checked. Restore it from a backup, or check against an exported checkpoint with --checkpoint FILE.`,
      );
      return false;
    }
    say(
      run,
      `No signed checkpoints yet: a rewritten audit trail would go unnoticed until one is signed (the server signs one at start, every ${CHECKPOINT_EVERY_MS / 60_000} minutes and at each export; or run probity audit checkpoint).`,
    );
    return true;
  }
  const report = await verifyCheckpoints(db, trusted, also);
  for (const p of problems) warn(run, `Signed checkpoints: ${p}.`);
  for (const p of report.problems)
    warn(
      run,
      `Signed checkpoint ${p.source} (position ${n(p.seq)}, signed ${p.signedAt}) does not hold: ${p.problem}.`,
    );
  if (problems.length || report.problems.length) {
    warn(
      run,
      `${n(report.problems.length)} of ${n(report.checked)} signed checkpoints do not hold: the audit trail was changed after they were signed.`,
    );
    return false;
  }
  if (report.checked === 0) say(run, 'No signed checkpoints yet.');
  else say(run, `Signed checkpoints: ${n(report.checked)} hold; the latest at ${describe(report.latest!)}.`);
  return true;
}

/** Runs `fn` with the database; a CheckpointError is explained in one line and exits 1. */
async function withDatabase(run: CliRun, fn: (db: Database) => Promise<void>): Promise<void> {
  const { db } = await run.openDb();
  try {
    await fn(db);
  } catch (err) {
    if (!(err instanceof CheckpointError)) throw err;
    warn(run, err.message);
    run.exitCode = 1;
  } finally {
    await db.close();
  }
}

export function registerAudit(program: Command, run: CliRun): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'recompute the hash chain of the whole audit trail, name the first broken entry, and check every signed checkpoint',
    )
    .option(
      '--checkpoint <file>',
      'also check against a checkpoint exported with `probity audit checkpoint --export` and kept elsewhere; its key is then the one every checkpoint must be signed with',
    )
    .addHelpText(
      'after',
      '\nSigned checkpoints are checked against the public half of the signing key (PROBITY_AUDIT_KEY_FILE, default ' +
        'DATA_DIR/audit-signing.key): each must be signed by it, and the chain must still have, at its position, the hash ' +
        'it signed. A chain rebuilt by someone with write access to the database fails here.' +
        '\n\nExit status: 0 when the chain is intact and every checkpoint holds, 1 otherwise.',
    )
    .action((opts: { checkpoint?: string }) =>
      withDatabase(run, async (db) => {
        // Chains the entries still waiting (written since the server's last run, or with no server), then
        // checks the whole chain.
        const result = await verifyAudit(db);
        say(run, `Pending entries chained first: ${n(result.chained)}.`);
        if (result.ok) {
          say(run, `Audit trail intact: ${n(result.entries)} entries.`);
          // Removing entries from the end leaves a valid chain: keep this elsewhere to detect that too.
          if (result.latestHash) say(run, `Latest hash: ${result.latestHash}`);
        } else {
          const { position, id, problem } = result.broken!;
          warn(
            run,
            `Audit trail broken at position ${position} of the chain${id === undefined ? '' : ` (entry ${id})`}: ${problem}. ${n(result.entries)} entries before it verified.`,
          );
          run.exitCode = 1;
        }
        if (!(await checkCheckpoints(run, db, opts.checkpoint))) run.exitCode = 1;
      }),
    );
  audit
    .command('checkpoint')
    .description('sign the head of the audit trail now, after checking the chain since the last checkpoint')
    .option(
      '--export <file>',
      'write the signed checkpoint, with the public key, to this file: keep it where the database’s administrators cannot change it',
    )
    .addHelpText(
      'after',
      '\nThe signing key (PROBITY_AUDIT_KEY_FILE, default DATA_DIR/audit-signing.key) is made on first use, readable by ' +
        'its owner only. A broken or rewritten trail is not signed.' +
        '\n\nExit status: 0 when signed, 1 when the trail does not verify or is empty.',
    )
    .action((opts: { export?: string }) =>
      withDatabase(run, async (db) => {
        const config = run.config();
        const signer = loadAuditSigner(config.auditKeyFile);
        const checkpoint = await createCheckpoint(db, signer, 'command');
        if (!checkpoint) {
          warn(run, 'The audit trail is empty: there is nothing to sign.');
          run.exitCode = 1;
          return;
        }
        say(run, `Signed checkpoint: ${describe(checkpoint)}.`);
        say(run, `Key: ${signer.keyId} (${config.auditKeyFile}).`);
        if (opts.export) {
          writeCheckpointFile(
            path.resolve(run.cwd, opts.export),
            exportCheckpoint(checkpoint, signer.publicKey),
          );
          say(
            run,
            `Written to ${opts.export}. Keep it elsewhere; check with: probity audit verify --checkpoint ${opts.export}`,
          );
        }
      }),
    );
}
