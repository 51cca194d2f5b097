import { Command, CommanderError, InvalidArgumentError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config.ts';
import { DatabaseOpenError, DataFolderInUse, MigrationError } from '../db/index.ts';
import { ImportProblem } from '../import/index.ts';
import { sendToServer } from './channel.ts';
import { HeldByServer, processRun, warn, type CliRun } from './context.ts';
import { registerAccountability } from './commands/accountability.ts';
import { registerProbation } from './commands/probation.ts';
import { registerPrevention } from './commands/prevention.ts';
import { registerStatistics } from './commands/statistics.ts';
import { registerInspections } from './commands/inspections.ts';
import { registerAudit } from './commands/audit.ts';
import { registerDetect } from './commands/detect.ts';
import { registerEvidence } from './commands/evidence.ts';
import { registerGraph } from './commands/graph.ts';
import { registerImport } from './commands/import.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerUser } from './commands/user.ts';
import { registerWorker } from './commands/worker.ts';
import { registerBackup } from './commands/backup.ts';
import { registerRetention } from './commands/retention.ts';

export function buildProgram(run: CliRun): Command {
  const program = new Command('probity')
    .description('probity: counter-corruption platform for prisons and probation services')
    .version(pkg.version)
    .showHelpAfterError()
    // Throw instead of exiting (subcommands inherit this), so that main() also runs inside the server.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => run.stdout.write(text),
      writeErr: (text) => run.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nConfiguration comes from environment variables (see README.md): DATABASE_URL for PostgreSQL,\notherwise an embedded database in PROBITY_DATA_DIR (default ./data).',
    );
  registerServe(program, run);
  registerMigrate(program, run);
  registerImport(program, run);
  registerSimulate(program, run);
  registerAudit(program, run);
  registerUser(program, run);
  registerDetect(program, run);
  registerEvidence(program, run);
  registerGraph(program, run);
  registerAccountability(program, run);
  registerProbation(program, run);
  registerPrevention(program, run);
  registerStatistics(program, run);
  registerInspections(program, run);
  registerWorker(program, run);
  registerBackup(program, run);
  registerRetention(program, run);
  return program;
}

/**
 * Runs the CLI and returns the exit status. Expected failures print one clear line, not a stack trace.
 * `run` is this process's terminal and database, or, inside the server, a command sent to it.
 */
export async function main(argv: string[], run: CliRun = processRun()): Promise<number> {
  const program = buildProgram(run);
  try {
    await program.parseAsync(argv);
    return run.exitCode;
  } catch (err) {
    // The embedded database is held by the running server: the command runs there instead.
    if (err instanceof HeldByServer) return sendToServer(err.holder, argv.slice(2), run);
    // An InvalidArgumentError here was thrown by an action (commander reports its own option errors).
    if (err instanceof InvalidArgumentError || (err instanceof Error && err.message.startsWith('--'))) {
      warn(run, `probity: ${err.message}`);
      return 1;
    }
    if (err instanceof CommanderError) return err.exitCode;
    if (
      err instanceof ConfigError ||
      err instanceof MigrationError ||
      err instanceof ImportProblem ||
      err instanceof DataFolderInUse ||
      err instanceof DatabaseOpenError
    ) {
      warn(run, `probity: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
