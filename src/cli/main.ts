import { Command, CommanderError, InvalidArgumentError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config.ts';
import { MigrationError } from '../db/index.ts';
import { ImportProblem } from '../import/index.ts';
import { registerAudit } from './commands/audit.ts';
import { registerDetect } from './commands/detect.ts';
import { registerEvidence } from './commands/evidence.ts';
import { registerImport } from './commands/import.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerUser } from './commands/user.ts';

export function buildProgram(): Command {
  const program = new Command('probity')
    .description('probity: counter-corruption platform for prisons and probation services')
    .version(pkg.version)
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nConfiguration comes from environment variables (see README.md): DATABASE_URL for PostgreSQL,\notherwise an embedded database in PROBITY_DATA_DIR (default ./data).',
    );
  registerServe(program);
  registerMigrate(program);
  registerImport(program);
  registerSimulate(program);
  registerAudit(program);
  registerUser(program);
  registerDetect(program);
  registerEvidence(program);
  return program;
}

/** Runs the CLI and returns the exit status. Expected failures print one clear line, not a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    // An InvalidArgumentError here was thrown by an action (commander reports its own option errors).
    if (err instanceof InvalidArgumentError || (err instanceof Error && err.message.startsWith('--'))) {
      console.error(`probity: ${err.message}`);
      return 1;
    }
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError || err instanceof MigrationError || err instanceof ImportProblem) {
      console.error(`probity: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
